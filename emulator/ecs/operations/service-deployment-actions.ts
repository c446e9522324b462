// StopServiceDeployment, ContinueServiceDeployment and DescribeServiceRevisions.
import { AwsError } from '../../errors.js'
import { optString, optStringArray, reqString, type Json } from '../input.js'
import { containersOf, findTaskDefinition } from '../lookup.js'
import { messages } from '../rules.js'
import { engineFor } from '../scheduler.js'
import { continueHook, startRollback } from '../staged.js'
import type { EcsState } from '../state.js'
import { seconds } from '../views.js'
import { findServiceDeployment, serviceDeploymentStatus } from './service-deployments.js'

const notFound = (): AwsError =>
  new AwsError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.')
const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message)
const ongoing = ['PENDING', 'IN_PROGRESS', 'STOP_REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS']

export function stopServiceDeployment(state: EcsState, input: Json): Json {
  const arn = reqString(input, 'serviceDeploymentArn', 'StopServiceDeployment')
  const stopType = optString(input, 'stopType') ?? 'ROLLBACK'
  if (stopType !== 'ROLLBACK') {
    // The API reference lists ABORT in the enum but names ROLLBACK as the only valid value.
    throw invalid(`stopType ${stopType} is not supported: the valid value is ROLLBACK.`)
  }
  const found = findServiceDeployment(state, arn)
  if (!found) throw notFound()
  const { service, deployment } = found
  const { status } = serviceDeploymentStatus(service, deployment)
  if (!ongoing.includes(status))
    throw new AwsError(
      'ConflictException',
      `The service deployment cannot be stopped: it is already ${status}.`
    )
  // A deployment already stopping or rolling back goes on doing so.
  if (status === 'PENDING' || status === 'IN_PROGRESS') {
    if (deployment.staged) startRollback(state, service, deployment, messages.rollbackByStop)
    else engineFor(service).rollBack(state, service, deployment, messages.rollbackByStop)
  }
  return { serviceDeploymentArn: arn }
}

export function continueServiceDeployment(state: EcsState, input: Json): Json {
  const arn = reqString(input, 'serviceDeploymentArn', 'ContinueServiceDeployment')
  const hookId = reqString(input, 'hookId', 'ContinueServiceDeployment')
  const action = optString(input, 'action') ?? 'CONTINUE'
  if (action !== 'CONTINUE' && action !== 'ROLLBACK')
    throw invalid(`action must be CONTINUE or ROLLBACK, got ${JSON.stringify(action)}.`)
  const found = findServiceDeployment(state, arn)
  if (!found) throw notFound()
  const { service, deployment } = found
  const { status } = serviceDeploymentStatus(service, deployment)
  if (status !== 'IN_PROGRESS')
    throw invalid(`The service deployment must be IN_PROGRESS to continue it; it is ${status}.`)
  const hook = deployment.staged?.hooks.find(h => h.hookId === hookId)
  if (!hook) throw invalid(`The service deployment has no lifecycle hook with hookId ${hookId}.`)
  if (hook.status !== 'AWAITING_ACTION')
    throw invalid(`The lifecycle hook ${hookId} is ${hook.status}, not AWAITING_ACTION.`)
  continueHook(state, service, deployment, hookId, action)
  return { serviceDeploymentArn: arn }
}

export function describeServiceRevisions(state: EcsState, input: Json): Json {
  const refs = optStringArray(input, 'serviceRevisionArns') ?? []
  if (refs.length === 0 || refs.length > 20)
    throw invalid('serviceRevisionArns must list between 1 and 20 service revision ARNs.')
  const serviceRevisions: Json[] = []
  const failures: Json[] = []
  for (const arn of refs) {
    const found = findServiceDeployment(state, arn, 'service-revision')
    if (!found) {
      failures.push({ arn, reason: 'MISSING' })
      continue
    }
    const { service, deployment: d } = found
    const revision: Json = {
      serviceRevisionArn: arn,
      serviceArn: service.arn,
      clusterArn: service.clusterArn,
      taskDefinition: d.taskDefinitionArn,
      launchType: d.launchType,
      loadBalancers: service.loadBalancers,
      serviceRegistries: [],
      containerImages: containersOf(findTaskDefinition(state, d.taskDefinitionArn)).map(c => ({
        containerName: c.name,
        image: c.image
      })),
      guardDutyEnabled: false,
      createdAt: seconds(d.createdAt)
    }
    if (d.platformVersion !== undefined) {
      revision.platformVersion = d.platformVersion
      revision.platformFamily = 'Linux'
    }
    if (d.networkConfiguration) revision.networkConfiguration = d.networkConfiguration
    serviceRevisions.push(revision)
  }
  return { serviceRevisions, failures }
}
