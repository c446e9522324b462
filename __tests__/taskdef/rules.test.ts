// One test per registration rule: the problem a user sees (field path, what is wrong, what to do), and that the
// right form of the same field passes.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  imageProblem,
  loadTaskDefinition,
  roleProblem,
  secretReferenceProblem,
  validateTaskDefinition,
  variableNameProblem
} from '../../src/taskdef/index.js'

type Json = Record<string, unknown>

const ROLE = 'arn:aws:iam::123456789012:role/exec'
const ECR_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.0.0'

/** A registrable Fargate task definition; `container` and `extra` change it. */
function fargate(container: Json = {}, extra: Json = {}): Json {
  return {
    family: 'web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: ROLE,
    containerDefinitions: [{ name: 'web', image: 'web:1', ...container }],
    ...extra
  }
}

const problems = (td: Json): string[] => validateTaskDefinition(td, { containerName: 'web' })

describe('the registrable base', () => {
  it('has no problems', () => {
    expect(problems(fargate())).toEqual([])
  })
})

describe('secrets', () => {
  it.each([
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-password-AbCdEf',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::',
    'arn:aws:ssm:eu-west-1:123456789012:parameter/app/api-key',
    'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/key',
    '/app/api-key',
    'api-key'
  ])('accepts %s', valueFrom => {
    expect(secretReferenceProblem(valueFrom)).toBeUndefined()
  })

  it.each([
    ['my secret', /neither an ARN nor an SSM parameter name/],
    ['my app/db password', /neither an ARN nor an SSM parameter name/],
    ['app/api-key', /without its leading "\/"; write \/app\/api-key/],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:db-password', /without ":secret:NAME"/],
    ['arn:aws:ssm:eu-west-1:123456789012:app/key', /without ":parameter\/NAME"/],
    ['arn:aws:kms:eu-west-1:123456789012:key/1', /an ARN of the kms service/],
    ['arn:aws:secretsmanager:eu-west-1:<ACCOUNT_ID>:secret:db', /placeholder <ACCOUNT_ID>/],
    ['${DB_SECRET_ARN}', /placeholder \$\{DB_SECRET_ARN\}/]
  ])('refuses %s', (valueFrom, says) => {
    expect(secretReferenceProblem(valueFrom)).toMatch(says)
  })

  it('names the field of a container secret and of a log driver secret', () => {
    const td = fargate({
      secrets: [{ name: 'DB', valueFrom: 'my secret' }],
      logConfiguration: {
        logDriver: 'splunk',
        secretOptions: [{ name: 'splunk-token', valueFrom: 'not valid' }]
      }
    })
    expect(problems(td)).toEqual([
      expect.stringMatching(/^containerDefinitions\[0\]\.secrets\[0\]\.valueFrom: "my secret" is neither/),
      expect.stringMatching(
        /^containerDefinitions\[0\]\.logConfiguration\.secretOptions\[0\]\.valueFrom: "not valid"/
      )
    ])
  })

  it('needs valueFrom', () => {
    expect(problems(fargate({ secrets: [{ name: 'DB' }] }))).toEqual([
      'containerDefinitions[0].secrets[0].valueFrom: missing; give the ARN of the secret or SSM parameter the value comes from'
    ])
  })
})

describe('environment variable names', () => {
  it('refuses "=", spaces, control characters and empty names', () => {
    expect(variableNameProblem('JAVA_OPTS=-Xmx512m')).toMatch(
      /contains "="; .*the container would see "JAVA_OPTS".*the rest \("-Xmx512m"\) in value/
    )
    expect(variableNameProblem('MY VAR')).toMatch(/space or a control character/)
    expect(variableNameProblem('A\tB')).toMatch(/space or a control character/)
    expect(variableNameProblem('')).toMatch(/is empty/)
    expect(variableNameProblem('spring.profiles.active')).toBeUndefined()
    expect(variableNameProblem('PORT')).toBeUndefined()
  })

  it('refuses a name set twice, across environment and secrets', () => {
    const td = fargate({
      environment: [
        { name: 'PORT', value: '8080' },
        { name: 'A=B', value: 'x' }
      ],
      secrets: [{ name: 'PORT', valueFrom: '/app/port' }]
    })
    expect(problems(td)).toEqual([
      expect.stringMatching(/^containerDefinitions\[0\]\.environment\[1\]\.name: "A=B" contains "="/),
      'containerDefinitions[0].secrets[0].name: "PORT" is already set at containerDefinitions[0].environment[0].name; a variable is set once (remove one, or rename it)'
    ])
  })
})

