// release-to-ecs iam-policy: print the least-privilege policy a deploy needs, from the task definition file.
import * as fs from 'node:fs'
import { pathToFileURL } from 'node:url'
import { ECR_REPOSITORY_NAME, parseImageUri, REGION_PATTERN } from './aws/ecr-uri.js'
import { consoleNames } from './deploy/codedeploy-names.js'
import { deployPolicy } from './iam/policy.js'
import { deployPolicyInputFor, iamPolicyFor } from './iam/policy-input.js'
import { partitionOf } from './iam/scope.js'
import { loadTaskDefinition } from './taskdef/index.js'
import { loadYamlFor } from './yaml.js'

export { iamPolicyFor }

export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  env: NodeJS.ProcessEnv
}

export const USAGE = `Usage: release-to-ecs iam-policy --task-definition FILE --cluster CLUSTER --service SERVICE --repository REPO
                      [--region REGION] [--account ACCOUNT_ID] [--rollback] [--no-push] [--load-balanced] [--verify-full]
                      [--run-task [--run-task-container NAME] [--run-task-task-definition FILE]]
                      [--task-role-arn ARN] [--execution-role-arn ARN]
                      [--codedeploy [--codedeploy-application APP] [--codedeploy-deployment-group GROUP]
                       [--codedeploy-deployment-config CONFIG] [--on-cancel-rollback] [--on-pause-continue]]
       release-to-ecs iam-policy --task-definition-family FAMILY[:REVISION] --cluster ... (the same options)

Prints the least-privilege IAM policy (JSON) that release-to-ecs needs to deploy this task definition.
  --task-definition  task definition file (JSON or YAML); roles, log groups and tags are read from it
  --task-definition-family
                     or: the task definition is kept in ECS (task-definition-family / task-definition-arn);
                     give its roles with --task-role-arn / --execution-role-arn
  --task-role-arn, --execution-role-arn
                     roles the deploy passes (the task-role-arn / execution-role-arn inputs, or the ECS
                     task definition's): iam:PassRole covers them
  --cluster          ECS cluster name or ARN
  --service          ECS service name or ARN
  --repository       ECR repository name, or its URI (123456789012.dkr.ecr.eu-west-1.amazonaws.com/web),
                     which also gives the account and region; may be left out with --no-push for images outside ECR
  --region           AWS region (default: the repository URI's, then AWS_REGION, then AWS_DEFAULT_REGION)
  --account          AWS account id that runs the service (default: the repository URI's account)
  --rollback         the deploy uses rollback-on-failure (or on-cancel: rollback): ecs:StopServiceDeployment
  --no-push          the deploy uses an existing image and pushes nothing (read-only ECR access)
  --load-balanced    the service sits behind load balancer target groups (the rollout watcher reads their
                     deregistration delay)
  --run-task         the deploy runs a one-off task first (run-task-command): RunTask on its family, follow and
                     stop it in the cluster, read its container's log, pass its roles
  --run-task-container        container that runs the command (default: the only one, or the first)
  --run-task-task-definition  the one-off task's own task definition file (run-task-task-definition)
  --verify-full      the deploy uses verify: full (reads that its log groups, secrets, parameters and roles exist)
  --codedeploy       the service has the CODE_DEPLOY deployment controller: CodeDeploy instead of ecs:UpdateService,
                     on the application and deployment group (default AppECS-CLUSTER-SERVICE, DgpECS-CLUSTER-SERVICE)
                     and the deployment configuration (default CodeDeployDefault.ECSAllAtOnce: give the group's);
                     StopDeployment with --rollback or --on-cancel-rollback, ContinueDeployment with --on-pause-continue`

class UsageError extends Error {}

