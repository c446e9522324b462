// RunTask: the request checked as ECS checks it (overrides, network configuration, launch type or capacity
// provider strategy, startedBy, tags), placement failures in failures[], and the task's scripted life.
import { AwsError } from '../../errors.js'
import { arns } from '../arns.js'
import {
  isObject,
  optArray,
  optBool,
  optNumber,
  optObject,
  optString,
  reqString,
  type Json
} from '../input.js'
import { requireCluster, requireTaskDefinition } from '../lookup.js'
import type { RunTaskScript } from '../run-task-scenario.js'
import { scheduleScriptedLife } from '../run-task-lifecycle.js'
import type { EcsState, TaskDefinitionRecord } from '../state.js'
import { launchTasks } from '../task-lifecycle.js'
import { isValidFargateSize, parseTaskSize } from '../taskdef.js'
import { taskJson } from '../views.js'
import { checkTaskDefinitionForService } from './task-definitions.js'

const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message)

export function runTask(state: EcsState, input: Json): Json {
  const cluster = requireCluster(state, optString(input, 'cluster'))
  const ref = reqString(input, 'taskDefinition', 'RunTask')
  const count = optNumber(input, 'count') ?? 1
  if (!Number.isInteger(count) || count < 1 || count > 10) {
    throw invalid(`count must be a whole number from 1 to 10, got ${count}.`)
  }
  const launchType = launchTypeOf(input)
  const networkConfiguration = optObject(input, 'networkConfiguration')
  // RunTask names a missing task definition the way DescribeTaskDefinition does.
  requireTaskDefinition(state, ref)
  const td = checkTaskDefinitionForService(state, ref, launchType, networkConfiguration)
  checkNetwork(td, launchType, networkConfiguration)
  const overrides = optObject(input, 'overrides') ?? {}
  checkOverrides(td, overrides, launchType)
  const startedBy = optString(input, 'startedBy')
  if (startedBy !== undefined && !/^[A-Za-z0-9_-]{1,128}$/.test(startedBy)) {
    throw invalid(
      'startedBy can be up to 128 letters (uppercase and lowercase), numbers, hyphens, and underscores.'
    )
  }
  const tags = tagsFor(cluster.name, td, input)
  if (state.scenario.placementFailure) {
    throw invalid('No Container Instances were found in your cluster.')
  }
  const failures = state.runTaskScenario.runTaskFailures
  if (failures.length > 0) {
    return {
      tasks: [],
      failures: failures.map((f, i) => ({
        ...(launchType === 'EC2' ? { arn: arns.containerInstance(state.account, cluster.name, i) } : {}),
        reason: f.reason,
        ...(f.detail !== undefined ? { detail: f.detail } : {})
      }))
    }
  }
  const script = scriptFor(state, td, overrides)
  const tasks = launchTasks(state, td, count, {
    cluster,
    group: optString(input, 'group') ?? `family:${td.family}`,
    launchType,
    tags,
    overrides,
    ...(startedBy !== undefined ? { startedBy } : {}),
    ...(script ? { lifecycle: 'caller' as const } : {})
  })
  if (script) scheduleScriptedLife(state, tasks, script.script, script.container)
  return { tasks: tasks.map(t => taskJson(state, t, true)), failures: [] }
}

/** launchType, or the launch type a capacity provider strategy means; never both. */
function launchTypeOf(input: Json): string {
  const launchType = optString(input, 'launchType')
  const strategy = optArray(input, 'capacityProviderStrategy')
  if (launchType !== undefined && strategy !== undefined) {
    throw invalid(
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.'
    )
  }
  if (launchType !== undefined && !['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'].includes(launchType)) {
    throw invalid(`launchType must be EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES, got "${launchType}".`)
  }
  if (strategy === undefined) return launchType ?? 'EC2'
  if (strategy.length === 0 || strategy.length > 20) {
    throw invalid('capacityProviderStrategy must list 1 to 20 capacity providers.')
  }
  const providers = strategy.map(item => (isObject(item) ? item.capacityProvider : undefined))
  for (const provider of providers) {
    if (provider !== 'FARGATE' && provider !== 'FARGATE_SPOT') {
      throw invalid(
        'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.'
      )
    }
  }
  return 'FARGATE'
}

function checkNetwork(
  td: TaskDefinitionRecord,
  launchType: string,
  networkConfiguration: Json | undefined
): void {
  if (!networkConfiguration) return
  if (td.body.networkMode !== 'awsvpc') {
    throw invalid('Network Configuration is not valid for the given networkMode of this task definition.')
  }
  const vpc = optObject(networkConfiguration, 'awsvpcConfiguration') ?? {}
  const subnets = optArray(vpc, 'subnets') ?? []
  if (subnets.length === 0) throw invalid('subnets can not be empty.')
  if (subnets.length > 16) throw invalid('subnets can have at most 16 items.')
  const securityGroups = optArray(vpc, 'securityGroups') ?? []
  if (securityGroups.length > 5) throw invalid('securityGroups can have at most 5 items.')
  // Subnet and security group ids are not checked: the stand-in has no EC2 to ask.
  const assignPublicIp = optString(vpc, 'assignPublicIp')
  if (assignPublicIp !== undefined && assignPublicIp !== 'ENABLED' && assignPublicIp !== 'DISABLED') {
    throw invalid(`assignPublicIp must be ENABLED or DISABLED, got "${assignPublicIp}".`)
  }
  if (assignPublicIp === 'ENABLED' && launchType !== 'FARGATE') {
    throw invalid('Assign public IP is not supported for this launch type.')
  }
}

