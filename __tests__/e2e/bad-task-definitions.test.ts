// Task definitions that cannot work, in JSON and YAML, each run through the bundle against the stand-in: the run
// fails, its error names the file and the field, and the stand-in recorded no mutating request. The run stops
// while reading the file, before the build, so a prebuilt checkout is enough.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  checkoutPrebuilt,
  deploy,
  deployInputs,
  errorAnnotations,
  mutatingRequests,
  shareTestStack,
  type Stack
} from './harness.js'

type Json = Record<string, unknown>

const exampleFile = fileURLToPath(
  new URL('../../examples/java-service/task-definition.json', import.meta.url)
)
/** The example's task definition: Fargate, an execution role, awslogs, two secrets; container "app". */
const base = (): Json => JSON.parse(fs.readFileSync(exampleFile, 'utf8')) as Json
const app = (td: Json): Json => (td.containerDefinitions as Json[])[0]!
const sidecar = (image: string): Json => ({ name: 'proxy', image, essential: false })

/** The same task definition as a YAML file would hold it, written by hand as people write YAML. */
const baseYaml = `family: hello-service
requiresCompatibilities: [FARGATE]
networkMode: awsvpc
cpu: 256
memory: 512
executionRoleArn: arn:aws:iam::123456789012:role/hello-service-execution
taskRoleArn: arn:aws:iam::123456789012:role/hello-service-task
containerDefinitions:
  - name: app
    image: hello-service:placeholder
    essential: true
    portMappings:
      - containerPort: 8080
        protocol: tcp
    environment:
      - name: PORT
        value: "8080"
    secrets:
      - name: DATABASE_PASSWORD
        valueFrom: arn:aws:secretsmanager:us-east-1:123456789012:secret:hello-service/database-password-AbCdEf
    logConfiguration:
      logDriver: awslogs
      options:
        awslogs-group: /ecs/hello-service
        awslogs-region: us-east-1
        awslogs-stream-prefix: hello
tags:
  - key: service
    value: hello-service
`

interface BadFile {
  name: string
  /** JSON: a change to the example's task definition. */
  json?: (td: Json) => void
  /** YAML: text replacements in baseYaml (each must match), or a whole file. */
  yaml?: [string, string][]
  /** The field path the error must name after "<file>: " (a plain string, or a pattern). */
  field: string | RegExp
  /** What else the error must say. */
  says?: RegExp
}

