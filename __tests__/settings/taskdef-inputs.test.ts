import { describe, expect, it } from '@jest/globals'
import { envInputReader, readSettings, SettingsError, type Settings } from '../../src/settings/index.js'

const base = { service: 'web', 'ecr-repository': 'web' }

function read(inputs: Record<string, string>): Settings {
  const env = Object.fromEntries(
    Object.entries({ ...base, ...inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])
  )
  return readSettings(envInputReader(env), { ...env, AWS_REGION: 'eu-west-1', GITHUB_WORKSPACE: '/w' })
}

function problems(inputs: Record<string, string>): string[] {
  try {
    read(inputs)
  } catch (e) {
    if (e instanceof SettingsError) return e.problems
    throw e
  }
  throw new Error('expected a SettingsError')
}

describe('where the task definition comes from', () => {
  it('is a file by default, resolved in the workspace', () => {
    const s = read({ 'task-definition': 'td.json' })
    expect(s.taskDefinitionSource).toEqual({ kind: 'file', path: '/w/td.json' })
    expect(s.taskDefinitionPath).toBe('/w/td.json')
  })

  it('is a family (latest ACTIVE) or family:revision', () => {
    expect(read({ 'task-definition-family': 'web' }).taskDefinitionSource).toEqual({
      kind: 'family',
      family: 'web',
      revision: undefined
    })
    const s = read({ 'task-definition-family': 'web:42' })
    expect(s.taskDefinitionSource).toEqual({ kind: 'family', family: 'web', revision: 42 })
    expect(s.taskDefinitionPath).toBeUndefined()
  })

  it('is an ARN with its revision', () => {
    const arn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7'
    expect(read({ 'task-definition-arn': arn }).taskDefinitionSource).toEqual({ kind: 'arn', arn })
  })

  it('must be given', () => {
    expect(problems({})).toEqual([
      expect.stringMatching(/^task-definition is missing; .*task-definition-family/)
    ])
  })

  it('must be given once', () => {
    expect(problems({ 'task-definition': 'td.json', 'task-definition-family': 'web' })).toEqual([
      'task-definition and task-definition-family are all set; give exactly one place the task definition comes from.'
    ])
  })

  it.each(['web:', 'web:0', 'web:1:2', 'we b', 'web:latest'])('refuses the family "%s"', family => {
    expect(problems({ 'task-definition-family': family })).toEqual([
      expect.stringContaining(`task-definition-family is "${family}"; give a family`)
    ])
  })

  it('refuses an ARN without a revision or of something else', () => {
    for (const arn of [
      'arn:aws:ecs:eu-west-1:123456789012:task-definition/web',
      'arn:aws:ecs:eu-west-1:123456789012:service/c/web'
    ])
      expect(problems({ 'task-definition-arn': arn })).toEqual([
        expect.stringContaining(
          `task-definition-arn is "${arn}"; give a task definition ARN with its revision`
        )
      ])
  })
})

describe('containers and images', () => {
  const td = { 'task-definition': 'td.json' }

  it('container-name takes several containers, by commas or lines', () => {
    const s = read({ ...td, 'container-name': 'app, worker\nmigrate' })
    expect(s.containerNames).toEqual(['app', 'worker', 'migrate'])
    expect(s.containerName).toBe('app')
  })

  it('refuses a container named twice or a bad name', () => {
    expect(problems({ ...td, 'container-name': 'app,app' })).toEqual([
      'container-name names app twice; name each container once.'
    ])
    expect(problems({ ...td, 'container-name': 'app\n::stop-commands::x' })).toEqual([
      expect.stringContaining('container-name has "::stop-commands::x"; a container name has letters, digits')
    ])
  })

  it('container-images pins other containers; one given both ways is refused', () => {
    const s = read({ ...td, 'container-name': 'app', 'container-images': 'nginx=nginx:1.27\nlog=fluent:2' })
    expect(s.containerImages).toEqual([
      { container: 'nginx', image: 'nginx:1.27' },
      { container: 'log', image: 'fluent:2' }
    ])
    expect(problems({ ...td, 'container-name': 'app', 'container-images': 'app=nginx:1' })).toEqual([
      expect.stringContaining('container-images sets an image for app, which container-name names too')
    ])
  })
})

