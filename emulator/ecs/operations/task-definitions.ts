// RegisterTaskDefinition, DescribeTaskDefinition, DeregisterTaskDefinition, ListTaskDefinitions.
import type { CallerIdentity } from '../../contract.js'
import { AwsError } from '../../errors.js'
import { arns, parseTaskDefinitionRef } from '../arns.js'
import { isObject, optArray, optString, optStringArray, page, reqString, type Json } from '../input.js'
import { findTaskDefinition, requireTaskDefinition } from '../lookup.js'
import type { EcsState, TaskDefinitionRecord } from '../state.js'
import { buildTaskDefinition, validateRegistration } from '../taskdef.js'

export function registerTaskDefinition(state: EcsState, input: Json, caller: CallerIdentity): Json {
  validateRegistration(input)
  const family = String(input.family)
  const revisions = state.families.get(family) ?? []
  const revision = revisions.length + 1
  const arn = arns.taskDefinition(state.account, family, revision)
  const body = buildTaskDefinition(input, {
    arn,
    revision,
    registeredAt: state.time / 1000,
    registeredBy: caller.arn
  })
  const tags = (optArray(input, 'tags') ?? []).filter(isObject)
  revisions.push({ family, revision, arn, body, tags, status: 'ACTIVE' })
  state.families.set(family, revisions)
  return { taskDefinition: body, tags }
}

export function describeTaskDefinition(state: EcsState, input: Json): Json {
  const td = requireTaskDefinition(state, reqString(input, 'taskDefinition', 'DescribeTaskDefinition'))
  const include = optStringArray(input, 'include') ?? []
  return include.includes('TAGS') ? { taskDefinition: td.body, tags: td.tags } : { taskDefinition: td.body }
}

export function deregisterTaskDefinition(state: EcsState, input: Json): Json {
  const ref = reqString(input, 'taskDefinition', 'DeregisterTaskDefinition')
  if (parseTaskDefinitionRef(ref)?.revision === undefined) {
    throw new AwsError(
      'InvalidParameterException',
      `taskDefinition "${ref}" has no revision; DeregisterTaskDefinition needs family:revision or a full task definition ARN.`
    )
  }
  const td = requireTaskDefinition(state, ref)
  if (td.status === 'ACTIVE') {
    td.status = 'INACTIVE'
    td.body = { ...td.body, status: 'INACTIVE', deregisteredAt: state.time / 1000 }
  }
  return { taskDefinition: td.body }
}

export function listTaskDefinitions(state: EcsState, input: Json): Json {
  const family = optString(input, 'familyPrefix')
  const status = optString(input, 'status') ?? 'ACTIVE'
  const sort = optString(input, 'sort') ?? 'ASC'
  if (status !== 'ACTIVE' && status !== 'INACTIVE' && status !== 'DELETE_IN_PROGRESS') {
    throw new AwsError(
      'InvalidParameterException',
      `status must be ACTIVE, INACTIVE or DELETE_IN_PROGRESS, got "${status}".`
    )
  }
  if (sort !== 'ASC' && sort !== 'DESC')
    throw new AwsError('InvalidParameterException', `sort must be ASC or DESC, got "${sort}".`)
  const all = [...state.families.values()]
    .flat()
    .filter(td => td.status === status && (family === undefined || td.family === family))
    .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision)
  if (sort === 'DESC') all.reverse()
  const { items, nextToken } = page(
    all.map(td => td.arn),
    input
  )
  return nextToken === undefined ? { taskDefinitionArns: items } : { taskDefinitionArns: items, nextToken }
}

/** A task definition that CreateService, UpdateService or RunTask can launch with this launch type and network. */
export function checkTaskDefinitionForService(
  state: EcsState,
  ref: string,
  launchType: string,
  networkConfiguration: Json | undefined
): TaskDefinitionRecord {
  const td = findTaskDefinition(state, ref)
  if (!td) throw new AwsError('ClientException', 'TaskDefinition not found.')
  if (td.status !== 'ACTIVE')
    throw new AwsError('ClientException', `TaskDefinition is inactive: ${td.arn}. Register a new revision.`)
  const compatibilities = Array.isArray(td.body.compatibilities) ? td.body.compatibilities : []
  if (launchType === 'FARGATE' && !compatibilities.includes('FARGATE')) {
    throw new AwsError('InvalidParameterException', 'Task definition does not support launch_type FARGATE.')
  }
  if (
    td.body.networkMode === 'awsvpc' &&
    !(networkConfiguration && isObject(networkConfiguration.awsvpcConfiguration))
  ) {
    throw new AwsError(
      'InvalidParameterException',
      "Network Configuration must be provided when networkMode 'awsvpc' is specified."
    )
  }
  return td
}
