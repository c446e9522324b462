// The AppSpec of a CodeDeploy ECS deployment: read from codedeploy-appspec (YAML or JSON) or generated from the
// service, checked against the rendered task definition, and given the task definition this run registers. Pure
// but for reading the file.
import type { Service } from '@aws-sdk/client-ecs'
import * as fs from 'node:fs'
import { Inputs, SettingsError } from '../settings/index.js'
import { loadYaml, yamlParser } from '../yaml.js'

/** The AppSpec hooks of an ECS deployment, in CodeDeploy's order. */
export const APPSPEC_HOOKS = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic'
] as const

export interface AppSpecFile {
  path: string
  text: string
  format: 'json' | 'yaml'
  /** The parsed document (plain data). */
  doc: unknown
}

/** The container the load balancer routes to, as the AppSpec names it. */
export interface AppSpecTarget {
  containerName: string
  containerPort: number
  /** The key of the one Resources entry (TargetService by convention). */
  resourceKey: string
  hooks: string[]
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Reads and parses codedeploy-appspec; a missing or unparsable file fails naming the input. JSON is parsed as JSON;
 * anything else loads the YAML parser (a chunk of its own).
 */
export async function loadAppSpec(path: string): Promise<AppSpecFile> {
  let text: string
  try {
    text = fs.readFileSync(path, 'utf8')
  } catch (e) {
    throw new SettingsError([
      `${Inputs.codedeployAppspec} ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the path of an AppSpec file in the workspace.`
    ])
  }
  const format = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{')
    ? 'json'
    : 'yaml'
  let doc: unknown
  if (format === 'json') {
    try {
      doc = JSON.parse(text.replace(/^\uFEFF/, ''))
    } catch (e) {
      throw new SettingsError([
        `${Inputs.codedeployAppspec} ${path} is not valid JSON: ${(e as Error).message}`
      ])
    }
  } else {
    await loadYaml()
    const parsed = yamlParser().parseDocument(text, { prettyErrors: false })
    if (parsed.errors.length > 0)
      throw new SettingsError([
        `${Inputs.codedeployAppspec} ${path} is not valid YAML: ${parsed.errors[0]!.message}`
      ])
    doc = parsed.toJS()
  }
  const file: AppSpecFile = { path, text, format, doc }
  const problems = appSpecProblems(file.doc)
  if ('problems' in problems)
    throw new SettingsError(problems.problems.map(p => `${Inputs.codedeployAppspec} ${path}: ${p}`))
  return file
}

/** What an ECS AppSpec must hold: version 0.0, one TargetService of Type AWS::ECS::Service with its container. */
export function appSpecProblems(doc: unknown): AppSpecTarget | { problems: string[] } {
  const problems: string[] = []
  if (!isObject(doc)) return { problems: ['an AppSpec is an object with version, Resources and Hooks.'] }
  if (String(doc.version) !== '0' && String(doc.version) !== '0.0')
    problems.push(`version must be 0.0, not ${JSON.stringify(doc.version)}.`)
  const resources = Array.isArray(doc.Resources) ? doc.Resources : undefined
  const entry = resources?.length === 1 && isObject(resources[0]) ? resources[0] : undefined
  const keys = entry ? Object.keys(entry) : []
  const resourceKey = keys[0] ?? 'TargetService'
  const target = keys.length === 1 ? entry?.[resourceKey] : undefined
  if (!isObject(target)) {
    problems.push('Resources must hold exactly one entry, the TargetService of Type AWS::ECS::Service.')
    return { problems }
  }
  if (target.Type !== 'AWS::ECS::Service')
    problems.push(
      `Resources[0].${resourceKey}.Type must be AWS::ECS::Service, not ${JSON.stringify(target.Type)}.`
    )
  const props = isObject(target.Properties) ? target.Properties : {}
  const lb = isObject(props.LoadBalancerInfo) ? props.LoadBalancerInfo : {}
  const containerName = lb.ContainerName
  const containerPort = typeof lb.ContainerPort === 'string' ? Number(lb.ContainerPort) : lb.ContainerPort
  if (typeof containerName !== 'string' || containerName === '')
    problems.push(`Resources[0].${resourceKey}.Properties.LoadBalancerInfo.ContainerName is missing.`)
  if (typeof containerPort !== 'number' || !Number.isInteger(containerPort))
    problems.push(
      `Resources[0].${resourceKey}.Properties.LoadBalancerInfo.ContainerPort is missing or not a number.`
    )
  const hooks: string[] = []
  const hookList = doc.Hooks === undefined || doc.Hooks === null ? [] : doc.Hooks
  if (!Array.isArray(hookList)) problems.push('Hooks must be a list of {Event: Lambda function} entries.')
  else
    for (const hook of hookList)
      for (const [event, fn] of Object.entries(isObject(hook) ? hook : {})) {
        if (!(APPSPEC_HOOKS as readonly string[]).includes(event))
          problems.push(`Hooks has ${event}; an ECS AppSpec's hooks are ${APPSPEC_HOOKS.join(', ')}.`)
        else if (typeof fn !== 'string' || fn === '')
          problems.push(`Hooks: ${event} must name a Lambda function.`)
        else hooks.push(event)
      }
  if (problems.length > 0) return { problems }
  return {
    containerName: containerName as string,
    containerPort: containerPort as number,
    resourceKey,
    hooks
  }
}

interface ContainerShape {
  name?: unknown
  portMappings?: { containerPort?: unknown }[]
}

/** The load balancer's container and port must be in the task definition the deployment registers. */
export function containerPortProblem(
  taskDefinition: { containerDefinitions?: unknown },
  containerName: string,
  containerPort: number,
  where: string
): string | undefined {
  const containers = Array.isArray(taskDefinition.containerDefinitions)
    ? (taskDefinition.containerDefinitions as ContainerShape[])
    : []
  const container = containers.find(c => c.name === containerName)
  if (!container)
    return `${where} names container ${containerName}, which the task definition does not have (it has ${containers.map(c => String(c.name)).join(', ') || 'none'}).`
  const ports = (container.portMappings ?? []).map(p => p.containerPort)
  if (!ports.includes(containerPort))
    return `${where} names port ${containerPort} of container ${containerName}, which maps ${ports.length > 0 ? `only ${ports.join(', ')}` : 'no port'} in the task definition.`
  return undefined
}

/** The AppSpec file with its TaskDefinition set to `arn`, in the file's own format (YAML keeps its comments). */
export function renderAppSpecFile(file: AppSpecFile, target: AppSpecTarget, arn: string): string {
  const where = ['Resources', 0, target.resourceKey, 'Properties', 'TaskDefinition']
  if (file.format === 'json') {
    const doc = JSON.parse(JSON.stringify(file.doc)) as { Resources: Json[] }
    const resource = doc.Resources[0]![target.resourceKey] as { Properties: Json }
    resource.Properties.TaskDefinition = arn
    return JSON.stringify(doc, null, 2)
  }
  // loadAppSpec loaded the parser for this YAML file.
  const yaml = yamlParser()
  const doc = yaml.parseDocument(file.text)
  const resources = doc.get('Resources')
  if (!yaml.isSeq(resources) || !yaml.isMap(resources.get(0)))
    throw new Error('AppSpec Resources changed while rendering')
  doc.setIn(where, arn)
  return doc.toString()
}

/** An AppSpec made from the service: its load balancer's container and port, and its launch settings. */
export function generateAppSpec(
  service: Service,
  arn: string
): { content: string; containerName: string; containerPort: number } | { problem: string } {
  const lb = (service.loadBalancers ?? []).find(l => l.containerName && l.containerPort !== undefined)
  if (!lb?.containerName || lb.containerPort === undefined)
    return {
      problem: `the service ${service.serviceName ?? ''} has no load balancer with a container name and port to route to; give ${Inputs.codedeployAppspec}.`
    }
  const properties: Json = {
    TaskDefinition: arn,
    LoadBalancerInfo: { ContainerName: lb.containerName, ContainerPort: lb.containerPort }
  }
  if (service.platformVersion) properties.PlatformVersion = service.platformVersion
  const vpc = service.networkConfiguration?.awsvpcConfiguration
  if (vpc)
    properties.NetworkConfiguration = {
      AwsvpcConfiguration: {
        Subnets: vpc.subnets ?? [],
        ...(vpc.securityGroups?.length ? { SecurityGroups: vpc.securityGroups } : {}),
        ...(vpc.assignPublicIp ? { AssignPublicIp: vpc.assignPublicIp } : {})
      }
    }
  const strategy = service.capacityProviderStrategy ?? []
  if (strategy.length > 0)
    properties.CapacityProviderStrategy = strategy.map(s => ({
      CapacityProvider: s.capacityProvider,
      ...(s.base !== undefined ? { Base: s.base } : {}),
      ...(s.weight !== undefined ? { Weight: s.weight } : {})
    }))
  const doc = {
    version: '0.0',
    Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: properties } }]
  }
  return {
    content: JSON.stringify(doc, null, 2),
    containerName: lb.containerName,
    containerPort: lb.containerPort
  }
}