describe('essential containers', () => {
  it('needs one essential container; leaving essential out means true', () => {
    const none = fargate({ essential: false })
    expect(problems(none)).toEqual([
      expect.stringMatching(/^containerDefinitions: no container is essential/)
    ])
    expect(problems(fargate({}))).toEqual([])
  })

  it('refuses a SUCCESS/COMPLETE dependency on an essential container and HEALTHY without a health check', () => {
    const td = fargate(
      {
        dependsOn: [
          { containerName: 'init', condition: 'SUCCESS' },
          { containerName: 'init', condition: 'HEALTHY' },
          { containerName: 'nope', condition: 'START' },
          { containerName: 'init', condition: 'started' }
        ]
      },
      {}
    )
    ;(td.containerDefinitions as Json[]).push({ name: 'init', image: 'init:1' })
    expect(problems(td)).toEqual([
      expect.stringMatching(
        /dependsOn\[0\]\.condition: SUCCESS waits for "init" to exit, so "init" must not be essential/
      ),
      expect.stringMatching(/dependsOn\[1\]\.condition: HEALTHY needs a healthCheck on "init"/),
      expect.stringMatching(
        /dependsOn\[2\]\.containerName: "nope" is not a container of this task definition/
      ),
      expect.stringMatching(
        /dependsOn\[3\]\.condition: "started" is not one of "COMPLETE", "HEALTHY", "START", "SUCCESS"/
      )
    ])
  })
})

describe('logs', () => {
  const awslogs = (options: Json) => fargate({ logConfiguration: { logDriver: 'awslogs', options } })

  it('needs awslogs-group with the awslogs driver', () => {
    expect(problems(awslogs({ 'awslogs-region': 'eu-west-1' }))).toEqual([
      'containerDefinitions[0].logConfiguration.options.awslogs-group: missing; the awslogs driver needs the log group to write to, e.g. "awslogs-group": "/ecs/my-service"'
    ])
    expect(problems(awslogs({ 'awslogs-group': '/ecs/web' }))).toEqual([])
  })

  it('knows the log drivers, their case, and which ones Fargate has', () => {
    const driver = (logDriver: string) => problems(fargate({ logConfiguration: { logDriver } }))
    expect(driver('AWSLOGS')).toEqual([expect.stringMatching(/logDriver: "AWSLOGS": write "awslogs"/)])
    expect(driver('syslog')).toEqual([expect.stringMatching(/"syslog" is not available on Fargate/)])
    expect(driver('cloudwatch')).toEqual([
      expect.stringMatching(/"cloudwatch" is not a log driver; use one of awsfirelens, awslogs/)
    ])
  })
})

describe('the execution role', () => {
  const without = (container: Json, target = {}) =>
    validateTaskDefinition(
      { ...fargate(container), executionRoleArn: undefined },
      { containerName: 'web', ...target }
    )

  it('is needed on Fargate for awslogs, for the ECR image this action deploys, and for secrets everywhere', () => {
    expect(
      without({ logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } } })
    ).toEqual([
      expect.stringMatching(
        /^executionRoleArn: missing; on Fargate ECS pulls images from ECR with it, on Fargate the awslogs log driver writes with it\./
      )
    ])
    expect(without({ secrets: [{ name: 'DB', valueFrom: '/db' }] }, { image: 'nginx:1.25' })).toEqual([
      expect.stringMatching(
        /^executionRoleArn: missing; ECS reads secrets \(secrets, secretOptions\) with it/
      )
    ])
    const ec2 = {
      family: 'web',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: 'web:1', secrets: [{ name: 'A', valueFrom: '/a' }] }]
    }
    expect(validateTaskDefinition(ec2)).toEqual([
      expect.stringMatching(/^executionRoleArn: missing; ECS reads secrets/)
    ])
  })

  it('is not needed on Fargate for an image outside ECR given as the image input', () => {
    expect(without({}, { image: 'nginx:1.25' })).toEqual([])
    expect(without({}, { image: ECR_IMAGE })).toEqual([
      expect.stringMatching(/^executionRoleArn: missing; on Fargate ECS pulls images from ECR/)
    ])
  })

  it('must be a role', () => {
    expect(roleProblem(ROLE)).toBeUndefined()
    expect(roleProblem('ecsTaskExecutionRole')).toBeUndefined()
    expect(roleProblem('arn:aws:iam::123456789012:user/deployer')).toMatch(/is not a role but user/)
    expect(roleProblem('arn:aws:iam::<ACCOUNT>:role/exec')).toMatch(/placeholder <ACCOUNT>/)
    expect(roleProblem('arn:aws:iam::1234:role/exec')).toMatch(/is not an IAM role ARN/)
    expect(problems(fargate({}, { taskRoleArn: 'arn:aws:iam::123456789012:policy/p' }))).toEqual([
      expect.stringMatching(/^taskRoleArn: "arn:aws:iam::123456789012:policy\/p" is not a role but policy/)
    ])
  })
})

