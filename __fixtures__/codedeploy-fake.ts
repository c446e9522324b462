// A scripted CodeDeploy for unit tests: each deployment is a timeline of looks (from a time on, this status,
// these lifecycle events and task sets) on the test's FakeClock; StopDeployment and ContinueDeployment are recorded
// and move the script on.
import type { DeploymentInfo, ECSTarget, LifecycleEvent } from '@aws-sdk/client-codedeploy'
import type { CodeDeployApi, CreateDeploymentRequest } from '../src/aws/codedeploy.js'
import type { FakeClock } from './clock.js'

export interface Look {
  /** Milliseconds after the deployment was created. */
  at: number
  status: string
  events?: Record<string, string>
  weights?: { blue: number; green: number }
  errorInformation?: DeploymentInfo['errorInformation']
  rollbackDeploymentId?: string
}

export const EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic'
]

/** Lifecycle events: those named take the status given, the rest are Pending. */
export function events(statuses: Record<string, string>): LifecycleEvent[] {
  return EVENTS.map(name => ({
    lifecycleEventName: name,
    status: (statuses[name] ?? 'Pending') as LifecycleEvent['status']
  }))
}

export class FakeCodeDeploy implements CodeDeployApi {
  readonly calls: string[] = []
  /** When each call was made (the FakeClock's ms), by index into calls. */
  readonly callTimes: number[] = []
  readonly scripts = new Map<string, Look[]>()
  private readonly createdAt = new Map<string, number>()
  /** What CreateDeployment answers: a deployment id, or an error to throw. */
  next: (string | Error)[] = ['d-AAAAAAAAA']
  /** What StopDeployment with rollback does to the script: the rollback deployment's id and timeline. */
  onStop?: { rollbackId: string; rollback: Look[] }
  onContinue?: Look[]
  /** What StopDeployment throws (a denial, say) instead of stopping. */
  stopError?: Error

  constructor(private readonly clock: FakeClock) {}

  private record(call: string): void {
    this.calls.push(call)
    this.callTimes.push(this.clock.now())
  }

  /** Calls whose text starts with `prefix` made in (from, to]. */
  countBetween(prefix: string, from: number, to: number): number {
    return this.calls.filter(
      (c, i) => c.startsWith(prefix) && this.callTimes[i]! > from && this.callTimes[i]! <= to
    ).length
  }

  script(id: string, looks: Look[]): void {
    this.scripts.set(id, [...looks])
    this.createdAt.set(id, this.clock.now())
  }

  private look(id: string): Look | undefined {
    const start = this.createdAt.get(id) ?? this.clock.now()
    const elapsed = this.clock.now() - start
    return [...(this.scripts.get(id) ?? [])]
      .sort((a, b) => a.at - b.at)
      .filter(l => l.at <= elapsed)
      .at(-1)
  }

  async getApplication(name: string) {
    this.record(`GetApplication ${name}`)
    return { applicationName: name, computePlatform: 'ECS' as const }
  }
  async getDeploymentGroup(application: string, group: string) {
    this.record(`GetDeploymentGroup ${application}/${group}`)
    return { deploymentGroupName: group }
  }
  async getDeploymentConfig(name: string) {
    this.record(`GetDeploymentConfig ${name}`)
    return { deploymentConfigName: name }
  }
  async registerApplicationRevision(request: CreateDeploymentRequest) {
    this.record(`RegisterApplicationRevision ${request.application}`)
  }
  async createDeployment(request: CreateDeploymentRequest) {
    this.record(`CreateDeployment ${request.application}/${request.deploymentGroup}`)
    this.lastContent = request.appSpecContent
    const answer = this.next.shift() ?? 'd-AAAAAAAAA'
    if (answer instanceof Error) throw answer
    if (!this.createdAt.has(answer)) this.createdAt.set(answer, this.clock.now())
    return answer
  }
  lastContent = ''
  async getDeployment(id: string): Promise<DeploymentInfo | undefined> {
    this.record(`GetDeployment ${id}`)
    const look = this.look(id)
    if (!look) return undefined
    return {
      deploymentId: id,
      status: look.status as DeploymentInfo['status'],
      ...(look.errorInformation ? { errorInformation: look.errorInformation } : {}),
      ...(look.rollbackDeploymentId
        ? { rollbackInfo: { rollbackDeploymentId: look.rollbackDeploymentId } }
        : {})
    }
  }
  async getDeploymentTarget(id: string, targetId: string): Promise<ECSTarget | undefined> {
    this.record(`GetDeploymentTarget ${id} ${targetId}`)
    const look = this.look(id)
    if (!look) return undefined
    return {
      deploymentId: id,
      targetId,
      // Events that moved began when the deployment was created; those that ended, ended now.
      lifecycleEvents: events(look.events ?? {}).map(e =>
        e.status === 'Pending'
          ? e
          : {
              ...e,
              startTime: new Date(this.createdAt.get(id) ?? this.clock.now()),
              ...(e.status === 'InProgress' ? {} : { endTime: new Date(this.clock.now()) })
            }
      ),
      taskSetsInfo: [
        {
          identifer: 'ecs-svc/blue',
          taskSetLabel: 'Blue',
          trafficWeight: look.weights?.blue ?? 100,
          desiredCount: 2,
          runningCount: 2,
          status: 'PRIMARY'
        },
        {
          identifer: 'ecs-svc/green',
          taskSetLabel: 'Green',
          trafficWeight: look.weights?.green ?? 0,
          desiredCount: 2,
          runningCount: 2,
          status: 'ACTIVE'
        }
      ]
    }
  }
  async stopDeployment(id: string, autoRollbackEnabled: boolean) {
    this.record(`StopDeployment ${id} autoRollback=${autoRollbackEnabled}`)
    if (this.stopError) throw this.stopError
    const elapsed = this.clock.now() - (this.createdAt.get(id) ?? 0)
    const rollback = this.onStop
    this.scripts.get(id)?.push({
      at: elapsed,
      status: 'Stopped',
      errorInformation: { code: 'MANUAL_STOP', message: 'The deployment was stopped by the user.' },
      ...(rollback && autoRollbackEnabled ? { rollbackDeploymentId: rollback.rollbackId } : {})
    })
    if (rollback && autoRollbackEnabled) this.script(rollback.rollbackId, rollback.rollback)
    return {
      status: 'Succeeded',
      statusMessage: autoRollbackEnabled ? 'Stopped and rolled back.' : 'Stopped.'
    }
  }
  async continueDeployment(id: string, waitType: 'READY_WAIT' | 'TERMINATION_WAIT') {
    this.record(`ContinueDeployment ${id} ${waitType}`)
    const elapsed = this.clock.now() - (this.createdAt.get(id) ?? 0)
    for (const look of this.onContinue ?? []) this.scripts.get(id)?.push({ ...look, at: elapsed + look.at })
  }
}
