// Why each statement of the policy is there, by Sid: the README's policy table and the e2e removal test read it.
/** What each statement is for, by Sid. */
export const STATEMENT_PURPOSES: Record<string, string> = {
  EcrLogin:
    'log the container engine in to ECR, or learn the registry address of a repository given by name (GetAuthorizationToken works only on "*")',
  EcrPushImage:
    'push the image layers and manifest to this one repository (ECR lists BatchGetImage among the push permissions)',
  EcrReadImages:
    'check whether the tag exists, read the pushed image digest and (verify) the platforms in its manifest and config',
  EcsTaskDefinitions:
    'read the service task definition and register the new revision (no resource-level permissions exist for these)',
  EcsTagTaskDefinition: 'tag the new task definition revision while registering it',
  EcsUpdateService: 'read and update this one service (and update it back on rollback)',
  EcsReadService: 'read this one service (CodeDeploy, not UpdateService, changes a CODE_DEPLOY service)',
  CodeDeployApplication:
    'check that the CodeDeploy application exists and record the AppSpec as its revision (CreateDeployment needs RegisterApplicationRevision too)',
  CodeDeployDeploymentGroup:
    'read the deployment group, create the deployment and follow it (GetDeployment, GetDeploymentTarget), in this one group; StopDeployment with rollback-on-failure or on-cancel rollback, ContinueDeployment with on-pause continue',
  CodeDeployDeploymentConfig:
    'read the deployment configuration the deployment uses (CreateDeployment checks it too)',
  EcsReadTasks: 'list and describe the service tasks to report why they stopped, in this cluster only',
  EcsReadServiceDeployments:
    "read this service's service deployments: ECS's own status of the rollout, why it rolled back, circuit breaker counts",
  EcsStopServiceDeployment:
    "roll this service's deployment back through ECS (StopServiceDeployment ROLLBACK): rollback-on-failure (a failure or a timeout), on-cancel rollback",
  LogsReadContainerLogs: 'read the last log lines of stopped containers',
  EcsFollowServiceDeployment:
    "follow this service's service deployments and name the revision a rollback returns to, in this cluster only",
  EcsListServiceDeployments:
    'find the service deployment an update created, when the service does not name it',
  EcsContinueServiceDeployment:
    'answer the service deployment pause hooks (on-pause continue, continue-deployment)',
  ElbReadDeregistrationDelay:
    'read how long the target groups drain old tasks, to know when the rollout can end (Describe actions of ELB work only on "*")',
  EcsRunTask: 'run the one-off task (run-task-command) of this task definition family, in this cluster only',
  EcsFollowTask:
    'follow the one-off task, and stop it when run-task-timeout-minutes is reached, in this cluster only',
  PassTaskRoles: 'let ECS tasks use the task and execution roles of the task definition',
  VerifyLogGroups:
    "verify: full checks that the awslogs log groups exist (DescribeLogGroups lists a region's groups)",
  VerifySecrets: 'verify: full checks that the secrets exist, reading their metadata and never their values',
  VerifyParameters:
    'verify: full checks that the SSM parameters exist, never their values (DescribeParameters works only on "*")',
  VerifyRoles: 'verify: full checks that the roles exist and trust ecs-tasks.amazonaws.com'
}
