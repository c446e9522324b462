// The least-privilege IAM policy one deploy needs, decided from the deploy's own settings (pure).
// Scopes follow the Service Authorization Reference: task definition actions and ecr:GetAuthorizationToken
// support no resource-level permissions ("*"); services, repositories, log streams and roles do.
import { ECR_PUSH_ACTIONS } from '../aws/ecr-uri.js'
import { rolesAndLogGroups } from '../taskdef/references.js'
import { awslogsOptions } from '../run-task/logs.js'
import { asRecord, type AnyTaskDefinition } from '../taskdef/types.js'
import { fullReferences, type FullReferences } from '../verify/findings.js'

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov'

export interface DeployPolicyInput {
  /** Derived from the region when omitted: cn-* → aws-cn, us-gov-* → aws-us-gov, else aws. */
  partition?: Partition
  region: string
  accountId: string
  /** The ECR repository; undefined when the image is not in ECR (then no ECR statement at all). */
  repository?: {
    name: string
    /** Account that owns the registry, when not the deploying account. */
    registryId?: string
    /** Same as registryId (the name the issue used). */
    registryAccountId?: string
    /** Region of the registry, when not the deploy's region. */
    region?: string
  }
  /** The run builds and pushes the image (false: it deploys an existing one and only reads). */
  pushImage: boolean
  /**
   * The run asks ECR for a login: to push, or to learn the registry's address when the repository is given by
   * name (default: pushImage).
   */
  registryLogin?: boolean
  /** Cluster name or ARN. */
  cluster: string
  /** Service name or ARN. */
  service: string
  family: string
  taskRoleArn?: string
  executionRoleArn?: string
  /** awslogs groups of the task definition (the rollout watcher reads stopped containers' logs). */
  logGroups: string[]
  /** The task definition carries tags (registering with tags needs ecs:TagResource). */
  tagTaskDefinition?: boolean
  /**
   * On a failed rollout the service is updated back to its previous task definition. That is one more
   * ecs:UpdateService on the same service, and passes no role: iam:PassRole is checked when a task definition is
   * registered (and on RunTask/StartTask), not when a service is pointed at one.
   */
  rollback: boolean
  /** The rollout watcher lists and describes the service's tasks to say why they stopped (default true). */
  describeTasks?: boolean
  /**
   * The rollout watcher reads this run's service deployment (DescribeServiceDeployments): ECS's own status, rollback
   * reason and circuit breaker counts (default false).
   */
  readServiceDeployments?: boolean
  /** rollback-on-failure or on-cancel rollback through StopServiceDeployment ROLLBACK (default false). */
  stopServiceDeployment?: boolean
  /**
   * The service sits behind load balancer target groups and the watcher follows the rollout: it reads their
   * deregistration delay to know when old tasks can stop (default false).
   */
  readTargetGroups?: boolean
  /** The one-off task before the update (run-task-command): what it runs, and the roles it passes. */
  runTask?: {
    family: string
    /** The awslogs group of the container it follows, if any. */
    logGroups: string[]
    /** Roles of its own task definition (run-task-task-definition) besides the service's. */
    roleArns: string[]
  }
  /**
   * The pre-flight check (default basic): basic reads the image manifest (and a single-platform image's config);
   * full also looks up these log groups, secrets, parameters and roles.
   */
  verify?: 'basic' | 'full' | 'off'
  /** What `verify: full` looks up (from the task definition); needed only with verify full. */
  verifyReferences?: FullReferences
  /**
   * The deployment is followed through the Service Deployments API (BLUE_GREEN, LINEAR, CANARY): read it and the
   * revisions it names; stop (roll back) it and continue its pause hooks only when the run may.
   */
  stagedDeployment?: ServiceDeploymentAccess
  /** The release's other services (input `services`): each updated, its task definition registered and followed. */
  otherServices?: OtherServicePolicyInput[]
  /**
   * The first service has the CODE_DEPLOY deployment controller: a CodeDeploy deployment replaces its UpdateService.
   * `stop`: StopDeployment (rollback-on-failure, on-cancel rollback); `continue`: ContinueDeployment (on-pause continue).
   */
  codedeploy?: CodeDeployPolicyInput
}

export interface CodeDeployPolicyInput {
  application: string
  deploymentGroup: string
  deploymentConfig: string
  stop: boolean
  continue: boolean
}