describe('overrides', () => {
  const td = { 'task-definition': 'td.json' }

  it('reads every override, values keeping everything after the first =', () => {
    const o = read({
      ...td,
      'environment-variables': 'JAVA_OPTS=-Xmx512m -Dx=y\nLOG_LEVEL=debug',
      secrets: 'DB=arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::\nKEY=/prod/key',
      'env-files': 'arn:aws:s3:::bucket/prod.env',
      command: `java -jar "app one.jar" --name='x y'`,
      'docker-labels': 'team=payments',
      'log-configuration-log-driver': 'awslogs',
      'log-configuration-options': 'awslogs-group=/ecs/prod',
      'task-role-arn': 'arn:aws:iam::123456789012:role/prod-task',
      'execution-role-arn': 'arn:aws:iam::123456789012:role/prod-exec',
      cpu: '1024',
      memory: '2048'
    }).overrides
    expect(o.environment).toEqual([
      { name: 'JAVA_OPTS', value: '-Xmx512m -Dx=y' },
      { name: 'LOG_LEVEL', value: 'debug' }
    ])
    expect(o.secrets.map(s => s.name)).toEqual(['DB', 'KEY'])
    expect(o.environmentFiles).toEqual(['arn:aws:s3:::bucket/prod.env'])
    expect(o.command).toEqual(['java', '-jar', 'app one.jar', '--name=x y'])
    expect(o.dockerLabels).toEqual([{ name: 'team', value: 'payments' }])
    expect(o.logDriver).toBe('awslogs')
    expect(o.logOptions).toEqual([{ name: 'awslogs-group', value: '/ecs/prod' }])
    expect(o.taskRoleArn).toBe('arn:aws:iam::123456789012:role/prod-task')
    expect(o.executionRoleArn).toBe('arn:aws:iam::123456789012:role/prod-exec')
    expect([o.cpu, o.memory]).toEqual(['1024', '2048'])
  })

  it('gives no overrides when none are set', () => {
    const o = read(td).overrides
    expect(o).toEqual({
      environment: [],
      secrets: [],
      environmentFiles: [],
      dockerLabels: [],
      logOptions: []
    })
  })

  it.each([
    [
      { 'environment-variables': 'NO_EQUALS' },
      'environment-variables line 1 is "NO_EQUALS"; write NAME=value'
    ],
    [{ 'environment-variables': 'A=1\nA=2' }, 'environment-variables line 2 sets A again (line 1)'],
    [{ secrets: 'DB=secret-name-only!' }, `secrets: DB's valueFrom "secret-name-only!" is neither an ARN`],
    [
      { secrets: 'DB=arn:aws:s3:::bucket/x' },
      `secrets: DB's valueFrom "arn:aws:s3:::bucket/x" is an ARN of the s3 service`
    ],
    [
      { 'env-files': 'arn:aws:s3:::bucket/prod.txt' },
      'env-files: "arn:aws:s3:::bucket/prod.txt" must name a file ending in .env'
    ],
    [{ command: 'java "-jar' }, 'command has an unclosed " quote'],
    [
      { 'log-configuration-log-driver': 'cloudwatch' },
      'log-configuration-log-driver is "cloudwatch"; use one of awslogs'
    ],
    [
      { 'task-role-arn': 'arn:aws:iam::123456789012:user/me' },
      'task-role-arn is "arn:aws:iam::123456789012:user/me"; it is not a role but user'
    ],
    [{ cpu: '1 vCPU' }, 'cpu is "1 vCPU"; give cpu units'],
    [{ memory: '2GB' }, 'memory is "2GB"; give MiB']
  ])('refuses %j', (inputs, message) => {
    expect(problems({ ...td, ...inputs })).toEqual([expect.stringContaining(message)])
  })
})

