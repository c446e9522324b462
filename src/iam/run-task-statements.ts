// The one-off task's statements (run-task-command): run its family, follow and stop its task.
import { allow, clusterName, type Scope } from './scope.js'
import type { DeployPolicyInput, PolicyStatement } from './types.js'

/** The one-off task (run-task-command): run this family, follow and stop its task, in the first service's cluster. */
export function runTaskStatements(input: DeployPolicyInput, scope: Scope): PolicyStatement[] {
  const runTask = input.runTask
  if (!runTask) return []
  const onCluster = { ArnEquals: { 'ecs:cluster': scope.clusterArn(input.cluster) } }
  return [
    allow('EcsRunTask', ['ecs:RunTask'], scope.arn('ecs', `task-definition/${runTask.family}:*`), onCluster),
    allow(
      'EcsFollowTask',
      ['ecs:DescribeTasks', 'ecs:StopTask'],
      scope.arn('ecs', `task/${clusterName(input.cluster)}/*`),
      onCluster
    )
  ]
}