export interface ServiceDeploymentAccess {
  /** StopServiceDeployment ROLLBACK: rollback-on-failure, or on-cancel rollback. */
  stop: boolean
  /** ContinueServiceDeployment: on-pause continue, or continue-deployment. */
  continue: boolean
}

/** One more service of the release, as the policy needs it: the service's own fields of a deploy. */
export type OtherServicePolicyInput = Pick<
  DeployPolicyInput,
  | 'cluster'
  | 'service'
  | 'family'
  | 'taskRoleArn'
  | 'executionRoleArn'
  | 'logGroups'
  | 'tagTaskDefinition'
  | 'readTargetGroups'
  | 'verifyReferences'
  | 'stagedDeployment'
>

export interface PolicyStatement {
  Sid: string
  Effect: 'Allow'
  Action: string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

export interface PolicyDocument {
  Version: '2012-10-17'
  Statement: PolicyStatement[]
}

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

export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

export function deployPolicy(input: DeployPolicyInput): PolicyDocument {
  const partition = input.partition ?? partitionOf(input.region)
  const arn = (service: string, resource: string, region = input.region, account = input.accountId): string =>
    `arn:${partition}:${service}:${region}:${account}:${resource}`
  const statements: PolicyStatement[] = []
  const allow = (
    Sid: string,
    Action: string[],
    Resource: string | string[],
    Condition?: PolicyStatement['Condition']
  ): void => {
    statements.push({ Sid, Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) })
  }

  const repo = input.repository
  if (repo) {
    const registry = repo.registryId ?? repo.registryAccountId ?? input.accountId
    const repositoryArn = arn('ecr', `repository/${repo.name}`, repo.region ?? input.region, registry)
    if (input.registryLogin ?? input.pushImage) allow('EcrLogin', ['ecr:GetAuthorizationToken'], '*')
    if (input.pushImage) {
      allow('EcrPushImage', [...ECR_PUSH_ACTIONS], repositoryArn)
    }
    const verifyReads = (input.verify ?? 'basic') === 'off' ? [] : VERIFY_IMAGE_ACTIONS
    allow('EcrReadImages', ['ecr:DescribeImages', ...verifyReads], repositoryArn)
  }

  // Every service of the release: the first (the inputs' own) and the others of `services`.
  const others = input.otherServices ?? []
  const services = [input, ...others]
  const one = (values: string[]): string | string[] => (values.length === 1 ? values[0]! : values)
  allow('EcsTaskDefinitions', ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'], '*')
  const tagged = unique(services.filter(s => s.tagTaskDefinition).map(s => s.family))
  if (tagged.length > 0)
    allow(
      'EcsTagTaskDefinition',
      ['ecs:TagResource'],
      one(tagged.map(family => arn('ecs', `task-definition/${family}:*`))),
      { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } }
    )

  const cluster = clusterName(input.cluster)
  const clusterArnOf = (c: string) => (c.startsWith('arn:') ? c : arn('ecs', `cluster/${clusterName(c)}`))
  const clusterArn = clusterArnOf(input.cluster)
  const serviceArnOf = (s: { cluster: string; service: string }) =>
    s.service.startsWith('arn:') ? s.service : arn('ecs', `service/${clusterName(s.cluster)}/${s.service}`)
  // Exactly the services named: one exact ARN each, never a wildcard. A CODE_DEPLOY service is only read.
  const codedeploy = input.codedeploy
  const updated = codedeploy ? others : services
  if (codedeploy) allow('EcsReadService', ['ecs:DescribeServices'], serviceArnOf(input))
  if (updated.length > 0)
    allow(
      'EcsUpdateService',
      ['ecs:DescribeServices', 'ecs:UpdateService'],
      one(unique(updated.map(serviceArnOf)))
    )
  if (codedeploy) {
    const codedeployArn = (resource: string) => arn('codedeploy', resource)
    allow(
      'CodeDeployApplication',
      ['codedeploy:GetApplication', 'codedeploy:RegisterApplicationRevision'],
      codedeployArn(`application:${codedeploy.application}`)
    )
    allow(
      'CodeDeployDeploymentGroup',
      [
        'codedeploy:GetDeploymentGroup',
        'codedeploy:CreateDeployment',
        'codedeploy:GetDeployment',
        'codedeploy:GetDeploymentTarget',
        ...(codedeploy.stop ? ['codedeploy:StopDeployment'] : []),
        ...(codedeploy.continue ? ['codedeploy:ContinueDeployment'] : [])
      ],
      codedeployArn(`deploymentgroup:${codedeploy.application}/${codedeploy.deploymentGroup}`)
    )
    allow(
      'CodeDeployDeploymentConfig',
      ['codedeploy:GetDeploymentConfig'],
      codedeployArn(`deploymentconfig:${codedeploy.deploymentConfig}`)
    )
  }

