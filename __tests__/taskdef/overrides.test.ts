import { describe, expect, it } from '@jest/globals'
import {
  applyOverrides,
  noOverrides,
  parseContainerImages,
  parseNamedLines,
  type TaskDefinitionOverrides
} from '../../src/taskdef/overrides.js'
import type { TaskDefinitionDocument } from '../../src/taskdef/types.js'

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

function td(): TaskDefinitionDocument {
  return {
    family: 'web',
    cpu: '256',
    memory: '512',
    taskRoleArn: 'arn:aws:iam::123456789012:role/web-task',
    containerDefinitions: [
      {
        name: 'app',
        image: 'app:1',
        environment: [
          { name: 'SPRING_PROFILES_ACTIVE', value: 'staging' },
          { name: 'LOG_LEVEL', value: 'info' }
        ],
        secrets: [
          { name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/staging/db' }
        ],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } }
      },
      { name: 'envoy', image: 'envoy:1.30' }
    ]
  }
}

function overrides(o: Partial<TaskDefinitionOverrides>): TaskDefinitionOverrides {
  return { ...noOverrides(), ...o }
}

describe('parseNamedLines', () => {
  it('keeps everything after the first = and skips blank and comment lines', () => {
    const r = parseNamedLines(
      'environment-variables',
      'JAVA_OPTS=-Xmx512m -Dfoo=bar\n\n# staging\nURL = https://x.example/?a=b\nEMPTY=',
      ENV_NAME,
      'x'
    )
    expect(r.problems).toEqual([])
    expect(r.values).toEqual([
      { name: 'JAVA_OPTS', value: '-Xmx512m -Dfoo=bar' },
      { name: 'URL', value: 'https://x.example/?a=b' },
      { name: 'EMPTY', value: '' }
    ])
  })

  it('names the input and line of a line without =, a bad name and a name given twice', () => {
    const r = parseNamedLines(
      'environment-variables',
      'A=1\nNOEQUALS\n9LIVES=1\nA=2',
      ENV_NAME,
      'use letters, digits and _'
    )
    expect(r.problems).toEqual([
      'environment-variables line 2 is "NOEQUALS"; write NAME=value, one per line.',
      'environment-variables line 3: "9LIVES" is not a valid name; use letters, digits and _.',
      'environment-variables line 4 sets A again (line 1); give each name once.'
    ])
  })
})

