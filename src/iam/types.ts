// What the IAM policy is made from (the deploy's own settings, as the statements need them) and what it is.
import type { FullReferences } from '../verify/findings.js'

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
   * The service has the CODE_DEPLOY deployment controller: a CodeDeploy deployment replaces its UpdateService (on
   * the first service, and on each of `otherServices` that has it).
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
  | 'codedeploy'
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
