import { describe, expect, it } from '@jest/globals'
import {
  buildPlatformFinding,
  buildPlatforms,
  fullFindings,
  fullReferences,
  loadBalancerFindings,
  parameterNameOf,
  secretArnOf,
  trustsEcsTasks,
  VerifyError
} from '../../src/verify/findings.js'
import type { TaskDefinitionDocument } from '../../src/taskdef/index.js'

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.0-0123456'
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'

const taskDefinition: TaskDefinitionDocument = {
  family: 'web',
  taskRoleArn: 'web-task',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  containerDefinitions: [
    {
      name: 'app',
      image: IMAGE,
      portMappings: [{ containerPort: 8080 }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/web',
          'awslogs-region': 'eu-west-1',
          'awslogs-stream-prefix': 'web'
        }
      },
      secrets: [
        { name: 'DB_PASSWORD', valueFrom: `${SECRET}:password::` },
        { name: 'API_KEY', valueFrom: '/web/api-key' },
        { name: 'TOKEN', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/web/token' }
      ]
    },
    {
      name: 'router',
      image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/router', 'awslogs-create-group': 'true' }
      }
    }
  ]
}

describe('the image platform before a build', () => {
  it('takes the platform input, or the build machine when there is none', () => {
    expect(buildPlatforms('linux/amd64, linux/arm64/v8', 'x64')).toEqual([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' }
    ])
    expect(buildPlatforms(undefined, 'x64')).toEqual([{ os: 'linux', architecture: 'amd64' }])
    expect(buildPlatforms(undefined, 'arm64')).toEqual([{ os: 'linux', architecture: 'arm64' }])
  })

  it('refuses to build amd64 for an ARM64 task definition, naming the platform input and the fix', () => {
    const finding = buildPlatformFinding(IMAGE, 'linux/amd64', 'x64', { cpuArchitecture: 'ARM64' })
    expect(finding?.field).toBe('platform')
    expect(finding?.message).toContain('linux/amd64 only')
    expect(finding?.message).toContain('asks for ARM64')
    expect(finding?.message).toContain('build with platform: linux/arm64')
  })

  it('refuses the build machine platform when it is not what the task definition asks for', () => {
    const finding = buildPlatformFinding(IMAGE, undefined, 'x64', { cpuArchitecture: 'ARM64' })
    expect(finding?.field).toBe('runtimePlatform')
    expect(finding?.message).toContain("build machine's platform")
  })

  it('passes a matching platform, a multi-platform build, and X86_64 by default', () => {
    expect(buildPlatformFinding(IMAGE, 'linux/arm64', 'x64', { cpuArchitecture: 'ARM64' })).toBeUndefined()
    expect(
      buildPlatformFinding(IMAGE, 'linux/amd64,linux/arm64', 'x64', { cpuArchitecture: 'ARM64' })
    ).toBeUndefined()
    expect(buildPlatformFinding(IMAGE, undefined, 'x64', undefined)).toBeUndefined()
    expect(buildPlatformFinding(IMAGE, undefined, 'arm64', undefined)?.message).toContain('X86_64')
  })
})

describe('load balancers against the rendered task definition', () => {
  it('passes a container and port the task definition has', () => {
    expect(loadBalancerFindings([{ containerName: 'app', containerPort: 8080 }], taskDefinition)).toEqual([])
    expect(loadBalancerFindings(undefined, taskDefinition)).toEqual([])
  })

  it('names a missing container, listing the ones there are', () => {
    const [finding] = loadBalancerFindings([{ containerName: 'web', containerPort: 8080 }], taskDefinition)
    expect(finding?.field).toBe('service loadBalancers[0].containerName')
    expect(finding?.message).toContain('container "web"')
    expect(finding?.message).toContain('its containers: app, router')
  })

  it('names a port the container does not map, and the fix', () => {
    const findings = loadBalancerFindings(
      [
        { containerName: 'app', containerPort: 8080 },
        { containerName: 'app', containerPort: 9090 },
        { containerName: 'router', containerPort: 80 }
      ],
      taskDefinition
    )
    expect(findings.map(f => f.field)).toEqual([
      'service loadBalancers[1].containerPort',
      'service loadBalancers[2].containerPort'
    ])
    expect(findings[0]?.message).toContain('maps only port(s) 8080; add {"containerPort": 9090}')
    expect(findings[1]?.message).toContain('maps no port')
  })
})