function checkOverrides(td: TaskDefinitionRecord, overrides: Json, launchType: string): void {
  const names = containerNames(td)
  for (const item of optArray(overrides, 'containerOverrides') ?? []) {
    if (!isObject(item)) continue
    const name = optString(item, 'name')
    if (name === undefined || !names.includes(name)) {
      throw invalid(`Override for container named ${String(name)} is not a container in the TaskDefinition.`)
    }
    const command = optArray(item, 'command')
    if (command?.some(part => typeof part !== 'string')) {
      throw invalid(`containerOverrides[${name}].command must be a list of strings.`)
    }
    for (const variable of optArray(item, 'environment') ?? []) {
      if (!isObject(variable) || typeof variable.name !== 'string' || variable.name === '') {
        throw invalid(`containerOverrides[${name}].environment needs a name for every variable.`)
      }
    }
  }
  for (const field of ['taskRoleArn', 'executionRoleArn']) {
    const role = optString(overrides, field)
    if (role !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(role)) {
      throw invalid(`Role is not valid: ${field} must be an IAM role ARN, got "${role}".`)
    }
  }
  const cpu = parseTaskSize(optString(overrides, 'cpu'), 'vcpu')
  const memory = parseTaskSize(optString(overrides, 'memory'), 'gb')
  if (Number.isNaN(cpu) || (cpu !== undefined && cpu <= 0)) throw invalid('Invalid cpu override value.')
  if (Number.isNaN(memory) || (memory !== undefined && memory <= 0))
    throw invalid('Invalid memory override value.')
  if (launchType === 'FARGATE' && (cpu !== undefined || memory !== undefined)) {
    const taskCpu = cpu ?? parseTaskSize(td.body.cpu, 'vcpu')
    const taskMemory = memory ?? parseTaskSize(td.body.memory, 'gb')
    if (!isValidFargateSize(taskCpu, taskMemory)) {
      throw invalid(
        `No Fargate configuration exists for given values: ${String(taskCpu)} CPU, ${String(taskMemory)} memory. See the Amazon ECS documentation for the valid combinations.`
      )
    }
  }
}

function containerNames(td: TaskDefinitionRecord): string[] {
  const list = Array.isArray(td.body.containerDefinitions) ? td.body.containerDefinitions : []
  return list.filter(isObject).map(c => String(c.name))
}

/** The task's tags: those given, the task definition's with propagateTags TASK_DEFINITION, ECS's with enableECSManagedTags. */
function tagsFor(clusterName: string, td: TaskDefinitionRecord, input: Json): Json[] {
  const given = (optArray(input, 'tags') ?? []).filter(isObject)
  if (given.length > 50) throw invalid('tags can have at most 50 items.')
  const propagate = optString(input, 'propagateTags')
  if (propagate !== undefined && !['TASK_DEFINITION', 'SERVICE', 'NONE'].includes(propagate)) {
    throw invalid(`propagateTags must be TASK_DEFINITION, SERVICE or NONE, got "${propagate}".`)
  }
  if (propagate === 'SERVICE') {
    throw invalid(
      'The specified propagateTags value SERVICE is not supported for RunTask; use TASK_DEFINITION or NONE.'
    )
  }
  const fromTaskDefinition =
    propagate === 'TASK_DEFINITION' ? td.tags.filter(t => !given.some(g => g.key === t.key)) : []
  const managed =
    optBool(input, 'enableECSManagedTags') === true
      ? [
          { key: 'aws:ecs:clusterName', value: clusterName },
          { key: 'aws:ecs:taskDefinitionFamily', value: td.family }
        ]
      : []
  return [...given, ...fromTaskDefinition, ...managed]
}

/** The first script that matches a container of this task (its command with the overrides, its image), if any. */
function scriptFor(
  state: EcsState,
  td: TaskDefinitionRecord,
  overrides: Json
): { script: RunTaskScript; container: string } | undefined {
  const list = Array.isArray(td.body.containerDefinitions)
    ? td.body.containerDefinitions.filter(isObject)
    : []
  const overridden = (optArray(overrides, 'containerOverrides') ?? []).filter(isObject)
  const containers = list.map(c => {
    const override = overridden.find(o => o.name === c.name)
    const command = Array.isArray(override?.command)
      ? override.command
      : Array.isArray(c.command)
        ? c.command
        : []
    return {
      name: String(c.name),
      image: String(c.image),
      command: command.join(' '),
      essential: c.essential !== false
    }
  })
  for (const script of state.runTaskScenario.runTasks) {
    if (script.taskDefinition !== undefined) {
      const ref = script.taskDefinition
      if (ref !== td.family && ref !== `${td.family}:${td.revision}` && ref !== td.arn) continue
    }
    const container = containers.find(
      c =>
        (script.command === undefined || c.command.includes(script.command)) &&
        (script.image === undefined || c.image.includes(script.image)) &&
        (script.command !== undefined || script.image !== undefined || c.essential)
    )
    if (container) return { script, container: container.name }
  }
  return undefined
}
