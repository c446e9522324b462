// The statements every service of the release needs: its task definitions registered (and tagged), the service read
// and updated, its tasks read, its target groups' drain, its containers' logs, and the roles its tasks pass.
import { allow, one, roleArn, unique, type Scope } from './scope.js'
import type { DeployPolicyInput, OtherServicePolicyInput, PolicyStatement } from './types.js'

/** Every service of the release: the first (the inputs' own) and the others of `services`. */
export function servicesOf(input: DeployPolicyInput): OtherServicePolicyInput[] {
  return [input, ...(input.otherServices ?? [])]
}

/** Is this service deployed by CodeDeploy (only read, never updated, by ECS calls)? */
export function deploysWithCodeDeploy(s: OtherServicePolicyInput): boolean {
  return s.codedeploy !== undefined
}

export function taskDefinitionStatements(input: DeployPolicyInput, scope: Scope): PolicyStatement[] {
  const tagged = unique(
    servicesOf(input)
      .filter(s => s.tagTaskDefinition)
      .map(s => s.family)
  )
  return [
    allow('EcsTaskDefinitions', ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'], '*'),
    ...(tagged.length > 0
      ? [
          allow(
            'EcsTagTaskDefinition',
            ['ecs:TagResource'],
            one(tagged.map(family => scope.arn('ecs', `task-definition/${family}:*`))),
            { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } }
          )
        ]
      : [])
  ]
}

/** Exactly the services named: one exact ARN each, never a wildcard. A CODE_DEPLOY service is only read. */
export function updateServiceStatements(input: DeployPolicyInput, scope: Scope): PolicyStatement[] {
  const services = servicesOf(input)
  const read = services.filter(s => deploysWithCodeDeploy(s))
  const updated = services.filter(s => !deploysWithCodeDeploy(s))
  return [
    ...(read.length > 0
      ? [allow('EcsReadService', ['ecs:DescribeServices'], one(unique(read.map(scope.serviceArn))))]
      : []),
    ...(updated.length > 0
      ? [
          allow(
            'EcsUpdateService',
            ['ecs:DescribeServices', 'ecs:UpdateService'],
            one(unique(updated.map(scope.serviceArn)))
          )
        ]
      : [])
  ]
}

export function readTasksStatements(input: DeployPolicyInput, scope: Scope): PolicyStatement[] {
  if (!(input.describeTasks ?? true)) return []
  // ListTasks has no task resource to scope; both are limited to the clusters by its condition key.
  return [
    allow('EcsReadTasks', ['ecs:ListTasks', 'ecs:DescribeTasks'], '*', scope.inClustersOf(servicesOf(input)))
  ]
}

export function targetGroupStatements(input: DeployPolicyInput): PolicyStatement[] {
  return servicesOf(input).some(s => s.readTargetGroups)
    ? [allow('ElbReadDeregistrationDelay', ['elasticloadbalancing:DescribeTargetGroupAttributes'], '*')]
    : []
}

/** The containers' logs (the services' and the one-off task's) and every role their tasks pass. */
export function logsAndRolesStatements(input: DeployPolicyInput, scope: Scope): PolicyStatement[] {
  const services = servicesOf(input)
  const runTask = input.runTask
  const logGroups = unique(
    [...services.flatMap(s => s.logGroups), ...(runTask?.logGroups ?? [])].filter(g => g !== '')
  )
  const roles = unique(
    [...services.flatMap(s => [s.taskRoleArn, s.executionRoleArn]), ...(runTask?.roleArns ?? [])]
      .filter((r): r is string => typeof r === 'string' && r !== '')
      .map(r => roleArn(r, input))
  )
  return [
    ...(logGroups.length > 0
      ? [
          allow(
            'LogsReadContainerLogs',
            ['logs:GetLogEvents'],
            logGroups.map(group => scope.arn('logs', `log-group:${group}:log-stream:*`))
          )
        ]
      : []),
    ...(roles.length > 0
      ? [
          allow('PassTaskRoles', ['iam:PassRole'], one(roles), {
            StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
          })
        ]
      : [])
  ]
}
