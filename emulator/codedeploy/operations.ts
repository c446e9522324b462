// CodeDeploy's operations for ECS blue/green deployments, over its JSON 1.1 protocol (CodeDeploy_20141006.*).
import { randomUUID } from 'node:crypto'
import { AwsError } from '../errors.js'
import { isObject, optBool, optObject, optString, reqString, type Json } from '../ecs/input.js'
import type { EcsState } from '../ecs/state.js'
import { seconds } from '../ecs/views.js'
import { readAppSpec } from './appspec.js'
import {
  continueFromReady,
  fail,
  finalStatuses,
  newCodeDeployId,
  serviceOfGroup,
  startDeployment,
  stop,
  terminateBlue
} from './deployment.js'
import { deploymentConfigs, type CodeDeployDeployment, type DeploymentGroupRecord } from './state.js'
import { deploymentInfoJson, deploymentTargetJson, groupJson } from './views.js'

const err = (type: string, message: string): AwsError => new AwsError(type, message)

function application(state: EcsState, name: string | undefined) {
  if (name === undefined || name === '')
    throw err(
      'ApplicationNameRequiredException',
      'The minimum number of required application names was not specified.'
    )
  const app = state.codeDeploy.applications.get(name)
  if (!app) throw err('ApplicationDoesNotExistException', `No application found for name: ${name}`)
  return app
}

function group(
  state: EcsState,
  appName: string | undefined,
  name: string | undefined
): DeploymentGroupRecord {
  const app = application(state, appName)
  if (name === undefined || name === '')
    throw err('DeploymentGroupNameRequiredException', 'The deployment group name was not specified.')
  const found = state.codeDeploy.groups.get(`${app.name}/${name}`)
  if (!found) throw err('DeploymentGroupDoesNotExistException', `No Deployment Group found for name: ${name}`)
  return found
}

function deployment(state: EcsState, input: Json): CodeDeployDeployment {
  const id = optString(input, 'deploymentId')
  if (id === undefined || id === '')
    throw err('DeploymentIdRequiredException', 'At least one deployment ID must be specified.')
  if (!/^d-[A-Z0-9]{9}$/.test(id))
    throw err('InvalidDeploymentIdException', `The deployment ID ${id} is not valid.`)
  const found = state.codeDeploy.deployments.get(id)
  if (!found) throw err('DeploymentDoesNotExistException', `The deployment ${id} could not be found.`)
  return found
}

const groupOf = (state: EcsState, dep: CodeDeployDeployment) =>
  group(state, dep.applicationName, dep.groupName)

