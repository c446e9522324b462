// What a watch says while it waits: each line through the logger, a "still waiting" line after a long silence, and
// stopped tasks in full for the first few, in one line each after that.
import type { Clock } from '../clock.js'
import { formatDuration } from '../duration.js'
import type { Logger } from '../log.js'
import { formatStoppedTask, summarizeStoppedTask } from './explain.js'
import type { StoppedTaskReport } from './types.js'
import { TASKS_IN_FULL } from './watch.js'

/** A line at least this often while nothing changes. */
export const HEARTBEAT_MS = 30_000

export class Speaker {
  private lastPrintAt: number
  private tasksShown = 0

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    /** When the watch began: "still waiting after ...". */
    private readonly start = clock.now()
  ) {
    this.lastPrintAt = clock.now()
  }

  say(line: string): void {
    this.logger.info(line)
    this.lastPrintAt = this.clock.now()
  }

  /** Sleeps `ms`, saying `Still waiting after <time>: <where>` after every HEARTBEAT_MS of silence. */
  async pause(ms: number, where: () => string): Promise<void> {
    const { clock } = this
    const until = clock.now() + ms
    while (clock.now() < until) {
      const beatAt = this.lastPrintAt + HEARTBEAT_MS
      if (beatAt <= clock.now())
        this.say(`Still waiting after ${formatDuration(clock.now() - this.start)}: ${where()}`)
      else await clock.sleep(Math.min(until, beatAt) - clock.now())
    }
  }

  showTasks(reports: StoppedTaskReport[]): void {
    for (const report of reports)
      if (this.tasksShown++ < TASKS_IN_FULL) for (const line of formatStoppedTask(report)) this.say(line)
      else this.say(summarizeStoppedTask(report))
  }
}