  const deploymentsOf = (list: readonly { cluster: string; service: string }[]) =>
    one(
      unique(
        list.map(s => arn('ecs', `service-deployment/${clusterName(s.cluster)}/${serviceName(s.service)}/*`))
      )
    )
  const inClustersOf = (list: readonly { cluster: string; service: string }[]) => ({
    ArnEquals: { 'ecs:cluster': one(unique(list.map(s => clusterArnOf(s.cluster)))) }
  })

  if (input.describeTasks ?? true) {
    // ListTasks has no task resource to scope; both are limited to the clusters by its condition key.
    allow('EcsReadTasks', ['ecs:ListTasks', 'ecs:DescribeTasks'], '*', inClustersOf(services))
  }

  // BLUE_GREEN, LINEAR and CANARY services: followed through the Service Deployments API, revisions named by a
  // rollback; each service in its own cluster only (the ecs:cluster condition key).
  const staged = services.filter(s => s.stagedDeployment)
  if (staged.length > 0) {
    const deploymentArns = deploymentsOf(staged)
    const revisionArns = staged.map(s =>
      arn('ecs', `service-revision/${clusterName(s.cluster)}/${serviceName(s.service)}/*`)
    )
    allow(
      'EcsFollowServiceDeployment',
      ['ecs:DescribeServiceDeployments', 'ecs:DescribeServiceRevisions'],
      [deploymentArns, unique(revisionArns)].flat(),
      inClustersOf(staged)
    )
    allow(
      'EcsListServiceDeployments',
      ['ecs:ListServiceDeployments'],
      one(unique(staged.map(s => serviceArnOf(s))))
    )
  }
  // Rolling services: their service deployments read while following, stopped to roll back.
  const rolling = services.filter(s => !s.stagedDeployment && !(s === input && input.codedeploy))
  const stopStaged = staged.some(s => s.stagedDeployment?.stop)
  const stopRolling = input.stopServiceDeployment === true && rolling.length > 0
  if (input.readServiceDeployments && rolling.length > 0)
    allow(
      'EcsReadServiceDeployments',
      ['ecs:DescribeServiceDeployments'],
      deploymentsOf(rolling),
      inClustersOf(rolling)
    )
  if (stopStaged || stopRolling) {
    const stopped = [...(stopStaged ? staged : []), ...(stopRolling ? rolling : [])]
    allow(
      'EcsStopServiceDeployment',
      ['ecs:StopServiceDeployment'],
      deploymentsOf(stopped),
      inClustersOf(stopped)
    )
  }
  const continued = staged.filter(s => s.stagedDeployment?.continue)
  if (continued.length > 0)
    allow(
      'EcsContinueServiceDeployment',
      ['ecs:ContinueServiceDeployment'],
      deploymentsOf(continued),
      inClustersOf(continued)
    )

  if (input.readTargetGroups || others.some(o => o.readTargetGroups))
    allow('ElbReadDeregistrationDelay', ['elasticloadbalancing:DescribeTargetGroupAttributes'], '*')

  const runTask = input.runTask
  if (runTask) {
    const onCluster = { ArnEquals: { 'ecs:cluster': clusterArn } }
    allow('EcsRunTask', ['ecs:RunTask'], arn('ecs', `task-definition/${runTask.family}:*`), onCluster)
    allow('EcsFollowTask', ['ecs:DescribeTasks', 'ecs:StopTask'], arn('ecs', `task/${cluster}/*`), onCluster)
  }

  const logGroups = unique(
    [...services.flatMap(s => s.logGroups), ...(runTask?.logGroups ?? [])].filter(g => g !== '')
  )
  if (logGroups.length > 0)
    allow(
      'LogsReadContainerLogs',
      ['logs:GetLogEvents'],
      logGroups.map(group => arn('logs', `log-group:${group}:log-stream:*`))
    )