export function handleCodeDeploy(state: EcsState, operation: string, input: Json): Json {
  switch (operation) {
    case 'CreateApplication': {
      const name = reqString(input, 'applicationName', 'CreateApplication')
      if (state.codeDeploy.applications.has(name))
        throw err('ApplicationAlreadyExistsException', `The application ${name} already exists.`)
      const id = randomUUID()
      state.codeDeploy.applications.set(name, {
        name,
        id,
        createTime: state.time,
        computePlatform: optString(input, 'computePlatform') ?? 'Server',
        revisions: new Map()
      })
      return { applicationId: id }
    }
    case 'GetApplication': {
      const app = application(state, optString(input, 'applicationName'))
      return {
        application: {
          applicationId: app.id,
          applicationName: app.name,
          createTime: seconds(app.createTime),
          linkedToGitHub: false,
          computePlatform: app.computePlatform
        }
      }
    }
    case 'CreateDeploymentGroup':
      return createDeploymentGroup(state, input)
    case 'GetDeploymentGroup':
      return {
        deploymentGroupInfo: groupJson(
          group(state, optString(input, 'applicationName'), optString(input, 'deploymentGroupName'))
        )
      }
    case 'GetDeploymentConfig': {
      const name = reqString(input, 'deploymentConfigName', 'GetDeploymentConfig')
      const config = deploymentConfigs[name]
      if (!config)
        throw err(
          'DeploymentConfigDoesNotExistException',
          `The deployment configuration ${name} does not exist.`
        )
      const routing: Json = { type: config.type }
      if (config.type === 'TimeBasedLinear')
        routing.timeBasedLinear = { linearPercentage: config.percent, linearInterval: config.minutes }
      if (config.type === 'TimeBasedCanary')
        routing.timeBasedCanary = { canaryPercentage: config.percent, canaryInterval: config.minutes }
      return {
        deploymentConfigInfo: {
          deploymentConfigId: name,
          deploymentConfigName: name,
          computePlatform: 'ECS',
          trafficRoutingConfig: routing
        }
      }
    }
    case 'RegisterApplicationRevision': {
      const app = application(state, optString(input, 'applicationName'))
      const revision = revisionOf(input)
      app.revisions.set(revisionKey(revision), { revision, registerTime: state.time })
      return {}
    }
    case 'GetApplicationRevision': {
      const app = application(state, optString(input, 'applicationName'))
      const revision = revisionOf(input)
      const found = app.revisions.get(revisionKey(revision))
      if (!found)
        throw err(
          'RevisionDoesNotExistException',
          'The named revision does not exist with the IAM user or AWS account.'
        )
      return {
        applicationName: app.name,
        revision: found.revision,
        revisionInfo: {
          registerTime: seconds(found.registerTime),
          firstUsedTime: seconds(found.firstUsedTime),
          lastUsedTime: seconds(found.lastUsedTime)
        }
      }
    }
    case 'CreateDeployment':
      return createDeployment(state, input)
    case 'GetDeployment':
      return {
        deploymentInfo: deploymentInfoJson(
          state,
          deployment(state, input),
          groupOf(state, deployment(state, input))
        )
      }
    case 'ListDeploymentTargets': {
      const dep = deployment(state, input)
      const g = groupOf(state, dep)
      return { targetIds: [`${g.clusterName}:${g.serviceName}`] }
    }
    case 'GetDeploymentTarget': {
      const dep = deployment(state, input)
      const g = groupOf(state, dep)
      const targetId = optString(input, 'targetId')
      if (targetId === undefined || targetId === '')
        throw err('DeploymentTargetIdRequiredException', 'A deployment target ID was not provided.')
      if (targetId !== `${g.clusterName}:${g.serviceName}`)
        throw err(
          'DeploymentTargetDoesNotExistException',
          `The provided target ID ${targetId} does not belong to the deployment ${dep.id}.`
        )
      return { deploymentTarget: deploymentTargetJson(state, dep, g) }
    }
    case 'StopDeployment': {
      const dep = deployment(state, input)
      const g = groupOf(state, dep)
      if (finalStatuses.includes(dep.status))
        throw err('DeploymentAlreadyCompletedException', `The deployment ${dep.id} has already completed.`)
      const asked = optBool(input, 'autoRollbackEnabled')
      const rollBack =
        asked ?? (g.autoRollback.enabled && g.autoRollback.events.includes('DEPLOYMENT_STOP_ON_REQUEST'))
      stop(state, dep, g, rollBack)
      return {
        status: 'Succeeded',
        statusMessage: rollBack ? 'Stopped and rolled back to the original task set.' : 'Stopped.'
      }
    }
    case 'ContinueDeployment': {
      const dep = deployment(state, input)
      const g = groupOf(state, dep)
      const waitType = optString(input, 'deploymentWaitType') ?? 'READY_WAIT'
      if (waitType === 'READY_WAIT') {
        if (dep.status !== 'Ready')
          throw err(
            'DeploymentIsNotInReadyStateException',
            `The deployment ${dep.id} is not in the Ready state (it is ${dep.status}).`
          )
        continueFromReady(state, dep, g)
      } else if (waitType === 'TERMINATION_WAIT') {
        const service = serviceOfGroup(state, g)
        if (dep.status !== 'Baking' || !service)
          throw err(
            'DeploymentIsNotInReadyStateException',
            `The deployment ${dep.id} is not waiting to terminate the original task set (it is ${dep.status}).`
          )
        terminateBlue(state, dep, service)
      } else {
        throw err(
          'InvalidDeploymentWaitTypeException',
          `deploymentWaitType must be READY_WAIT or TERMINATION_WAIT, got ${waitType}.`
        )
      }
      return {}
    }
    default:
      throw new AwsError(
        'UnknownOperationException',
        `The stand-in's CodeDeploy does not implement ${operation}.`
      )
  }
}

function revisionOf(input: Json): Json {
  const revision = optObject(input, 'revision')
  if (!revision) throw err('RevisionRequiredException', 'The revision ID was not specified.')
  if (revision.revisionType !== 'AppSpecContent')
    throw err(
      'InvalidRevisionException',
      `The stand-in's CodeDeploy takes revisionType AppSpecContent for ECS, got ${JSON.stringify(revision.revisionType)}.`
    )
  const content = isObject(revision.appSpecContent) ? revision.appSpecContent.content : undefined
  if (typeof content !== 'string' || content === '')
    throw err('InvalidRevisionException', 'The revision appSpecContent.content is missing or empty.')
  return revision
}

const revisionKey = (revision: Json): string => {
  const spec = isObject(revision.appSpecContent) ? revision.appSpecContent : {}
  return typeof spec.sha256 === 'string' ? spec.sha256 : String(spec.content)
}

