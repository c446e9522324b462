// The CodeDeploy blue/green deployment (deployment controller CODE_DEPLOY): the AppSpec with the registered task
// definition, CreateDeployment, then GetDeployment and GetDeploymentTarget until CodeDeploy says Succeeded; on a
// failure or timeout with rollback-on-failure, StopDeployment with auto rollback, followed to its end.
import type { Service } from '@aws-sdk/client-ecs'
import { shortArn } from '../aws/arn.js'
import { AwsCallError, describeAwsError, errorName, messageOf } from '../aws/errors.js'
import { mergeTimelines } from '../rollout/codedeploy-progress.js'
import type { CodeDeployVerdict } from '../rollout/codedeploy-types.js'
import { mergeEvents } from '../rollout/service-events.js'
import { watchCodeDeployment, type CodeDeployWatchDeps } from '../rollout/codedeploy-watch.js'
import { formatDuration } from '../duration.js'
import type { RolloutResult } from '../rollout/types.js'
import type { OnBusy, OnPause } from '../settings/index.js'
import { generateAppSpec, renderAppSpecFile, type AppSpecFile, type AppSpecTarget } from './appspec.js'
import { CODEDEPLOY_LABEL, CodeDeployError } from './codedeploy-names.js'
import type { DeploymentPath, RegisteredTaskDefinition, StartedDeployment } from './path.js'

export { CODEDEPLOY_LABEL, CodeDeployError }

export interface CodeDeployRequest {
  /** As the inputs give them (names or ARNs), for ECS calls. */
  cluster: string
  service: string
  /** GetDeploymentTarget's target: `<cluster name>:<service name>`. */
  targetId: string
  /** The service as DescribeServices showed it before anything changed. */
  described: Service
  application: string
  deploymentGroup: string
  /** codedeploy-deployment-config; undefined: the group's own. */
  deploymentConfig?: string
  /** The configuration the deployment uses, for the log. */
  configName: string
  description?: string
  appSpec: { kind: 'file'; file: AppSpecFile; target: AppSpecTarget } | { kind: 'generated' }
  forceNewDeployment: boolean
  onBusy: OnBusy
  onPause: OnPause
  /** wait-for-minutes: bounds the deployment, and a rollback, each. */
  timeoutMs: number
  maxTaskFailures: number
  rollbackOnFailure: boolean
  groupRollsBackOnFailure: boolean
  terminationWaitMinutes: number
  readyWaitMinutes?: number
}

export type CodeDeployDeps = CodeDeployWatchDeps

/** While another deployment holds the group (on-busy wait), look this often. */
const BUSY_POLL_MS = 5_000
const FINAL = ['Succeeded', 'Failed', 'Stopped']

/** The AppSpec this run deploys: the file's with the new task definition, or one made from the service. */
export function appSpecContent(request: CodeDeployRequest, taskDefinitionArn: string): string {
  if (request.appSpec.kind === 'file')
    return renderAppSpecFile(request.appSpec.file, request.appSpec.target, taskDefinitionArn)
  const generated = generateAppSpec(request.described, taskDefinitionArn)
  if ('problem' in generated) throw new CodeDeployError(`No AppSpec: ${generated.problem}`)
  return generated.content
}

/** The id of the deployment DeploymentLimitExceededException names ("... already has an active Deployment 'd-X'"). */
export function activeDeploymentIn(message: string): string | undefined {
  return /\b(d-[A-Z0-9]{9})\b/.exec(message)?.[1]
}

/** A re-run: the service already serves this task definition, or a deployment of it (ours, earlier) is running. */
export function earlierAttempt(
  service: Service,
  registered: RegisteredTaskDefinition,
  forceNewDeployment: boolean
): { alreadyServing: true } | { following: string } | undefined {
  if (registered.isNew || forceNewDeployment || service.taskDefinition !== registered.arn) return undefined
  const sets = service.taskSets ?? []
  const running = sets.find(
    s => s.taskDefinition === registered.arn && /^d-[A-Z0-9]{9}$/.test(s.externalId ?? '')
  )
  if (sets.length <= 1) return { alreadyServing: true }
  return running?.externalId ? { following: running.externalId } : undefined
}

