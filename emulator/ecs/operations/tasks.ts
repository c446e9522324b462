// StopTask, ListTasks, DescribeTasks (RunTask is in run-task.ts).
export { runTask } from './run-task.js'
import { AwsError } from '../../errors.js'
import { arns, lastSegment } from '../arns.js'
import { optString, optStringArray, page, reqString, type Json } from '../input.js'
import { findService, findTask, notFound, requireCluster, serviceOf } from '../lookup.js'
import { reconcile } from '../scheduler.js'
import type { EcsState } from '../state.js'
import { stopTasks } from '../task-stop.js'
import { taskJson } from '../views.js'

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
