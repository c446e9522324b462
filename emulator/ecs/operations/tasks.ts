// RunTask, StopTask, ListTasks, DescribeTasks.
import { AwsError } from '../../errors.js'
import { arns, lastSegment } from '../arns.js'
import {
  isObject,
  optArray,
  optNumber,
  optObject,
  optString,
  optStringArray,
  page,
  reqString,
  type Json
} from '../input.js'
import {
  findService,
  findTask,
  notFound,
  requireCluster,
  requireTaskDefinition,
  serviceOf
} from '../lookup.js'
import { reconcile } from '../scheduler.js'
import type { EcsState } from '../state.js'
import { launchTasks } from '../task-lifecycle.js'
import { stopTasks } from '../task-stop.js'
import { taskJson } from '../views.js'
import { checkTaskDefinitionForService } from './task-definitions.js'

export function runTask(state: EcsState, input: Json): Json {
  const cluster = requireCluster(state, optString(input, 'cluster'))
  const td = requireTaskDefinition(state, reqString(input, 'taskDefinition', 'RunTask'))
  if (td.status !== 'ACTIVE')
    throw new AwsError('ClientException', `TaskDefinition is inactive: ${td.arn}. Register a new revision.`)
  const count = optNumber(input, 'count') ?? 1
  if (!Number.isInteger(count) || count < 1 || count > 10) {
    throw new AwsError(
      'InvalidParameterException',
      `count must be a whole number from 1 to 10, got ${count}.`
    )
  }
  const launchType = optString(input, 'launchType') ?? 'EC2'
  checkTaskDefinitionForService(state, td.arn, launchType, optObject(input, 'networkConfiguration'))
  if (state.scenario.placementFailure) {
    throw new AwsError('InvalidParameterException', 'No Container Instances were found in your cluster.')
  }
  const startedBy = optString(input, 'startedBy')
  const tasks = launchTasks(state, td, count, {
    cluster,
    group: optString(input, 'group') ?? `family:${td.family}`,
    launchType,
    tags: (optArray(input, 'tags') ?? []).filter(isObject),
    overrides: optObject(input, 'overrides') ?? {},
    ...(startedBy !== undefined ? { startedBy } : {})
  })
  return { tasks: tasks.map(t => taskJson(state, t, false)), failures: [] }
}

export function stopTask(state: EcsState, input: Json): Json {
  const cluster = requireCluster(state, optString(input, 'cluster'))
  const ref = reqString(input, 'task', 'StopTask')
  const task = findTask(state, cluster, ref)
  if (!task) throw new AwsError('InvalidParameterException', `The referenced task was not found: ${ref}.`)
  if (task.desiredStatus === 'RUNNING') {
    stopTasks(state, [task], optString(input, 'reason') ?? 'Task stopped by user', 'UserInitiated', undefined)
    const service = serviceOf(state, task)
    if (service) reconcile(state, service)
  }
  return { task: taskJson(state, task, false) }
}

export function listTasks(state: EcsState, input: Json): Json {
  const cluster = requireCluster(state, optString(input, 'cluster'))
  const serviceName = optString(input, 'serviceName')
  if (serviceName !== undefined && !findService(state, cluster, serviceName)) throw notFound('service')
  const family = optString(input, 'family')
  const startedBy = optString(input, 'startedBy')
  const desiredStatus = optString(input, 'desiredStatus') ?? 'RUNNING'
  const launchType = optString(input, 'launchType')
  const all = [...state.tasks.values()]
    .filter(
      t =>
        t.clusterName === cluster.name &&
        t.desiredStatus === desiredStatus &&
        (serviceName === undefined || t.serviceName === lastSegment(serviceName)) &&
        (family === undefined || t.taskDefinition.family === family) &&
        (startedBy === undefined || t.startedBy === startedBy) &&
        (launchType === undefined || t.launchType === launchType)
    )
    .map(t => t.arn)
  const { items, nextToken } = page(all, input)
  return nextToken === undefined ? { taskArns: items } : { taskArns: items, nextToken }
}

export function describeTasks(state: EcsState, input: Json): Json {
  const cluster = requireCluster(state, optString(input, 'cluster'))
  const refs = optStringArray(input, 'tasks') ?? []
  if (refs.length === 0 || refs.length > 100) {
    throw new AwsError(
      'InvalidParameterException',
      `tasks must list 1 to 100 task ids or ARNs, got ${refs.length}.`
    )
  }
  const withTags = (optStringArray(input, 'include') ?? []).includes('TAGS')
  const tasks: Json[] = []
  const failures: Json[] = []
  for (const ref of refs) {
    const task = findTask(state, cluster, ref)
    if (task) tasks.push(taskJson(state, task, withTags))
    else
      failures.push({
        arn: ref.startsWith('arn:') ? ref : arns.task(state.account, cluster.name, ref),
        reason: 'MISSING'
      })
  }
  return { tasks, failures }
}