describe('what verify: full looks up', () => {
  it('finds log groups (not those created on start), secrets, parameters and roles, each with its field', () => {
    expect(fullReferences(taskDefinition, '123456789012')).toEqual({
      logGroups: [
        {
          name: '/ecs/web',
          region: 'eu-west-1',
          field: 'containerDefinitions[0].logConfiguration.options.awslogs-group'
        }
      ],
      secrets: [{ id: SECRET, field: 'containerDefinitions[0].secrets[0].valueFrom' }],
      parameters: [
        { name: '/web/api-key', field: 'containerDefinitions[0].secrets[1].valueFrom' },
        { name: '/web/token', field: 'containerDefinitions[0].secrets[2].valueFrom' }
      ],
      roles: [
        { arn: 'arn:aws:iam::123456789012:role/web-task', field: 'taskRoleArn' },
        { arn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole', field: 'executionRoleArn' }
      ]
    })
  })

  it('reads the secret of a valueFrom without its JSON key, and a parameter name from its ARN', () => {
    expect(secretArnOf(`${SECRET}:password:AWSCURRENT:`)).toBe(SECRET)
    expect(secretArnOf('/web/api-key')).toBeUndefined()
    expect(parameterNameOf('arn:aws:ssm:eu-west-1:123456789012:parameter/a/b')).toBe('/a/b')
    expect(parameterNameOf('arn:aws:ssm:eu-west-1:123456789012:parameter/plain')).toBe('plain')
    expect(parameterNameOf('plain')).toBe('plain')
    expect(parameterNameOf('arn:aws:s3:::bucket/key')).toBeUndefined()
  })

  const refs = fullReferences(taskDefinition, '123456789012')
  const everything = {
    logGroupExists: () => true,
    secretExists: () => true,
    parameterExists: () => true,
    roleTrust: () => ({ trustsEcsTasks: true })
  }

  it('passes when everything exists', () => {
    expect(fullFindings(refs, everything)).toEqual([])
  })

  it('names each missing log group, secret, parameter and role with the fix', () => {
    const findings = fullFindings(refs, {
      logGroupExists: () => false,
      secretExists: () => false,
      parameterExists: name => name !== '/web/token',
      roleTrust: arn => (arn.endsWith('web-task') ? undefined : { trustsEcsTasks: false })
    })
    expect(findings.map(f => f.field)).toEqual([
      'containerDefinitions[0].logConfiguration.options.awslogs-group',
      'containerDefinitions[0].secrets[0].valueFrom',
      'containerDefinitions[0].secrets[2].valueFrom',
      'taskRoleArn',
      'executionRoleArn'
    ])
    const text = findings.map(f => f.message).join('\n')
    expect(text).toContain('the log group "/ecs/web" does not exist in eu-west-1')
    expect(text).toContain('"awslogs-create-group": "true"')
    expect(text).toContain(`the Secrets Manager secret ${SECRET} does not exist`)
    expect(text).toContain('the SSM parameter "/web/token" does not exist')
    expect(text).toContain('the role arn:aws:iam::123456789012:role/web-task does not exist')
    expect(text).toContain('does not trust ecs-tasks.amazonaws.com')
  })

  it('reports every finding together, saying nothing was changed', () => {
    const error = new VerifyError([
      { field: 'a', message: 'one' },
      { field: 'b', message: 'two' }
    ])
    expect(error.message).toBe(
      'Pre-flight check failed (verify); nothing was pushed, registered or updated:\n  - a: one\n  - b: two'
    )
  })
})

describe('a role trust policy', () => {
  const trust = (statement: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: statement })
  it('trusts ECS tasks with an Allow of sts:AssumeRole to ecs-tasks.amazonaws.com', () => {
    const allow = {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole'
    }
    expect(trustsEcsTasks(trust([allow]))).toBe(true)
    expect(
      trustsEcsTasks(
        trust({ ...allow, Principal: { Service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] } })
      )
    ).toBe(true)
  })
  it('does not for another service, a Deny, another action or bad JSON', () => {
    const allow = {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole'
    }
    expect(trustsEcsTasks(trust([{ ...allow, Principal: { Service: 'ec2.amazonaws.com' } }]))).toBe(false)
    expect(trustsEcsTasks(trust([{ ...allow, Effect: 'Deny' }]))).toBe(false)
    expect(trustsEcsTasks(trust([{ ...allow, Action: 'sts:TagSession' }]))).toBe(false)
    expect(trustsEcsTasks('{')).toBe(false)
  })
})