const corpus: BadFile[] = [
  // Secrets that ECS would register and the task could never fetch.
  {
    name: 'a secret valueFrom that is neither an ARN nor a parameter name',
    json: td => ((app(td).secrets as Json[])[0]!.valueFrom = 'hello service/database password'),
    field: 'containerDefinitions[0].secrets[0].valueFrom',
    says: /neither an ARN nor an SSM parameter name/
  },
  {
    name: 'a secret valueFrom that is a KMS key ARN',
    json: td =>
      ((app(td).secrets as Json[])[1]!.valueFrom = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd'),
    field: 'containerDefinitions[0].secrets[1].valueFrom',
    says: /kms service/
  },
  {
    name: 'a secret valueFrom with a placeholder (YAML)',
    yaml: [
      [
        'valueFrom: arn:aws:secretsmanager:us-east-1:123456789012:secret:hello-service/database-password-AbCdEf',
        'valueFrom: ${DB_SECRET_ARN}'
      ]
    ],
    field: 'containerDefinitions[0].secrets[0].valueFrom',
    says: /placeholder \$\{DB_SECRET_ARN\}/
  },
  {
    name: 'a parameter path without its leading slash',
    json: td => ((app(td).secrets as Json[])[1]!.valueFrom = 'hello-service/api-key'),
    field: 'containerDefinitions[0].secrets[1].valueFrom',
    says: /leading "\/"/
  },
  // Environment variable names.
  {
    name: 'an environment variable name with "="',
    json: td => (app(td).environment as Json[]).push({ name: 'JAVA_OPTS=-Xmx512m', value: '' }),
    field: 'containerDefinitions[0].environment[2].name',
    says: /contains "="/
  },
  {
    name: 'an environment variable name with a space (YAML)',
    yaml: [['- name: PORT', '- name: SERVER PORT']],
    field: 'containerDefinitions[0].environment[0].name',
    says: /space/
  },
  {
    name: 'an environment variable set twice',
    json: td => (app(td).environment as Json[]).push({ name: 'PORT', value: '9090' }),
    field: 'containerDefinitions[0].environment[2].name',
    says: /already set at containerDefinitions\[0\]\.environment\[0\]\.name/
  },
  // Essential containers.
  {
    name: 'no essential container',
    json: td => (app(td).essential = false),
    field: 'containerDefinitions',
    says: /no container is essential/
  },
  {
    name: 'no essential container, written as YAML "essential: no"',
    yaml: [['essential: true', 'essential: no']],
    field: 'containerDefinitions',
    says: /no container is essential/
  },
  {
    name: 'essential: maybe (YAML)',
    yaml: [['essential: true', 'essential: maybe']],
    field: 'containerDefinitions[0].essential',
    says: /expected true or false/
  },
  {
    name: 'essential: "true" in quotes (JSON)',
    json: td => (app(td).essential = 'true'),
    field: 'containerDefinitions[0].essential',
    says: /write true without quotes/
  },
  // Logs.
  {
    name: 'awslogs without awslogs-group',
    json: td => delete ((app(td).logConfiguration as Json).options as Json)['awslogs-group'],
    field: 'containerDefinitions[0].logConfiguration.options.awslogs-group',
    says: /missing/
  },
  {
    name: 'awslogs without any options (YAML)',
    yaml: [
      [
        '      options:\n        awslogs-group: /ecs/hello-service\n        awslogs-region: us-east-1\n        awslogs-stream-prefix: hello\n',
        ''
      ]
    ],
    field: 'containerDefinitions[0].logConfiguration.options.awslogs-group',
    says: /missing/
  },
  {
    name: 'a log driver in the wrong case',
    json: td => ((app(td).logConfiguration as Json).logDriver = 'AWSLogs'),
    field: 'containerDefinitions[0].logConfiguration.logDriver',
    says: /write "awslogs"/
  },
  // Images of other containers, which the action does not fill in.
  {
    name: 'an <IMAGE> placeholder in another container',
    json: td => (td.containerDefinitions as Json[]).push(sidecar('<IMAGE>')),
    field: 'containerDefinitions[1].image',
    says: /placeholder <IMAGE>/
  },
  {
    name: 'a ${PROXY_IMAGE} placeholder in another container (YAML)',
    yaml: [['tags:\n', '  - name: proxy\n    image: ${PROXY_IMAGE}\n    essential: false\ntags:\n']],
    field: 'containerDefinitions[1].image',
    says: /placeholder \$\{PROXY_IMAGE\}/
  },
  {
    name: 'an upper-case repository in another container',
    json: td => (td.containerDefinitions as Json[]).push(sidecar('acme/Envoy:1.30')),
    field: 'containerDefinitions[1].image',
    says: /lower case/
  },
  // Tags.
  {
    name: 'an aws: tag key',
    json: td => (td.tags as Json[]).push({ key: 'aws:team', value: 'payments' }),
    field: 'tags[1].key',
    says: /reserves/
  },
  {
    name: 'an AWS: tag key (YAML)',
    yaml: [['  - key: service', '  - key: AWS:service']],
    field: 'tags[0].key',
    says: /reserves/
  },
  {
    name: '51 tags',
    json: td => (td.tags = Array.from({ length: 51 }, (_, i) => ({ key: `tag${i}`, value: 'v' }))),
    field: 'tags',
    says: /51 tags; ECS takes at most 50/
  },
  {
    name: 'a tag key over 128 characters',
    json: td => (td.tags as Json[]).push({ key: 'k'.repeat(129), value: 'v' }),
    field: 'tags[1].key',
    says: /at most 128/
  },
  // Size.
  {
    name: 'a task definition over 64 KiB',
    json: td =>
      (app(td).environment = Array.from({ length: 80 }, (_, i) => ({
        name: `VAR_${i}`,
        value: 'x'.repeat(900)
      }))),
    field: 'the task definition is',
    says: /over ECS's limit of 64 KiB/
  },
  // YAML scalars that cannot be meant as text.
  {
    name: 'an environment value that is a map (YAML)',
    yaml: [['        value: "8080"', '        value: { port: 8080 }']],
    field: 'containerDefinitions[0].environment[0].value',
    says: /expected text but found a map/
  },
  {
    name: 'an environment value that is a list (YAML)',
    yaml: [['        value: "8080"', '        value: [8080, 8081]']],
    field: 'containerDefinitions[0].environment[0].value',
    says: /expected text but found a list/
  },
  {
    name: 'environment written as a map, docker-compose style (YAML)',
    yaml: [
      [
        '    environment:\n      - name: PORT\n        value: "8080"\n',
        '    environment:\n      PORT: 8080\n'
      ]
    ],
    field: 'containerDefinitions[0].environment',
    says: /expected a list but found a map/
  },
  {
    name: 'a command written as one string (YAML)',
    yaml: [['    essential: true\n', '    essential: true\n    command: java -jar app.jar\n']],
    field: 'containerDefinitions[0].command',
    says: /expected a list/
  },
  {
    name: 'a container port in quotes',
    json: td => ((app(td).portMappings as Json[])[0]!.containerPort = '8080'),
    field: 'containerDefinitions[0].portMappings[0].containerPort',
    says: /without quotes/
  },
  // Launch type, network mode, Fargate and its execution role.
  {
    name: 'lower-case fargate in requiresCompatibilities',
    json: td => (td.requiresCompatibilities = ['fargate']),
    field: 'requiresCompatibilities[0]',
    says: /write "FARGATE"/
  },
  {
    name: 'lower-case fargate in requiresCompatibilities (YAML)',
    yaml: [['requiresCompatibilities: [FARGATE]', 'requiresCompatibilities: [fargate]']],
    field: 'requiresCompatibilities[0]',
    says: /write "FARGATE"/
  },
  {
    name: 'an upper-case network mode',
    json: td => (td.networkMode = 'AWSVPC'),
    field: 'networkMode',
    says: /write "awsvpc"/
  },
  {
    name: 'Fargate with awslogs and no execution role',
    json: td => {
      delete td.executionRoleArn
      delete app(td).secrets
    },
    field: 'executionRoleArn',
    says: /awslogs log driver writes with it/
  },
  {
    name: 'Fargate with an ECR image and no execution role (YAML)',
    yaml: [
      ['executionRoleArn: arn:aws:iam::123456789012:role/hello-service-execution\n', ''],
      [
        '    secrets:\n      - name: DATABASE_PASSWORD\n        valueFrom: arn:aws:secretsmanager:us-east-1:123456789012:secret:hello-service/database-password-AbCdEf\n',
        ''
      ],
      ['      logDriver: awslogs', '      logDriver: splunk']
    ],
    field: 'executionRoleArn',
    says: /pulls images from ECR with it/
  },
  {
    name: 'secrets and no execution role',
    json: td => {
      delete td.executionRoleArn
      delete app(td).logConfiguration
    },
    field: 'executionRoleArn',
    says: /reads secrets/
  },
  {
    name: 'an execution role ARN with a placeholder',
    json: td => (td.executionRoleArn = 'arn:aws:iam::<ACCOUNT_ID>:role/hello-service-execution'),
    field: 'executionRoleArn',
    says: /placeholder <ACCOUNT_ID>/
  },
  {
    name: 'a task role that is a user',
    json: td => (td.taskRoleArn = 'arn:aws:iam::123456789012:user/deployer'),
    field: 'taskRoleArn',
    says: /not a role/
  },
  {
    name: 'an invalid Fargate cpu/memory pair',
    json: td => (td.memory = '4096'),
    field: 'memory',
    says: /does not fit cpu 256 on Fargate/
  },
  {
    name: 'ephemeral storage under 21 GiB',
    json: td => (td.ephemeralStorage = { sizeInGiB: 10 }),
    field: 'ephemeralStorage.sizeInGiB',
    says: /21 to 200 GiB/
  },
  {
    name: 'ephemeral storage over 200 GiB (YAML)',
    yaml: [['cpu: 256\n', 'cpu: 256\nephemeralStorage:\n  sizeInGiB: 500\n']],
    field: 'ephemeralStorage.sizeInGiB',
    says: /21 to 200 GiB/
  },
  // Names, counts and references.
  {
    name: 'a family with a dot',
    json: td => (td.family = 'hello.service'),
    field: 'family',
    says: /not a valid family name/
  },
  {
    name: 'eleven containers',
    json: td => {
      for (let i = 0; i < 10; i++) (td.containerDefinitions as Json[]).push(sidecar(`envoy:${i}`))
      ;(td.containerDefinitions as Json[]).forEach((c, i) => i > 0 && (c.name = `proxy${i}`))
    },
    field: 'containerDefinitions',
    says: /at most 10/
  },
  {
    name: 'a host port that differs from the container port with awsvpc',
    json: td => ((app(td).portMappings as Json[])[0]!.hostPort = 80),
    field: 'containerDefinitions[0].portMappings[0].hostPort',
    says: /must be equal/
  },
  {
    name: 'a health check command without CMD',
    json: td => ((app(td).healthCheck as Json).command = ['java -jar /app/app.jar health-check']),
    field: 'containerDefinitions[0].healthCheck.command',
    says: /CMD-SHELL/
  },
  {
    name: 'a dependency on a container that does not exist',
    json: td => (app(td).dependsOn = [{ containerName: 'migrations', condition: 'SUCCESS' }]),
    field: 'containerDefinitions[0].dependsOn[0].containerName',
    says: /not a container of this task definition/
  },
  {
    name: 'a mount point without its volume',
    json: td => (app(td).mountPoints = [{ sourceVolume: 'cache', containerPath: '/cache' }]),
    field: 'containerDefinitions[0].mountPoints[0].sourceVolume',
    says: /not in volumes/
  },
  {
    name: 'containers with more cpu than the task',
    json: td => (app(td).cpu = 512),
    field: 'containerDefinitions',
    says: /cpu adds up to 512 units/
  },
  {
    name: 'a CloudFormation-style field name (YAML)',
    yaml: [['    essential: true', '    Essential: true']],
    field: 'containerDefinitions[0].Essential',
    says: /did you mean essential\?/
  },
  {
    name: 'a misspelt nested field',
    json: td => {
      const log = app(td).logConfiguration as Json
      log.option = log.options
      delete log.options
    },
    field: 'containerDefinitions[0].logConfiguration.option',
    says: /not a field of LogConfiguration/
  }
]

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('bad task definitions are refused before any change', () => {
  let stack: Stack
  shareTestStack(started => (stack = started))

  it('the corpus has at least 30 files in JSON and in YAML', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30)
    expect(corpus.filter(c => c.yaml).length).toBeGreaterThanOrEqual(10)
  })

  for (const bad of corpus) {
    it(`refuses ${bad.name}`, async () => {
      const workspace = checkoutPrebuilt(stack)
      const file = bad.yaml ? 'task-definition.yaml' : 'task-definition.json'
      if (bad.yaml) {
        let text = baseYaml
        for (const [from, to] of bad.yaml) {
          expect(text).toContain(from) // the case changes what it means to change
          text = text.replace(from, to)
        }
        fs.writeFileSync(path.join(workspace, file), text)
      } else {
        const td = base()
        bad.json!(td)
        fs.writeFileSync(path.join(workspace, file), JSON.stringify(td, null, 2))
      }
      const mark = stack.requestMark()

      const run = await deploy(stack, { workspace, inputs: deployInputs(stack, { 'task-definition': file }) })

      expect(run.exitCode).not.toBe(0)
      const errors = errorAnnotations(run).join('\n')
      const field = typeof bad.field === 'string' ? escape(bad.field) : bad.field.source
      expect(errors).toMatch(new RegExp(`${escape(file)}: ${field}`))
      if (bad.says) expect(errors).toMatch(bad.says)
      expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
      // Refused while reading the file: no build.
      expect(fs.existsSync(path.join(workspace, 'target', 'classes'))).toBe(false)
    }, 60_000)
  }

  it('converts YAML numbers, booleans and yes to what ECS expects, and warns once naming each field', async () => {
    const workspace = checkoutPrebuilt(stack)
    const yaml = baseYaml
      .replace('        value: "8080"', '        value: 8080\n      - name: DEBUG\n        value: true')
      .replace('essential: true', 'essential: yes')
    fs.writeFileSync(path.join(workspace, 'task-definition.yaml'), yaml)
    const mark = stack.requestMark()

    const run = await deploy(stack, {
      workspace,
      inputs: deployInputs(stack, { 'task-definition': 'task-definition.yaml', 'dry-run': 'true' })
    })

    expect(run.exitCode).toBe(0)
    const warnings = run.stdout
      .split('\n')
      .filter(line => line.startsWith('::warning') && line.includes('converted'))
    expect(warnings).toHaveLength(1)
    const warning = warnings[0]!.replace(/%0A/g, '\n')
    expect(warning).toContain('containerDefinitions[0].environment[0].value: 8080 → "8080"')
    expect(warning).toContain('containerDefinitions[0].environment[1].value: true → "true"')
    expect(warning).toContain('containerDefinitions[0].essential: yes → true')
    const rendered = JSON.parse(fs.readFileSync(run.outputs['task-definition']!, 'utf8')) as {
      containerDefinitions: { essential: unknown; environment: { name: string; value: unknown }[] }[]
    }
    expect(rendered.containerDefinitions[0]!.essential).toBe(true)
    expect(rendered.containerDefinitions[0]!.environment).toEqual([
      { name: 'PORT', value: '8080' },
      { name: 'DEBUG', value: 'true' }
    ])
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
  }, 120_000)
})