export function createCodeDeployPath(request: CodeDeployRequest, deps: CodeDeployDeps): DeploymentPath {
  const { codedeploy, logger, clock } = deps
  let last: CodeDeployVerdict | undefined

  const create = async (content: string): Promise<string> => {
    const asked = {
      application: request.application,
      deploymentGroup: request.deploymentGroup,
      appSpecContent: content,
      deploymentConfig: request.deploymentConfig,
      description: request.description
    }
    await codedeploy.registerApplicationRevision(asked)
    const deadline = clock.now() + request.timeoutMs
    for (;;) {
      try {
        return await codedeploy.createDeployment(asked)
      } catch (e) {
        const cause = e instanceof AwsCallError ? e.cause : e
        if (errorName(cause) !== 'DeploymentLimitExceededException') throw e
        const other = activeDeploymentIn(messageOf(cause))
        const busy = `The deployment group ${request.deploymentGroup} already has a deployment in progress${other ? ` (${other})` : ''}`
        if (request.onBusy === 'fail' || !other)
          throw new CodeDeployError(
            `${busy}; ${request.onBusy === 'fail' ? 'on-busy is fail, so ' : ''}no deployment was started (the task definition is registered, the service unchanged). ` +
              'Re-run when it finishes, or set on-busy: wait.'
          )
        if (clock.now() >= deadline)
          throw new CodeDeployError(
            `${busy}, still after ${formatDuration(request.timeoutMs)} (wait-for-minutes); no deployment was started.`
          )
        logger.info(`${busy}: waiting for it to end (on-busy is wait).`)
        await waitForEnd(other, deadline)
      }
    }
  }

  const waitForEnd = async (id: string, deadline: number): Promise<void> => {
    let status: string | undefined
    while (clock.now() < deadline) {
      const info = await codedeploy.getDeployment(id)
      if (info?.status !== status) logger.info(`CodeDeploy deployment ${id}: ${(status = info?.status)}`)
      if (!info || FINAL.includes(info.status ?? '')) return
      await clock.sleep(Math.min(BUSY_POLL_MS, Math.max(0, deadline - clock.now())))
    }
  }

  /** Follows one deployment (and CodeDeploy's rollback of it, when asked) to a verdict. */
  const watch = async (
    id: string,
    registered: RegisteredTaskDefinition,
    followRollback: boolean
  ): Promise<RolloutResult> => {
    const { result, verdict } = await watchCodeDeployment(
      {
        cluster: request.cluster,
        service: request.service,
        targetId: request.targetId,
        deploymentId: id,
        taskDefinitionArn: registered.arn,
        previousTaskDefinitionArn: request.described.taskDefinition,
        timeoutMs: request.timeoutMs,
        maxTaskFailures: request.maxTaskFailures,
        onPause: request.onPause,
        followRollback,
        groupRollsBackOnFailure: request.groupRollsBackOnFailure,
        terminationWaitMinutes: request.terminationWaitMinutes,
        readyWaitMinutes: request.readyWaitMinutes
      },
      deps
    )
    last = verdict
    return result
  }

  return {
    label: CODEDEPLOY_LABEL,

    // Another deployment in the group shows only when CreateDeployment refuses; on-busy is applied there.
    async waitForIdle() {},

    async start(registered): Promise<StartedDeployment> {
      const earlier = earlierAttempt(request.described, registered, request.forceNewDeployment)
      if (earlier && 'alreadyServing' in earlier) return { id: '', alreadyServing: true }
      if (earlier) {
        logger.info(
          `Following the CodeDeploy deployment already in progress for this task definition: ${earlier.following}`
        )
        return { id: earlier.following, codedeployDeploymentId: earlier.following, alreadyServing: false }
      }
      const content = appSpecContent(request, registered.arn)
      logger.info(
        `AppSpec ${request.appSpec.kind === 'file' ? `from ${request.appSpec.file.path}` : 'generated from the service'}, TaskDefinition ${shortArn(registered.arn)}`
      )
      logger.debug(content)
      const id = await create(content)
      logger.info(
        `Started CodeDeploy deployment ${id} of ${shortArn(registered.arn)} (application ${request.application}, ` +
          `deployment group ${request.deploymentGroup}, ${request.configName})`
      )
      return { id, codedeployDeploymentId: id, alreadyServing: false }
    },

    follow: (started, registered) => watch(started.id, registered, request.rollbackOnFailure),

    async rollBack(failed, started, registered) {
      const note = (line: string): RolloutResult => ({ ...failed, details: [...failed.details, line] })
      if (failed.ok || failed.outcome === 'ROLLED_BACK') return failed
      // No verdict yet: its following was stopped (another service of the release failed) while it ran.
      if (last && !last.active)
        return note(
          `No rollback by this run: CodeDeploy deployment ${started.id} has ended (${failed.outcome}), and StopDeployment only stops a running one.`
        )
      logger.info(
        `Stopping CodeDeploy deployment ${started.id} with automatic rollback (rollback-on-failure is true)`
      )
      try {
        const answer = await codedeploy.stopDeployment(started.id, true)
        logger.info(
          `CodeDeploy: ${answer.status ?? 'no status'}${answer.statusMessage ? ` (${answer.statusMessage})` : ''}`
        )
      } catch (e) {
        logger.warning(`The rollback could not be started: ${(e as Error).message}`, {
          title: 'Rollback not started'
        })
        // The failure stays the verdict; why the rollback was not started goes with it, in its one line.
        const refused = `StopDeployment failed: ${(e as Error).message}`
        return { ...note(refused), cause: `${failed.cause} The run could not roll it back: ${refused}` }
      }
      const back = await watch(started.id, registered, true)
      const merged = {
        stoppedTasks: [...failed.stoppedTasks, ...back.stoppedTasks],
        finishedAt: back.finishedAt,
        polls: failed.polls + back.polls,
        events: mergeEvents(failed.events, back.events),
        codeDeploy: mergeTimelines(failed.codeDeploy, back.codeDeploy)
      }
      if (back.outcome === 'ROLLED_BACK')
        return {
          ...back,
          ...merged,
          cause: `Stopped CodeDeploy deployment ${started.id} and rolled back to the original task set (${last?.rollbackDeploymentId ? `rollback deployment ${last.rollbackDeploymentId} succeeded` : 'rollback succeeded'}). ${failed.cause}`,
          details: [...failed.details, back.cause]
        }
      return {
        ...failed,
        ...merged,
        cause: `${failed.cause}; stopping it with automatic rollback did not bring the original task set back: ${back.cause}`,
        details: [...failed.details, ...back.details]
      }
    },

    async cancel(started) {
      const id = started.codedeployDeploymentId ?? started.id
      try {
        const answer = await codedeploy.stopDeployment(id, true)
        return `Asked CodeDeploy to stop deployment ${id} and roll back to the original task set (StopDeployment with autoRollbackEnabled): ${answer.status ?? 'no status'}${answer.statusMessage ? `, ${answer.statusMessage}` : ''}`
      } catch (e) {
        const cause = e instanceof AwsCallError ? e.cause : e
        if (errorName(cause) === 'DeploymentAlreadyCompletedException')
          return `CodeDeploy deployment ${id} had already ended: there was nothing to stop or roll back.`
        return `Could not stop CodeDeploy deployment ${id}: ${describeAwsError(cause)}. Stop it with: aws deploy stop-deployment --deployment-id ${id} --auto-rollback-enabled`
      }
    }
  }
}
