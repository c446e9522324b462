// Verify: the pre-flight check of every service's plan, before the first push, registration or update.
import type { Connection } from '../aws/connect.js'
import type { EcrApi } from '../aws/ecr-uri.js'
import type { ReleasePlan, ServicePlan } from '../plan.js'
import type { ActionDeps } from '../runtime.js'
import type { Settings } from '../settings/index.js'
import { forEntry } from '../services/settings.js'
import type { ServiceRun } from '../services/release.js'
import { preflight } from '../verify/index.js'

/** The pre-flight check of every service, each finding naming its entry when there are several. */
export async function verifyServices(
  runs: ServiceRun[],
  plan: ReleasePlan,
  settings: Settings,
  aws: Connection,
  imageEcr: EcrApi
): Promise<void> {
  const several = runs.length > 1
  for (const run of runs)
    await forEntry(several ? run.plan.entry : undefined, () =>
      verify(run.plan, plan, settings, aws, imageEcr, run.logger)
    )
}

/** The pre-flight check of the plan: what ECS would find minutes later (platform, load balancers, references). */
function verify(
  plan: ServicePlan,
  release: Pick<ReleasePlan, 'source' | 'existing'>,
  settings: Settings,
  aws: Connection,
  imageEcr: EcrApi,
  logger: ActionDeps['logger']
): ReturnType<typeof preflight> {
  return preflight(
    {
      level: settings.verify,
      rendered: plan.taskDefinition.rendered,
      source: release.source,
      existing: release.existing,
      imageUri: plan.taskDefinition.imageUri,
      service: plan.target!.service,
      account: aws.identity?.account,
      platformInput: settings.platform,
      machineArch: process.arch
    },
    { ecr: imageEcr, lookups: aws.apis.lookups, logger }
  )
}
