// Register: each service's task definition, rendered again for a pushed digest, written and registered.
import type { Connection } from '../aws/connect.js'
import type { RegisteredTaskDefinition } from '../deploy/index.js'
import { registerTaskDefinition } from '../deploy/register.js'
import { planTaskDefinition, type ReleasePlan } from '../plan.js'
import type { RunRecord } from '../report/record.js'
import type { ActionDeps } from '../runtime.js'
import { runnerTemp } from '../settings/index.js'
import type { ServiceRun } from '../services/release.js'
import { writeRenderedTaskDefinition } from '../taskdef/index.js'

/**
 * Each service's task definition, rendered again only when the pushed digest changed the image, written to the
 * runner's temp directory and registered (unless the service already runs it).
 */
export async function registerServices(
  runs: ServiceRun[],
  imageUri: string,
  record: RunRecord,
  deps: ActionDeps,
  ecs: Connection['apis']['ecs']
): Promise<{ planned: ReleasePlan['taskDefinition'][]; registered: RegisteredTaskDefinition[] }> {
  const planned = runs.map(({ plan: s }) =>
    imageUri === s.taskDefinition.imageUri
      ? s.taskDefinition
      : planTaskDefinition(s.loaded, s.settings, imageUri, s.target, s.loadedChanges)
  )
  const registered: RegisteredTaskDefinition[] = []
  for (const [i, run] of runs.entries()) {
    const one = planned[i]!
    const path = writeRenderedTaskDefinition(one.rendered, runnerTemp(deps.env))
    if (i === 0) [record.renderedPath, record.changes] = [path, one.changes]
    const { target, settings: own } = run.plan
    run.record.registered = await registerTaskDefinition(
      one,
      target!,
      own.forceNewDeployment,
      ecs,
      run.logger
    )
    registered.push(run.record.registered)
  }
  return { planned, registered }
}
