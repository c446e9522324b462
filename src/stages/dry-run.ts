// The dry run (mode plan): the rendered task definitions written, the plan and the IAM policy printed, nothing changed.
import type { ReleasePlan } from '../plan.js'
import { dryRunPlan, servicesDryRunPlan } from '../report/plan.js'
import type { RunRecord } from '../report/record.js'
import type { ActionDeps } from '../runtime.js'
import { runnerTemp, type Settings } from '../settings/index.js'
import { writeRenderedTaskDefinition } from '../taskdef/index.js'

/** The dry run: writes the rendered task definition and prints the plan and the policy. */
export function printPlan(plan: ReleasePlan, settings: Settings, deps: ActionDeps, record: RunRecord): void {
  const dir = runnerTemp(deps.env)
  const paths = plan.services.map(s => writeRenderedTaskDefinition(s.taskDefinition.rendered, dir))
  record.renderedPath = paths[0]
  record.planLines =
    plan.services.length > 1 ? servicesDryRunPlan(plan, paths) : dryRunPlan(plan, settings, paths[0]!)
  record.changes = plan.taskDefinition.changes
  record.image = {
    uri: plan.taskDefinition.imageUri,
    digest: plan.existing?.digest ?? '',
    reused: !!plan.existing
  }
  for (const line of record.planLines) deps.logger.info(line)
  deps.logger.info(`Least-privilege IAM policy for this deploy:\n${plan.iamPolicy}`)
}