const VALUE_OPTIONS = [
  'task-definition',
  'task-definition-family',
  'task-role-arn',
  'execution-role-arn',
  'cluster',
  'service',
  'repository',
  'region',
  'account',
  'run-task-container',
  'run-task-task-definition',
  'codedeploy-application',
  'codedeploy-deployment-group',
  'codedeploy-deployment-config'
] as const
const FLAG_OPTIONS = [
  'rollback',
  'no-push',
  'load-balanced',
  'run-task',
  'verify-full',
  'codedeploy',
  'on-cancel-rollback',
  'on-pause-continue'
] as const
type ValueOption = (typeof VALUE_OPTIONS)[number]
type FlagOption = (typeof FLAG_OPTIONS)[number]

export interface IamPolicyArgs {
  values: Partial<Record<ValueOption, string>>
  flags: Set<FlagOption>
}

/** Parses `iam-policy` options: `--name value`, `--name=value` and the flags. */
export function parseIamPolicyArgs(args: readonly string[]): IamPolicyArgs {
  const values: Partial<Record<ValueOption, string>> = {}
  const flags = new Set<FlagOption>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('--'))
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}; options start with --`)
    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq < 0 ? undefined : eq)
    if ((FLAG_OPTIONS as readonly string[]).includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`)
      flags.add(name as FlagOption)
    } else if ((VALUE_OPTIONS as readonly string[]).includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i]
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
        throw new UsageError(`--${name} needs a value`)
      if (values[name as ValueOption] !== undefined) throw new UsageError(`--${name} is given twice`)
      values[name as ValueOption] = value
    } else {
      throw new UsageError(`unknown option --${name}`)
    }
  }
  return { values, flags }
}

/** --codedeploy: the application, group and configuration, the console's names by default. */
function codeDeployPolicyArgs(
  values: IamPolicyArgs['values'],
  flags: IamPolicyArgs['flags']
): NonNullable<Parameters<typeof deployPolicyInputFor>[0]['codedeploy']> {
  const defaults = consoleNames(values.cluster!, values.service!)
  return {
    application: values['codedeploy-application'] ?? defaults.application,
    deploymentGroup: values['codedeploy-deployment-group'] ?? defaults.deploymentGroup,
    deploymentConfig: values['codedeploy-deployment-config'] ?? 'CodeDeployDefault.ECSAllAtOnce',
    stop: flags.has('rollback') || flags.has('on-cancel-rollback'),
    continue: flags.has('on-pause-continue')
  }
}

