// The Service Deployments API: BLUE_GREEN, LINEAR and CANARY services are followed through it (and the revisions a
// rollback names); rolling services read theirs while following and stop one to roll back. Each service in its own
// cluster only (the ecs:cluster condition key).
import { allow, clusterName, one, serviceName, unique, type Scope } from './scope.js'
import { deploysWithCodeDeploy, servicesOf } from './service-statements.js'
import type { DeployPolicyInput, PolicyStatement } from './types.js'

export function serviceDeploymentStatements(input: DeployPolicyInput, scope: Scope): PolicyStatement[] {
  const services = servicesOf(input)
  const statements: PolicyStatement[] = []
  const staged = services.filter(s => s.stagedDeployment)
  if (staged.length > 0) {
    const revisionArns = staged.map(s =>
      scope.arn('ecs', `service-revision/${clusterName(s.cluster)}/${serviceName(s.service)}/*`)
    )
    statements.push(
      allow(
        'EcsFollowServiceDeployment',
        ['ecs:DescribeServiceDeployments', 'ecs:DescribeServiceRevisions'],
        [scope.deploymentsOf(staged), unique(revisionArns)].flat(),
        scope.inClustersOf(staged)
      ),
      allow(
        'EcsListServiceDeployments',
        ['ecs:ListServiceDeployments'],
        one(unique(staged.map(scope.serviceArn)))
      )
    )
  }
  // Rolling services: their service deployments read while following, stopped to roll back.
  const rolling = services.filter(s => !s.stagedDeployment && !deploysWithCodeDeploy(s))
  const stopStaged = staged.some(s => s.stagedDeployment?.stop)
  const stopRolling = input.stopServiceDeployment === true && rolling.length > 0
  if (input.readServiceDeployments && rolling.length > 0)
    statements.push(
      allow(
        'EcsReadServiceDeployments',
        ['ecs:DescribeServiceDeployments'],
        scope.deploymentsOf(rolling),
        scope.inClustersOf(rolling)
      )
    )
  if (stopStaged || stopRolling) {
    const stopped = [...(stopStaged ? staged : []), ...(stopRolling ? rolling : [])]
    statements.push(
      allow(
        'EcsStopServiceDeployment',
        ['ecs:StopServiceDeployment'],
        scope.deploymentsOf(stopped),
        scope.inClustersOf(stopped)
      )
    )
  }
  const continued = staged.filter(s => s.stagedDeployment?.continue)
  if (continued.length > 0)
    statements.push(
      allow(
        'EcsContinueServiceDeployment',
        ['ecs:ContinueServiceDeployment'],
        scope.deploymentsOf(continued),
        scope.inClustersOf(continued)
      )
    )
  return statements
}