  const roles = [...services.flatMap(s => [s.taskRoleArn, s.executionRoleArn]), ...(runTask?.roleArns ?? [])]
    .filter((r): r is string => typeof r === 'string' && r !== '')
    .map(r => (r.startsWith('arn:') ? r : `arn:${partition}:iam::${input.accountId}:role/${r}`))
  const uniqueRoles = [...new Set(roles)]
  if (uniqueRoles.length > 0)
    allow('PassTaskRoles', ['iam:PassRole'], uniqueRoles.length === 1 ? uniqueRoles[0]! : uniqueRoles, {
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
    })

  if (input.verify === 'full' && input.verifyReferences) {
    const all = [input.verifyReferences, ...others.flatMap(o => o.verifyReferences ?? [])]
    const refs: FullReferences = {
      logGroups: all.flatMap(r => r.logGroups),
      secrets: all.flatMap(r => r.secrets),
      parameters: all.flatMap(r => r.parameters),
      roles: all.flatMap(r => r.roles)
    }
    const regions = [...new Set(refs.logGroups.map(g => g.region ?? input.region))]
    if (regions.length > 0)
      allow(
        'VerifyLogGroups',
        ['logs:DescribeLogGroups'],
        regions.map(r => arn('logs', 'log-group:*', r))
      )
    // A valueFrom may name a secret by its full ARN or without ECS's random suffix: allow both spellings.
    const secrets = [...new Set(refs.secrets.flatMap(s => [s.id, `${s.id}-??????`]))]
    if (secrets.length > 0) allow('VerifySecrets', ['secretsmanager:DescribeSecret'], secrets)
    if (refs.parameters.length > 0) allow('VerifyParameters', ['ssm:DescribeParameters'], '*')
    const verifyRoles = [...new Set(refs.roles.map(r => r.arn))]
    if (verifyRoles.length > 0) allow('VerifyRoles', ['iam:GetRole'], verifyRoles)
  }

  return { Version: '2012-10-17', Statement: statements }
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}

/** What the basic pre-flight check reads of an image: its manifest, and a single-platform image's config blob. */
const VERIFY_IMAGE_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']

/** Each statement's Sid and actions: what an end-to-end test removes one at a time to prove each is needed. */
export function policyStatements(policy: PolicyDocument): { sid: string; actions: string[] }[] {
  return policy.Statement.map(s => ({ sid: s.Sid, actions: [...s.Action] }))
}

/** The same policy without one statement. */
export function withoutStatement(policy: PolicyDocument, sid: string): PolicyDocument {
  return { ...policy, Statement: policy.Statement.filter(s => s.Sid !== sid) }
}

export interface IamPolicyForInput {
  region: string
  accountId: string
  repository?: { name: string; registryId?: string; region?: string }
  pushImage: boolean
  /** The run asks ECR for a login (see DeployPolicyInput.registryLogin); default: pushImage. */
  registryLogin?: boolean
  cluster: string
  service: string
  /** The task definition being deployed: family, roles, log groups and tags come from it. */
  taskDefinition: AnyTaskDefinition
  /** Tags registered with the task definition (beside it, not in it). */
  tags?: readonly unknown[]
  rollback: boolean
  describeTasks?: boolean
  /** The service has service deployments and the rollout is followed (default true, as describeTasks). */
  serviceDeployments?: boolean
  /** on-cancel rollback (StopServiceDeployment), besides rollback-on-failure (default false). */
  rollbackOnCancel?: boolean
  readTargetGroups?: boolean
  /** The one-off task: its family, its own task definition (undefined: the service's) and its container. */
  runTask?: {
    family: string
    taskDefinition?: AnyTaskDefinition
    tags?: readonly unknown[]
    container: string
  }
  verify?: 'basic' | 'full' | 'off'
  /** The first service deploys BLUE_GREEN, LINEAR or CANARY (see DeployPolicyInput.stagedDeployment). */
  stagedDeployment?: ServiceDeploymentAccess
  /** The release's other services (input `services`), each with its own task definition. */
  otherServices?: {
    cluster: string
    service: string
    taskDefinition: AnyTaskDefinition
    tags?: readonly unknown[]
    readTargetGroups?: boolean
    /** This service deploys BLUE_GREEN, LINEAR or CANARY. */
    stagedDeployment?: ServiceDeploymentAccess
  }[]
  /** The CodeDeploy deployment of a CODE_DEPLOY service (see DeployPolicyInput.codedeploy). */
  codedeploy?: CodeDeployPolicyInput
}