/** A repository as a name (`web`, `team/web`) or a URI (`123456789012.dkr.ecr.eu-west-1.amazonaws.com/web`). */
export function parseRepository(value: string): { name: string; accountId?: string; region?: string } {
  // Only the repository matters here: a scheme and a digest (of any form) are dropped before parsing.
  const uri = parseImageUri(value.replace(/^https?:\/\//, '').replace(/@.*$/, ''))
  if (uri?.registryId) return { accountId: uri.registryId, region: uri.region, name: uri.repository }
  if (value.includes('.') && value.includes('/'))
    throw new UsageError(
      `--repository ${value} is not an ECR repository URI (ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME) or a repository name`
    )
  if (!ECR_REPOSITORY_NAME.test(value))
    throw new UsageError(
      `--repository ${JSON.stringify(value)} is not a valid ECR repository name (lowercase letters, digits, . _ - and /)`
    )
  return { name: value }
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    ;(command === undefined ? io.stderr : io.stdout)(`${USAGE}\n`)
    return command === undefined ? 2 : 0
  }
  try {
    if (command !== 'iam-policy')
      throw new UsageError(`unknown command ${JSON.stringify(command)}; the command is iam-policy`)
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${USAGE}\n`)
      return 0
    }
    const { values, flags } = parseIamPolicyArgs(rest)
    const push = !flags.has('no-push')
    const required: ValueOption[] = push ? ['cluster', 'service', 'repository'] : ['cluster', 'service']
    const sources = (['task-definition', 'task-definition-family'] as const).filter(
      k => values[k] !== undefined
    )
    if (sources.length === 0) required.unshift('task-definition')
    if (sources.length > 1)
      throw new UsageError('give --task-definition or --task-definition-family, not both')
    const missing = required.filter(k => values[k] === undefined)
    if (missing.length > 0) throw new UsageError(`missing ${missing.map(m => `--${m}`).join(', ')}`)

    const repository = values.repository === undefined ? undefined : parseRepository(values.repository)
    const region =
      values.region ?? repository?.region ?? (io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || undefined)
    if (!region) throw new UsageError('no region: give --region, a repository URI, or set AWS_REGION')
    if (!REGION_PATTERN.test(region))
      throw new UsageError(`--region ${JSON.stringify(region)} is not an AWS region such as eu-west-1`)
    const accountId = values.account ?? repository?.accountId
    if (!accountId)
      throw new UsageError('no account: give --account 123456789012, or the repository as a full ECR URI')
    if (!/^\d{12}$/.test(accountId))
      throw new UsageError(`--account ${JSON.stringify(accountId)} is not a 12-digit AWS account id`)

    await loadYamlFor([values['task-definition'], values['run-task-task-definition']])
    const loaded = values['task-definition']
      ? loadTaskDefinition(values['task-definition'])
      : {
          definition: { family: values['task-definition-family']!.split(':')[0]!, containerDefinitions: [] },
          family: values['task-definition-family']!.split(':')[0]!,
          tags: []
        }
    // The roles the inputs override (or the ECS task definition holds) are the ones passed.
    const definition = {
      ...loaded.definition,
      ...(values['task-role-arn'] ? { taskRoleArn: values['task-role-arn'] } : {}),
      ...(values['execution-role-arn'] ? { executionRoleArn: values['execution-role-arn'] } : {})
    }
    const runTaskFile = values['run-task-task-definition']
    if (!flags.has('run-task') && (runTaskFile || values['run-task-container']))
      throw new UsageError('--run-task-container and --run-task-task-definition go with --run-task')
    const own = runTaskFile ? loadTaskDefinition(runTaskFile) : undefined
    const runTaskTd = own ?? loaded
    const containers = runTaskTd.definition.containerDefinitions ?? []
    const input = deployPolicyInputFor({
      region,
      accountId,
      repository: repository && {
        name: repository.name,
        registryId: repository.accountId,
        // A URI names the registry's region; with a plain name the registry is in the deploy's region.
        region: repository.region
      },
      pushImage: push,
      // The action finds a repository given by name through ECR's login, also when it pushes nothing.
      registryLogin: push || (repository !== undefined && repository.accountId === undefined),
      cluster: values.cluster!,
      service: values.service!,
      taskDefinition: definition,
      tags: loaded.tags,
      rollback: flags.has('rollback'),
      readTargetGroups: flags.has('load-balanced'),
      ...(flags.has('run-task')
        ? {
            runTask: {
              family: runTaskTd.family,
              taskDefinition: own?.definition,
              container: values['run-task-container'] ?? containers[0]?.name ?? ''
            }
          }
        : {}),
      verify: flags.has('verify-full') ? 'full' : 'basic',
      ...(flags.has('codedeploy') ? { codedeploy: codeDeployPolicyArgs(values, flags) } : {})
    })
    io.stdout(`${JSON.stringify(deployPolicy(input), null, 2)}\n`)
    if (partitionOf(region) !== 'aws')
      io.stderr(`Note: ARNs use the ${partitionOf(region)} partition for region ${region}.\n`)
    return 0
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`release-to-ecs: ${error.message}\n\n${USAGE}\n`)
      return 2
    }
    io.stderr(`release-to-ecs: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}

function runDirectly(): boolean {
  const script = process.argv[1]
  if (!script) return false
  try {
    return import.meta.url === pathToFileURL(fs.realpathSync(script)).href
  } catch {
    return false
  }
}

if (runDirectly()) {
  const io: CliIo = {
    stdout: t => process.stdout.write(t),
    stderr: t => process.stderr.write(t),
    env: process.env
  }
  main(process.argv.slice(2), io).then(
    code => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(`release-to-ecs: ${String(error)}\n`)
      process.exitCode = 1
    }
  )
}
