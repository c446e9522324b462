// The ending of a run: one pure ending from the record, then the outputs, the step's failure or headline, the summary.
import { outputsOf } from '../report/outputs.js'
import { endingOf, reportOf, type RunRecord } from '../report/record.js'
import { renderSummary } from '../report/summary.js'
import type { ActionDeps } from '../runtime.js'

export async function endRun(
  record: RunRecord,
  error: unknown,
  deps: Pick<ActionDeps, 'logger' | 'setOutput' | 'fail' | 'writeSummary'>
): Promise<void> {
  const { logger } = deps
  const ending = endingOf(record, error)
  for (const [name, value] of outputsOf(record, ending)) deps.setOutput(name, value)
  if (ending.failure) deps.fail(ending.failure.message, ending.failure.title)
  else logger.info(ending.headline)
  await deps
    .writeSummary(renderSummary(reportOf(record, ending)))
    .catch(e => logger.warning(`Could not write the job summary: ${(e as Error).message}`))
}