describe('launch types and modes', () => {
  it('refuses lower-case fargate with the spelling ECS takes, and still applies the Fargate rules', () => {
    const td = fargate({}, { requiresCompatibilities: ['fargate'], networkMode: 'bridge' })
    expect(problems(td)).toEqual(
      expect.arrayContaining([
        'requiresCompatibilities[0]: "fargate": write "FARGATE" (ECS\'s values are upper case)',
        'networkMode: "bridge"; Fargate (requiresCompatibilities FARGATE) needs "awsvpc"'
      ])
    )
  })

  it('refuses an upper-case network mode and process modes Fargate lacks', () => {
    expect(problems(fargate({}, { networkMode: 'AWSVPC' }))).toContain(
      'networkMode: "AWSVPC": write "awsvpc" (ECS\'s values are lower case)'
    )
    expect(problems(fargate({}, { ipcMode: 'host', pidMode: 'host' }))).toEqual([
      'ipcMode: Fargate does not support ipcMode; remove it',
      'pidMode: "host"; Fargate supports only "task"'
    ])
  })

  it('checks runtimePlatform values', () => {
    expect(problems(fargate({}, { runtimePlatform: { cpuArchitecture: 'arm64' } }))).toEqual([
      'runtimePlatform.cpuArchitecture: "arm64": write "ARM64" (ECS\'s values are upper case)'
    ])
  })
})

describe('storage and sizes', () => {
  it.each([
    [20, false],
    [21, true],
    [200, true],
    [201, false]
  ])('ephemeralStorage of %i GiB is accepted: %s', (sizeInGiB, ok) => {
    const found = problems(fargate({}, { ephemeralStorage: { sizeInGiB } }))
    if (ok) expect(found).toEqual([])
    else
      expect(found).toEqual([
        `ephemeralStorage.sizeInGiB: ${sizeInGiB} GiB is out of range; ECS takes 21 to 200 GiB (leave ephemeralStorage out for the default 20 GiB)`
      ])
  })

  it('refuses containers bigger than their task, and reservations above limits', () => {
    expect(problems(fargate({ cpu: 512 }))).toEqual([
      "containerDefinitions: the containers' cpu adds up to 512 units, more than the task's cpu (256); lower the containers' cpu or raise the task's"
    ])
    expect(problems(fargate({ memory: 1024 }))).toEqual([
      "containerDefinitions[0].memory: 1024 MiB is more than the task's memory (512 MiB); a container cannot have more memory than its task"
    ])
    expect(problems(fargate({ memory: 256, memoryReservation: 300 }))).toEqual([
      "containerDefinitions[0].memoryReservation: 300 MiB is more than the container's memory limit (256 MiB); the reservation must not exceed memory"
    ])
    expect(problems(fargate({ memory: 4 }))).toEqual([
      expect.stringMatching(/memory: 4 MiB; a container needs at least 6 MiB/)
    ])
  })

  it('needs mount points to name a volume, and volumes without host paths on Fargate', () => {
    const td = fargate(
      { mountPoints: [{ sourceVolume: 'cache', containerPath: '/cache' }] },
      { volumes: [{ name: 'data', host: { sourcePath: '/var/data' } }] }
    )
    expect(problems(td)).toEqual([
      'containerDefinitions[0].mountPoints[0].sourceVolume: "cache" is not in volumes ("data"); add { "name": "cache" } to volumes',
      expect.stringMatching(/^volumes\[0\]\.host\.sourcePath: Fargate has no host paths/)
    ])
  })
})

