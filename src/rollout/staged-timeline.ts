// The lifecycle stages of a service deployment as the run saw them (for the job summary's timeline), and when the
// current stage and traffic weight were first seen (for the waits whose end the configuration says).
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import type { StageClock } from './staged-cadence.js'
import type { StageSpan } from './types.js'

export class StageTimeline {
  private readonly spans: StageSpan[] = []
  private lastWeight?: number
  clock: StageClock

  constructor(start: number) {
    this.clock = { stageSeenAt: start, weightSeenAt: start }
  }

  /**
   * A stage starts in the timeline when first seen in it; the previous one ends then. For the waits' ends the stage
   * (and a traffic weight) began at the earliest just after the previous look: ends are reckoned from there, so a
   * look at the reckoned end or within a second after it sees ECS move on.
   */
  observe(sd: ServiceDeployment, now: number, previousLookAt: number): void {
    const stage = sd.lifecycleStage
    const earliest = Math.min(now, previousLookAt)
    if (stage && this.spans.at(-1)?.stage !== stage) {
      this.close(now)
      this.spans.push({ stage, startedAt: now })
      this.clock = { ...this.clock, stageSeenAt: earliest }
    }
    const weight = sd.targetServiceRevision?.requestedProductionTrafficWeight
    if (weight !== this.lastWeight) {
      this.lastWeight = weight
      this.clock = { ...this.clock, weightSeenAt: earliest }
    }
  }

  /** Ends the open stage (the deployment finished). */
  close(now: number): void {
    const last = this.spans.at(-1)
    if (last && last.endedAt === undefined) last.endedAt = now
  }

  get stages(): StageSpan[] {
    return this.spans.map(s => ({ ...s }))
  }
}
