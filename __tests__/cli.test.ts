import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { main, parseRepository, USAGE } from '../src/cli.js'
import type { PolicyDocument } from '../src/iam/types.js'
import { writeMalformed } from '../__fixtures__/task-definitions/malformed.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const fixture = (name: string): string => path.join(root, '__fixtures__', 'task-definitions', name)

async function cli(
  argv: string[],
  env: NodeJS.ProcessEnv = {}
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: t => (stdout += t), stderr: t => (stderr += t), env })
  return { code, stdout, stderr }
}

const resources = (policy: PolicyDocument, sid: string): unknown =>
  policy.Statement.find(s => s.Sid === sid)?.Resource

/** A deploy of fargate.json that pushes to the catalog repository: the base for flags that change the policy. */
const catalogDeploy = (): string[] => [
  'iam-policy',
  '--task-definition',
  fixture('fargate.json'),
  '--cluster',
  'c',
  '--service',
  's',
  '--repository',
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalog'
]

describe('release-to-ecs iam-policy', () => {
  it('prints the policy for a repository URI, taking account and region from it', async () => {
    const result = await cli([
      'iam-policy',
      '--task-definition',
      fixture('console-export.json'),
      '--cluster',
      'prod',
      '--service',
      'orders-api',
      '--repository',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api'
    ])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const policy = JSON.parse(result.stdout) as PolicyDocument
    expect(policy.Version).toBe('2012-10-17')
    expect(resources(policy, 'EcrPushImage')).toBe('arn:aws:ecr:eu-west-1:123456789012:repository/orders-api')
    expect(resources(policy, 'EcsUpdateService')).toBe(
      'arn:aws:ecs:eu-west-1:123456789012:service/prod/orders-api'
    )
    expect(resources(policy, 'LogsReadContainerLogs')).toEqual([
      'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/orders-api:log-stream:*'
    ])
    expect(resources(policy, 'PassTaskRoles')).toEqual([
      'arn:aws:iam::123456789012:role/orders-api-task',
      'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'
    ])
    // The export carries tags, which registration applies: tagging permission for this family only.
    expect(resources(policy, 'EcsTagTaskDefinition')).toBe(
      'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-api:*'
    )
  })

  it('takes a repository name with --account and --region (also as --name=value)', async () => {
    const result = await cli([
      'iam-policy',
      '--task-definition=' + fixture('fargate.yaml'),
      '--cluster=staging',
      '--service=catalog',
      '--repository=catalog',
      '--account=210987654321',
      '--region=us-gov-west-1'
    ])
    expect(result.code).toBe(0)
    const policy = JSON.parse(result.stdout) as PolicyDocument
    expect(resources(policy, 'EcrReadImages')).toBe(
      'arn:aws-us-gov:ecr:us-gov-west-1:210987654321:repository/catalog'
    )
    expect(resources(policy, 'PassTaskRoles')).toEqual([
      'arn:aws:iam::123456789012:role/catalog-task',
      'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'
    ])
    expect(result.stderr).toBe('Note: ARNs use the aws-us-gov partition for region us-gov-west-1.\n')
  })

  it('uses AWS_REGION when neither --region nor a URI gives one', async () => {
    const result = await cli(
      [
        'iam-policy',
        '--task-definition',
        fixture('fargate.json'),
        '--cluster',
        'c',
        '--service',
        's',
        '--repository',
        'catalog',
        '--account',
        '123456789012'
      ],
      { AWS_REGION: 'ap-southeast-2' }
    )
    expect(resources(JSON.parse(result.stdout) as PolicyDocument, 'EcsUpdateService')).toBe(
      'arn:aws:ecs:ap-southeast-2:123456789012:service/c/s'
    )
  })

  it('with --no-push and no repository, grants no ECR access at all', async () => {
    const result = await cli([
      'iam-policy',
      '--task-definition',
      fixture('ec2-bridge.json'),
      '--cluster',
      'c',
      '--service',
      's',
      '--no-push',
      '--region',
      'us-east-1',
      '--account',
      '123456789012'
    ])
    expect(result.code).toBe(0)
    const policy = JSON.parse(result.stdout) as PolicyDocument
    expect(policy.Statement.map(s => s.Sid)).toEqual([
      'EcsTaskDefinitions',
      'EcsUpdateService',
      'EcsReadTasks',
      'EcsReadServiceDeployments'
    ])
  })

  it("with --rollback, adds StopServiceDeployment on the service's service deployments and nothing else (no role)", async () => {
    const args = catalogDeploy()
    const plain = JSON.parse((await cli(args)).stdout)
    const result = await cli([...args, '--rollback'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const policy = JSON.parse(result.stdout)
    expect(policy.Statement).toHaveLength(plain.Statement.length + 1)
    expect(policy.Statement).toEqual(
      expect.arrayContaining([
        ...plain.Statement,
        {
          Sid: 'EcsStopServiceDeployment',
          Effect: 'Allow',
          Action: ['ecs:StopServiceDeployment'],
          Resource: 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/c/s/*',
          Condition: { ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/c' } }
        }
      ])
    )
  })

  it("with --load-balanced, adds reading the target groups' deregistration delay and nothing else", async () => {
    const args = catalogDeploy()
    const plain = JSON.parse((await cli(args)).stdout)
    const result = await cli([...args, '--load-balanced'])
    expect(result.code).toBe(0)
    const policy = JSON.parse(result.stdout)
    expect(policy.Statement).toHaveLength(plain.Statement.length + 1)
    expect(policy.Statement).toEqual(
      expect.arrayContaining([
        ...plain.Statement,
        {
          Sid: 'ElbReadDeregistrationDelay',
          Effect: 'Allow',
          Action: ['elasticloadbalancing:DescribeTargetGroupAttributes'],
          Resource: '*'
        }
      ])
    )
  })

  it('with --codedeploy, CodeDeploy on the console-named application and group instead of ecs:UpdateService', async () => {
    const result = await cli([...catalogDeploy(), '--codedeploy', '--rollback'])
    expect(result.code).toBe(0)
    const policy = JSON.parse(result.stdout) as PolicyDocument
    expect(result.stdout).not.toContain('ecs:UpdateService')
    expect(resources(policy, 'CodeDeployApplication')).toBe(
      'arn:aws:codedeploy:eu-west-1:123456789012:application:AppECS-c-s'
    )
    expect(policy.Statement.find(s => s.Sid === 'CodeDeployDeploymentGroup')).toMatchObject({
      Resource: 'arn:aws:codedeploy:eu-west-1:123456789012:deploymentgroup:AppECS-c-s/DgpECS-c-s',
      Action: expect.arrayContaining(['codedeploy:CreateDeployment', 'codedeploy:StopDeployment'])
    })
    expect(result.stdout).not.toContain('codedeploy:ContinueDeployment')
    const named = JSON.parse(
      (
        await cli([
          ...catalogDeploy(),
          '--codedeploy',
          '--codedeploy-deployment-config=CodeDeployDefault.ECSCanary10Percent5Minutes',
          '--on-pause-continue'
        ])
      ).stdout
    ) as PolicyDocument
    expect(resources(named, 'CodeDeployDeploymentConfig')).toBe(
      'arn:aws:codedeploy:eu-west-1:123456789012:deploymentconfig:CodeDeployDefault.ECSCanary10Percent5Minutes'
    )
    expect(JSON.stringify(named)).toContain('codedeploy:ContinueDeployment')
    expect(JSON.stringify(named)).not.toContain('codedeploy:StopDeployment')
  })

  it('with --no-push, lets a repository given by name be found through the ECR login; a URI needs no login', async () => {
    const args = [
      'iam-policy',
      '--task-definition',
      fixture('fargate.json'),
      '--cluster',
      'c',
      '--service',
      's',
      '--no-push'
    ]
    const byName = await cli([
      ...args,
      '--repository',
      'catalog',
      '--region',
      'eu-west-1',
      '--account',
      '123456789012'
    ])
    expect(byName.code).toBe(0)
    const sidsOf = (stdout: string) => (JSON.parse(stdout) as PolicyDocument).Statement.map(s => s.Sid)
    expect(sidsOf(byName.stdout)).toEqual(expect.arrayContaining(['EcrLogin', 'EcrReadImages']))
    expect(sidsOf(byName.stdout)).not.toContain('EcrPushImage')
    const byUri = await cli([...args, '--repository', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalog'])
    expect(sidsOf(byUri.stdout)).not.toContain('EcrLogin')
    expect(sidsOf(byUri.stdout)).toContain('EcrReadImages')
  })

  it.each([
    ['iam-policy --cluster c --service s', 'missing --task-definition, --repository'],
    [
      'iam-policy --task-definition td.json --cluster c --service s --repository web --region eu-west-1',
      'no account: give --account 123456789012, or the repository as a full ECR URI'
    ],
    [
      'iam-policy --task-definition td.json --cluster c --service s --repository web --account 1',
      'no region: give --region, a repository URI, or set AWS_REGION'
    ],
    [
      'iam-policy --task-definition td.json --cluster c --service s --repository web --account 12 --region eu-west-1',
      '--account "12" is not a 12-digit AWS account id'
    ],
    [
      'iam-policy --task-definition td.json --cluster c --service s --repository Web! --account 123456789012',
      '--repository "Web!" is not a valid ECR repository name'
    ],
    [
      'iam-policy --task-definition td.json --cluster c --service s --repository ghcr.io/acme/web',
      '--repository ghcr.io/acme/web is not an ECR repository URI'
    ],
    ['iam-policy --cluster', '--cluster needs a value'],
    ['iam-policy --cluster --service s', '--cluster needs a value'],
    ['iam-policy --colour red', 'unknown option --colour'],
    ['iam-policy --rollback=yes', '--rollback takes no value'],
    ['iam-policy extra', 'unexpected argument "extra"; options start with --'],
    ['iam-policy --cluster a --cluster b', '--cluster is given twice'],
    ['deploy', 'unknown command "deploy"; the command is iam-policy']
  ])('%s is a usage error: %s', async (commandLine, message) => {
    const result = await cli(commandLine.split(' '))
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`release-to-ecs: ${message}`)
    expect(result.stderr).toContain(USAGE)
  })

  it('fails with the task definition problem, without the usage text', async () => {
    const result = await cli([
      'iam-policy',
      '--task-definition',
      writeMalformed('missing-comma.json'),
      '--cluster',
      'c',
      '--service',
      's',
      '--repository',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalog'
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^release-to-ecs: missing-comma\.json:4:3: Expected ',' or '\}'/)
    expect(result.stderr).not.toContain('Usage:')
  })

  it('prints the usage with --help, and on stderr with no command', async () => {
    expect(await cli(['--help'])).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: '' })
    expect(await cli(['iam-policy', '--help'])).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: '' })
    expect(await cli([])).toEqual({ code: 2, stdout: '', stderr: `${USAGE}\n` })
  })

  it('runs as a program', () => {
    const stdout = execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        path.join(root, 'src', 'cli.ts'),
        'iam-policy',
        '--task-definition',
        fixture('fargate.json'),
        '--cluster',
        'prod',
        '--service',
        'catalog',
        '--repository',
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalog'
      ],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }
    )
    expect(
      (JSON.parse(stdout) as PolicyDocument).Statement.find(s => s.Sid === 'EcsUpdateService')?.Resource
    ).toBe('arn:aws:ecs:eu-west-1:123456789012:service/prod/catalog')
  }, 30_000)
})

describe('parseRepository', () => {
  it.each([
    ['web', { name: 'web' }],
    ['team/web-api', { name: 'team/web-api' }],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web',
      { name: 'web', accountId: '123456789012', region: 'eu-west-1' }
    ],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.2.3',
      { name: 'team/web', accountId: '123456789012', region: 'eu-west-1' }
    ],
    [
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web',
      { name: 'web', accountId: '123456789012', region: 'cn-north-1' }
    ],
    [
      'https://123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:abc',
      { name: 'web', accountId: '123456789012', region: 'us-east-1' }
    ]
  ])('%s', (value, expected) => {
    expect(parseRepository(value)).toEqual(expected)
  })
})