describe('ports and health checks', () => {
  it('checks ports, protocols and port names', () => {
    const td = fargate({
      portMappings: [
        { containerPort: 70000 },
        { containerPort: 8080, protocol: 'TCP', appProtocol: 'https', name: 'Web' }
      ]
    })
    expect(problems(td)).toEqual([
      'containerDefinitions[0].portMappings[0].containerPort: 70000 is not a port; use 1 to 65535',
      'containerDefinitions[0].portMappings[1].protocol: "TCP": write "tcp" (ECS\'s values are lower case)',
      'containerDefinitions[0].portMappings[1].appProtocol: "https" is not one of "grpc", "http", "http2"',
      expect.stringMatching(/portMappings\[1\]\.name: "Web" is not a port name/)
    ])
  })

  it('needs CMD or CMD-SHELL first in a health check command, and ECS ranges', () => {
    const td = fargate({ healthCheck: { command: ['curl -f http://localhost/'], interval: 2, retries: 11 } })
    expect(problems(td)).toEqual([
      expect.stringMatching(
        /healthCheck\.command: starts with "curl -f http:\/\/localhost\/"; the first element must be "CMD"/
      ),
      'containerDefinitions[0].healthCheck.interval: 2 is out of range; ECS takes 5 to 300',
      'containerDefinitions[0].healthCheck.retries: 11 is out of range; ECS takes 1 to 10'
    ])
    expect(
      problems(fargate({ healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'] } }))
    ).toEqual([])
  })

  it('keeps Fargate stop timeouts within 120 seconds', () => {
    expect(problems(fargate({ stopTimeout: 300 }))).toEqual([
      'containerDefinitions[0].stopTimeout: 300 seconds; on Fargate stopTimeout is at most 120'
    ])
  })
})

describe('images of the other containers', () => {
  const sidecar = (image: string, target: Json = { containerName: 'web' }) => {
    const td = fargate({ image: '<IMAGE>' })
    ;(td.containerDefinitions as Json[]).push({ name: 'proxy', image })
    return validateTaskDefinition(td, target)
  }

  it('refuses a placeholder left in a container this action does not fill in', () => {
    for (const image of ['<IMAGE>', '${PROXY_IMAGE}', '{{ proxy_image }}'])
      expect(sidecar(image)).toEqual([
        expect.stringMatching(
          /^containerDefinitions\[1\]\.image: .* holds the placeholder .*this action only replaces the image of container-name/
        )
      ])
  })

  it('accepts the placeholder in the container it fills in, and real images elsewhere', () => {
    expect(sidecar('public.ecr.aws/nginx/nginx:1.25')).toEqual([])
    expect(sidecar(`${ECR_IMAGE}@sha256:${'a'.repeat(64)}`)).toEqual([])
    expect(sidecar('localhost:5000/proxy')).toEqual([])
  })

  it('says what is wrong with an image ECS or a runtime would refuse', () => {
    expect(imageProblem('acme/Proxy:1')).toMatch(/repository names are lower case/)
    expect(imageProblem('proxy image:1')).toMatch(/characters ECS does not accept/)
    expect(imageProblem(`a/${'b'.repeat(260)}`)).toMatch(/ECS takes at most 255/)
  })

  it('does not judge images when the container to fill in is not decided (render reports that)', () => {
    expect(sidecar('<X>', {})).toEqual([])
  })
})

describe('tags and size, as loadTaskDefinition reports them', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskdef-rules-'))
  const refusal = (td: Json): string => {
    const file = path.join(dir, 'task-definition.json')
    fs.writeFileSync(file, JSON.stringify(td))
    try {
      loadTaskDefinition(file, { containerName: 'web' })
    } catch (e) {
      return (e as Error).message
    }
    throw new Error('expected a refusal')
  }

  it('refuses aws: tag keys, long keys and values, odd characters, duplicates and more than 50 tags', () => {
    const message = refusal(
      fargate(
        {},
        {
          tags: [
            { key: 'AWS:team', value: 'a' },
            { key: 'k'.repeat(129), value: 'v' },
            { key: 'ok', value: 'v'.repeat(257) },
            { key: 'emoji', value: 'a😀' },
            { key: 'ok', value: 'again' }
          ]
        }
      )
    )
    expect(message).toContain(
      'task-definition.json: tags[0].key: "AWS:team" starts with "aws:", which AWS reserves'
    )
    expect(message).toContain('task-definition.json: tags[1].key: 129 characters; a tag key is at most 128')
    expect(message).toContain(
      'task-definition.json: tags[2].value: 257 characters; a tag value is at most 256'
    )
    expect(message).toContain('task-definition.json: tags[3].value: "a😀" has characters tags do not take')
    expect(message).toContain('task-definition.json: tags[4].key: "ok" is already the key of tags[2]')
    const many = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }))
    expect(refusal(fargate({}, { tags: many }))).toContain(
      'task-definition.json: tags: 51 tags; ECS takes at most 50'
    )
  })

  it('refuses a task definition over 64 KiB as ECS receives it, in one line', () => {
    const environment = Array.from({ length: 70 }, (_, i) => ({ name: `VAR_${i}`, value: 'x'.repeat(1000) }))
    const message = refusal(fargate({ environment }))
    expect(message).toMatch(
      /task-definition\.json: the task definition is 7\d\.\d KiB as ECS receives it .*over ECS's limit of 64 KiB/
    )
    expect(message.split('\n')).toHaveLength(2)
  })

  it('lists at most 25 problems of a badly broken file, with a count of the rest', () => {
    const environment = Array.from({ length: 40 }, (_, i) => ({ name: `BAD=${i}`, value: 'x' }))
    const lines = refusal(fargate({ environment })).split('\n')
    expect(lines[0]).toBe(
      'task-definition.json is not a valid task definition (40 problems); fix them in the file:'
    )
    expect(lines).toHaveLength(27)
    expect(lines[26]).toBe('  - … and 15 more')
  })
})