describe('service settings', () => {
  const td = { 'task-definition': 'td.json' }

  it('are absent when not given', () => {
    expect(read(td).serviceSettings).toEqual({})
  })

  it('are each present when given, in the request shape of UpdateService', () => {
    const cases: [Record<string, string>, object][] = [
      [{ 'propagate-tags': 'service' }, { propagateTags: 'SERVICE' }],
      [{ 'enable-ecs-managed-tags': 'true' }, { enableECSManagedTags: true }],
      [{ 'enable-execute-command': 'false' }, { enableExecuteCommand: false }],
      [{ 'availability-zone-rebalancing': 'ENABLED' }, { availabilityZoneRebalancing: 'ENABLED' }],
      [{ 'health-check-grace-period-seconds': '60' }, { healthCheckGracePeriodSeconds: 60 }],
      [{ 'minimum-healthy-percent': '50' }, { deploymentConfiguration: { minimumHealthyPercent: 50 } }],
      [{ 'maximum-percent': '150' }, { deploymentConfiguration: { maximumPercent: 150 } }],
      [
        {
          'service-managed-ebs-volume-name': 'data',
          'service-managed-ebs-volume':
            '{"sizeInGiB": 30, "roleArn": "arn:aws:iam::123456789012:role/ecsInfra"}'
        },
        {
          volumeConfigurations: [
            {
              name: 'data',
              managedEBSVolume: { sizeInGiB: 30, roleArn: 'arn:aws:iam::123456789012:role/ecsInfra' }
            }
          ]
        }
      ]
    ]
    for (const [inputs, expected] of cases)
      expect(read({ ...td, ...inputs }).serviceSettings).toEqual(expected)
  })

  it.each([
    [{ 'propagate-tags': 'ALL' }, 'propagate-tags is "ALL"; use one of SERVICE, TASK_DEFINITION, NONE.'],
    [{ 'enable-execute-command': 'yes' }, 'enable-execute-command is "yes"; use true or false.'],
    [{ 'enable-ecs-managed-tags': '1' }, 'enable-ecs-managed-tags is "1"; use true or false.'],
    [
      { 'availability-zone-rebalancing': 'on' },
      'availability-zone-rebalancing is "on"; use one of ENABLED, DISABLED.'
    ],
    [
      { 'minimum-healthy-percent': '101' },
      'minimum-healthy-percent is "101"; use a whole number from 0 to 100.'
    ],
    [{ 'maximum-percent': '99' }, 'maximum-percent is "99"; use a whole number from 100 to 200.'],
    [
      { 'minimum-healthy-percent': '100', 'maximum-percent': '100' },
      'maximum-percent (100) must be above minimum-healthy-percent (100)'
    ],
    [
      { 'health-check-grace-period-seconds': '-1' },
      'health-check-grace-period-seconds is "-1"; use a whole number'
    ],
    [
      { 'service-managed-ebs-volume-name': 'data' },
      'service-managed-ebs-volume-name is set without service-managed-ebs-volume'
    ],
    [
      { 'service-managed-ebs-volume': '{}' },
      'service-managed-ebs-volume is set without service-managed-ebs-volume-name'
    ],
    [
      { 'service-managed-ebs-volume-name': 'data', 'service-managed-ebs-volume': '{size' },
      'service-managed-ebs-volume is not JSON'
    ],
    [
      { 'service-managed-ebs-volume-name': 'data', 'service-managed-ebs-volume': '[1]' },
      'service-managed-ebs-volume must be one JSON object'
    ],
    [
      { 'service-managed-ebs-volume-name': 'data', 'service-managed-ebs-volume': '{"sizeInGiB": 3}' },
      'service-managed-ebs-volume: roleArn must be'
    ]
  ])('refuses %j', (inputs, message) => {
    expect(problems({ ...td, ...inputs })).toEqual([expect.stringContaining(message)])
  })
})