function createDeploymentGroup(state: EcsState, input: Json): Json {
  const app = application(state, optString(input, 'applicationName'))
  const name = reqString(input, 'deploymentGroupName', 'CreateDeploymentGroup')
  if (state.codeDeploy.groups.has(`${app.name}/${name}`))
    throw err(
      'DeploymentGroupAlreadyExistsException',
      `A deployment group named ${name} already exists for application ${app.name}.`
    )
  const role = optString(input, 'serviceRoleArn')
  if (role === undefined) throw err('RoleRequiredException', 'The role ID was not specified.')
  const ecsServices = Array.isArray(input.ecsServices) ? input.ecsServices.filter(isObject) : []
  const target = ecsServices[0]
  if (
    ecsServices.length !== 1 ||
    typeof target?.serviceName !== 'string' ||
    typeof target.clusterName !== 'string'
  )
    throw err(
      'InvalidECSServiceException',
      'An ECS deployment group needs exactly one ecsServices entry with serviceName and clusterName.'
    )
  const service = state.services.get(`${target.clusterName}/${target.serviceName}`)
  if (!service || service.status !== 'ACTIVE' || service.deploymentController !== 'CODE_DEPLOY')
    throw err(
      'InvalidECSServiceException',
      `The ECS service ${target.serviceName} in cluster ${target.clusterName} does not exist or does not use the CODE_DEPLOY deployment controller.`
    )
  const blueGreen = optObject(input, 'blueGreenDeploymentConfiguration') ?? {}
  const ready = isObject(blueGreen.deploymentReadyOption) ? blueGreen.deploymentReadyOption : {}
  const terminate = isObject(blueGreen.terminateBlueInstancesOnDeploymentSuccess)
    ? blueGreen.terminateBlueInstancesOnDeploymentSuccess
    : {}
  const rollback = optObject(input, 'autoRollbackConfiguration') ?? {}
  const id = randomUUID()
  state.codeDeploy.groups.set(`${app.name}/${name}`, {
    applicationName: app.name,
    name,
    id,
    serviceRoleArn: role,
    clusterName: target.clusterName,
    serviceName: target.serviceName,
    deploymentConfigName: optString(input, 'deploymentConfigName') ?? 'CodeDeployDefault.ECSAllAtOnce',
    autoRollback: {
      enabled: rollback.enabled === true,
      events: Array.isArray(rollback.events) ? rollback.events.map(String) : []
    },
    ready: {
      actionOnTimeout:
        typeof ready.actionOnTimeout === 'string' ? ready.actionOnTimeout : 'CONTINUE_DEPLOYMENT',
      waitTimeInMinutes: typeof ready.waitTimeInMinutes === 'number' ? ready.waitTimeInMinutes : 0
    },
    alarms: alarmNames(optObject(input, 'alarmConfiguration')),
    terminationWaitMinutes:
      typeof terminate.terminationWaitTimeInMinutes === 'number' ? terminate.terminationWaitTimeInMinutes : 0,
    raw: input
  })
  return { deploymentGroupId: id }
}

function alarmNames(config: Json | undefined): string[] {
  if (!config || config.enabled !== true || !Array.isArray(config.alarms)) return []
  return config.alarms.filter(isObject).map(a => String(a.name))
}

function createDeployment(state: EcsState, input: Json): Json {
  const g = group(state, optString(input, 'applicationName'), optString(input, 'deploymentGroupName'))
  const revision = revisionOf(input)
  const configName = optString(input, 'deploymentConfigName') ?? g.deploymentConfigName
  if (!deploymentConfigs[configName])
    throw err(
      'DeploymentConfigDoesNotExistException',
      `The deployment configuration ${configName} does not exist.`
    )
  const active = [...state.codeDeploy.deployments.values()].find(
    d =>
      d.groupName === g.name && d.applicationName === g.applicationName && !finalStatuses.includes(d.status)
  )
  if (active)
    throw err(
      'DeploymentLimitExceededException',
      `The Deployment Group '${g.name}' already has an active Deployment '${active.id}'`
    )
  const service = serviceOfGroup(state, g)
  const id = newCodeDeployId()
  const dep: CodeDeployDeployment = {
    id,
    applicationName: g.applicationName,
    groupName: g.name,
    configName,
    creator: 'user',
    revision,
    status: 'Created',
    createTime: state.time,
    events: [],
    epoch: 0
  }
  const description = optString(input, 'description')
  if (description !== undefined) dep.description = description
  state.codeDeploy.deployments.set(id, dep)
  const app = application(state, g.applicationName)
  const registered = app.revisions.get(revisionKey(revision))
  if (registered) {
    registered.firstUsedTime ??= state.time
    registered.lastUsedTime = state.time
  }
  const content = String((revision.appSpecContent as Json).content)
  const read = service ? readAppSpec(state, content, service) : undefined
  if (!read || 'error' in read) {
    const error = read?.error ?? {
      code: 'INVALID_ECS_SERVICE',
      message: 'The ECS service of the deployment group does not exist.'
    }
    dep.status = 'InProgress'
    dep.startTime = state.time
    fail(state, dep, g, error.code, error.message)
    return { deploymentId: id }
  }
  dep.appSpec = read.appSpec
  startDeployment(state, dep, g)

  return { deploymentId: id }
}