describe('applyOverrides', () => {
  it('upserts environment variables and secrets in the named container only, saying what changed', () => {
    const before = td()
    const { definition, changes } = applyOverrides(
      before,
      ['app'],
      overrides({
        environment: [
          { name: 'SPRING_PROFILES_ACTIVE', value: 'production' },
          { name: 'FEATURE_X', value: 'on' },
          { name: 'LOG_LEVEL', value: 'info' }
        ],
        secrets: [
          { name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/production/db' },
          { name: 'API_KEY', value: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf:key::' }
        ].map(s => ({ name: s.name, value: 'valueFrom' in s ? s.valueFrom! : s.value! }))
      })
    )
    const app = definition.containerDefinitions![0]!
    expect(app.environment).toEqual([
      { name: 'SPRING_PROFILES_ACTIVE', value: 'production' },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'FEATURE_X', value: 'on' }
    ])
    expect(app.secrets).toEqual([
      { name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/production/db' },
      { name: 'API_KEY', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf:key::' }
    ])
    expect(definition.containerDefinitions![1]).toEqual(before.containerDefinitions![1])
    expect(changes).toEqual([
      'container app: environment SPRING_PROFILES_ACTIVE: staging → production',
      'container app: environment FEATURE_X=on added',
      'container app: secret DB_PASSWORD: from arn:aws:ssm:eu-west-1:123456789012:parameter/staging/db → arn:aws:ssm:eu-west-1:123456789012:parameter/production/db',
      'container app: secret API_KEY from arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf:key:: added'
    ])
    // The input is left as it was.
    expect(before).toEqual(td())
  })

  it('applies to every named container', () => {
    const { definition } = applyOverrides(
      td(),
      ['app', 'envoy'],
      overrides({ environment: [{ name: 'REGION', value: 'eu-west-1' }] })
    )
    expect(definition.containerDefinitions!.map(c => c.environment?.at(-1))).toEqual([
      { name: 'REGION', value: 'eu-west-1' },
      { name: 'REGION', value: 'eu-west-1' }
    ])
  })

  it('sets command, docker labels, environment files and log options', () => {
    const { definition, changes } = applyOverrides(
      td(),
      ['app'],
      overrides({
        command: ['java', '-jar', 'app.jar', '--server.port=8080'],
        dockerLabels: [{ name: 'team', value: 'payments' }],
        environmentFiles: ['arn:aws:s3:::configs/web/production.env'],
        logOptions: [
          { name: 'awslogs-stream-prefix', value: 'web' },
          { name: 'awslogs-group', value: '/ecs/web-production' }
        ]
      })
    )
    const app = definition.containerDefinitions![0]!
    expect(app.command).toEqual(['java', '-jar', 'app.jar', '--server.port=8080'])
    expect(app.dockerLabels).toEqual({ team: 'payments' })
    expect(app.environmentFiles).toEqual([{ value: 'arn:aws:s3:::configs/web/production.env', type: 's3' }])
    expect(app.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/ecs/web-production', 'awslogs-stream-prefix': 'web' }
    })
    expect(changes).toContain('container app: log option awslogs-group: /ecs/web → /ecs/web-production')
    expect(changes).toContain('container app: command: [] → ["java","-jar","app.jar","--server.port=8080"]')
  })

  it('a new log driver starts from its own options', () => {
    const { definition, changes } = applyOverrides(
      td(),
      ['app'],
      overrides({ logDriver: 'awsfirelens', logOptions: [{ name: 'Name', value: 'cloudwatch' }] })
    )
    expect(definition.containerDefinitions![0]!.logConfiguration).toEqual({
      logDriver: 'awsfirelens',
      options: { Name: 'cloudwatch' }
    })
    expect(changes[0]).toBe('container app: log driver: awslogs → awsfirelens')
  })

  it('refuses log options for a container without a log driver, naming the input and the container', () => {
    expect(() =>
      applyOverrides(td(), ['envoy'], overrides({ logOptions: [{ name: 'awslogs-group', value: '/x' }] }))
    ).toThrow(
      'log-configuration-options: container "envoy" has no logConfiguration to add options to; set log-configuration-log-driver too (e.g. awslogs).'
    )
  })

  it('sets task roles, cpu and memory, and reports nothing when nothing changes', () => {
    const { definition, changes } = applyOverrides(
      td(),
      ['app'],
      overrides({
        taskRoleArn: 'arn:aws:iam::123456789012:role/web-task-production',
        executionRoleArn: 'arn:aws:iam::123456789012:role/web-exec',
        cpu: '1024',
        memory: '2048'
      })
    )
    expect(definition).toMatchObject({
      taskRoleArn: 'arn:aws:iam::123456789012:role/web-task-production',
      executionRoleArn: 'arn:aws:iam::123456789012:role/web-exec',
      cpu: '1024',
      memory: '2048'
    })
    expect(changes).toEqual([
      'task role: arn:aws:iam::123456789012:role/web-task → arn:aws:iam::123456789012:role/web-task-production',
      'execution role: (none) → arn:aws:iam::123456789012:role/web-exec',
      'task cpu: 256 → 1024',
      'task memory: 512 → 2048'
    ])
    expect(applyOverrides(td(), ['app'], overrides({ cpu: '256' })).changes).toEqual([])
  })
})

describe('parseContainerImages', () => {
  it('maps containers to images and refuses an empty image', () => {
    expect(
      parseContainerImages('envoy=public.ecr.aws/envoy:v1.30\nlog_router=amazon/aws-for-fluent-bit:2.32')
    ).toEqual({
      images: [
        { container: 'envoy', image: 'public.ecr.aws/envoy:v1.30' },
        { container: 'log_router', image: 'amazon/aws-for-fluent-bit:2.32' }
      ],
      problems: []
    })
    expect(parseContainerImages('envoy=').problems).toEqual([
      'container-images: the image for envoy is ""; give a full image URI such as repo:tag.'
    ])
  })
})
