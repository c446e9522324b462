// An ECS AppSpec (YAML or JSON, version 0.0) from CreateDeployment's AppSpecContent, checked against the ECS
// service and task definition it deploys to. A problem is the deployment's errorInformation, in CodeDeploy's codes.
import { parse } from 'yaml'
import { isObject } from '../ecs/input.js'
import { findTaskDefinition } from '../ecs/lookup.js'
import type { EcsState, ServiceRecord } from '../ecs/state.js'
import { hookEvents, type AppSpec } from './state.js'

export type AppSpecResult = { appSpec: AppSpec } | { error: { code: string; message: string } }

const invalid = (message: string): AppSpecResult => ({ error: { code: 'INVALID_REVISION', message } })

/** The AppSpec's target service, or what is wrong with it. */
export function readAppSpec(state: EcsState, content: string, service: ServiceRecord): AppSpecResult {
  let doc: unknown
  try {
    doc = parse(content)
  } catch (err) {
    return invalid(
      `The AppSpec file is not valid YAML or JSON: ${err instanceof Error ? err.message : String(err)}`
    )
  }
  if (!isObject(doc))
    return invalid('The AppSpec file must be a YAML or JSON object with version and Resources.')
  if (String(doc.version) !== '0' && String(doc.version) !== '0.0')
    return invalid(`The AppSpec file's version must be 0.0, got ${JSON.stringify(doc.version)}.`)
  const resources = Array.isArray(doc.Resources) ? doc.Resources : []
  const first = resources[0]
  const target = isObject(first) ? Object.values(first)[0] : undefined
  if (resources.length !== 1 || !isObject(target))
    return invalid('The AppSpec file needs exactly one entry in Resources, the TargetService.')
  if (target.Type !== 'AWS::ECS::Service')
    return invalid(
      `Resources[0].TargetService.Type must be AWS::ECS::Service, got ${JSON.stringify(target.Type)}.`
    )
  const props = isObject(target.Properties) ? target.Properties : {}
  const lb = isObject(props.LoadBalancerInfo) ? props.LoadBalancerInfo : {}
  if (typeof props.TaskDefinition !== 'string')
    return invalid('Resources[0].TargetService.Properties.TaskDefinition must be a task definition ARN.')
  if (typeof lb.ContainerName !== 'string' || typeof lb.ContainerPort !== 'number')
    return invalid(
      'Resources[0].TargetService.Properties.LoadBalancerInfo needs ContainerName and ContainerPort.'
    )
  const hooks: Record<string, string> = {}
  for (const entry of Array.isArray(doc.Hooks) ? doc.Hooks : []) {
    for (const [event, fn] of Object.entries(isObject(entry) ? entry : {})) {
      if (!hookEvents.includes(event))
        return invalid(`Hooks has ${event}; an ECS AppSpec's hooks are ${hookEvents.join(', ')}.`)
      hooks[event] = String(fn)
    }
  }
  const td = findTaskDefinition(state, props.TaskDefinition)
  if (!td || td.status !== 'ACTIVE')
    return {
      error: {
        code: 'ECS_UPDATE_ERROR',
        message: `The ECS service cannot be updated: task definition ${props.TaskDefinition} does not exist or is not ACTIVE.`
      }
    }
  const containers = Array.isArray(td.body.containerDefinitions)
    ? td.body.containerDefinitions.filter(isObject)
    : []
  const container = containers.find(c => c.name === lb.ContainerName)
  const ports = Array.isArray(container?.portMappings) ? container.portMappings.filter(isObject) : []
  if (!container || !ports.some(p => p.containerPort === lb.ContainerPort))
    return {
      error: {
        code: 'ECS_UPDATE_ERROR',
        message: `The ECS service cannot be updated: container ${lb.ContainerName} with port ${lb.ContainerPort} is not in task definition ${td.arn}.`
      }
    }
  const served = service.loadBalancers.some(
    l => l.containerName === lb.ContainerName && l.containerPort === lb.ContainerPort
  )
  if (!served)
    return {
      error: {
        code: 'ECS_UPDATE_ERROR',
        message: `The ECS service's load balancer routes to another container or port than ${lb.ContainerName}:${lb.ContainerPort}.`
      }
    }
  return {
    appSpec: {
      taskDefinition: td.arn,
      containerName: lb.ContainerName,
      containerPort: lb.ContainerPort,
      hooks
    }
  }
}
