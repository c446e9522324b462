// The policy input of a deploy, from its settings and task definitions (families, roles, log groups and tags are
// read from them): what the plan, the dry run and the CLI hand the builder.
import { rolesAndLogGroups } from '../taskdef/references.js'
import { awslogsOptions } from '../run-task/logs.js'
import { asRecord, type AnyTaskDefinition } from '../taskdef/types.js'
import { fullReferences } from '../verify/findings.js'
import { deployPolicy } from './policy.js'
import type {
  CodeDeployPolicyInput,
  DeployPolicyInput,
  OtherServicePolicyInput,
  ServiceDeploymentAccess
} from './types.js'

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
    /** This service has the CODE_DEPLOY deployment controller: its own application and group. */
    codedeploy?: CodeDeployPolicyInput
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
    ...(others.length > 0 ? { otherServices: others } : {})
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
    ...(service.stagedDeployment ? { stagedDeployment: service.stagedDeployment } : {}),
    ...(service.codedeploy ? { codedeploy: service.codedeploy } : {})
  }
}

/** What the rolling path does with service deployments: read them while following, stop one to roll back. */
function serviceDeploymentActions(
  input: IamPolicyForInput
): Pick<DeployPolicyInput, 'readServiceDeployments' | 'stopServiceDeployment'> {
  // A CODE_DEPLOY service's deployments are CodeDeploy's: the statements leave it out of the rolling services.
  const has = input.serviceDeployments ?? true
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