/** The policy for a deploy of this task definition, as pretty JSON (for the dry run, the output and the CLI). */
export function iamPolicyFor(input: IamPolicyForInput): string {
  return JSON.stringify(deployPolicy(deployPolicyInputFor(input)), null, 2)
}

export function deployPolicyInputFor(input: IamPolicyForInput): DeployPolicyInput {
  const others = (input.otherServices ?? []).map(o => servicePolicyInput(o, input))
  return {
    region: input.region,
    accountId: input.accountId,
    repository: input.repository,
    pushImage: input.pushImage,
    registryLogin: input.registryLogin,
    ...servicePolicyInput(input, input),
    rollback: input.rollback,
    describeTasks: input.describeTasks,
    ...serviceDeploymentActions(input),
    readTargetGroups: input.readTargetGroups,
    ...(input.runTask ? { runTask: runTaskPolicyInput(input.runTask, input.taskDefinition) } : {}),
    verify: input.verify,
    ...(input.stagedDeployment ? { stagedDeployment: input.stagedDeployment } : {}),
    ...(others.length > 0 ? { otherServices: others } : {}),
    ...(input.codedeploy ? { codedeploy: input.codedeploy } : {})
  }
}

/** One service's part of the policy input, from its task definition (family, roles, log groups, tags). */
function servicePolicyInput(
  service: NonNullable<IamPolicyForInput['otherServices']>[number],
  input: Pick<IamPolicyForInput, 'verify' | 'accountId'>
): OtherServicePolicyInput {
  const td = service.taskDefinition
  const refs = rolesAndLogGroups(td)
  const family = asRecord(td).family
  const inlineTags = asRecord(td).tags
  return {
    cluster: service.cluster,
    service: service.service,
    family: typeof family === 'string' ? family : '*',
    taskRoleArn: refs.taskRoleArn,
    executionRoleArn: refs.executionRoleArn,
    logGroups: refs.logGroups,
    tagTaskDefinition:
      (service.tags?.length ?? 0) > 0 || (Array.isArray(inlineTags) && inlineTags.length > 0),
    readTargetGroups: service.readTargetGroups,
    verifyReferences: input.verify === 'full' ? fullReferences(td, input.accountId) : undefined,
    ...(service.stagedDeployment ? { stagedDeployment: service.stagedDeployment } : {})
  }
}

/** What the rolling path does with service deployments: read them while following, stop one to roll back. */
function serviceDeploymentActions(
  input: IamPolicyForInput
): Pick<DeployPolicyInput, 'readServiceDeployments' | 'stopServiceDeployment'> {
  // A CODE_DEPLOY service's deployments are CodeDeploy's: it has no service deployments to read or stop.
  const has = !input.codedeploy && (input.serviceDeployments ?? true)
  const followed = input.describeTasks ?? true
  return {
    readServiceDeployments: has && followed,
    stopServiceDeployment: has && ((input.rollback && followed) || input.rollbackOnCancel === true)
  }
}

function runTaskPolicyInput(
  runTask: NonNullable<IamPolicyForInput['runTask']>,
  serviceTd: AnyTaskDefinition
): NonNullable<DeployPolicyInput['runTask']> {
  const td = runTask.taskDefinition ?? serviceTd
  const own = runTask.taskDefinition ? rolesAndLogGroups(runTask.taskDefinition) : undefined
  const group = containerLogGroup(td, runTask.container)
  return {
    family: runTask.family,
    logGroups: group ? [group] : [],
    roleArns: [own?.taskRoleArn, own?.executionRoleArn].filter((r): r is string => !!r)
  }
}

/** The awslogs group of one container. */
function containerLogGroup(td: AnyTaskDefinition, container: string): string | undefined {
  const group = awslogsOptions(td, container)?.['awslogs-group']
  return typeof group === 'string' && group !== '' ? group : undefined
}

function serviceName(service: string): string {
  // arn:aws:ecs:region:account:service/CLUSTER/NAME
  return service.startsWith('arn:') ? service.slice(service.lastIndexOf('/') + 1) : service
}

function clusterName(cluster: string): string {
  // arn:aws:ecs:region:account:cluster/NAME
  return cluster.startsWith('arn:') ? cluster.slice(cluster.indexOf('cluster/') + 'cluster/'.length) : cluster
}