describe('tags from a DescribeTaskDefinition output, and tags written CloudFormation-style', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskdef-tags-'))
  const file = (name: string, content: unknown): string => {
    const at = path.join(dir, name)
    fs.writeFileSync(at, JSON.stringify(content))
    return at
  }

  it('leaves out the aws: tags AWS set, and says so', () => {
    const loaded = loadTaskDefinition(
      file('describe.json', {
        taskDefinition: { ...fargate(), revision: 3 },
        tags: [
          { key: 'aws:cloudformation:stack-name', value: 'web' },
          { key: 'team', value: 'a' }
        ]
      }),
      { containerName: 'web' }
    )
    expect(loaded.tags).toEqual([{ key: 'team', value: 'a' }])
    expect(loaded.warnings).toEqual([
      'describe.json: leaving out 1 tag of the DescribeTaskDefinition output that AWS set (aws:cloudformation:stack-name): keys starting with aws: cannot be registered.'
    ])
  })

  it('names Key/Value tags with the spelling ECS takes, among the other problems', () => {
    let message = ''
    try {
      loadTaskDefinition(
        file('cfn.json', fargate({ essential: false }, { tags: [{ Key: 'team', Value: 'a' }] }))
      )
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toContain('cfn.json: tags[0].Key: field Key is not a field of Tag; did you mean key?')
    expect(message).toContain('cfn.json: containerDefinitions: no container is essential')
  })
})

describe('private registry credentials', () => {
  it('need a Secrets Manager reference', () => {
    const td = fargate({
      repositoryCredentials: { credentialsParameter: 'arn:aws:ssm:eu-west-1:123456789012:secret-ish' }
    })
    expect(problems(td)).toEqual([
      expect.stringMatching(
        /^containerDefinitions\[0\]\.repositoryCredentials\.credentialsParameter: .* without ":parameter\/NAME"/
      )
    ])
    const ok = fargate({
      repositoryCredentials: {
        credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:dockerhub-AbCdEf'
      }
    })
    expect(problems(ok)).toEqual([])
  })
})
