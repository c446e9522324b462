// RegisterTaskDefinition's rules that the stand-in learnt from ECS: each refused with ECS's error and wording,
// and the request that ECS accepts still accepted.
import { describe, expect, it } from '@jest/globals'
import { createEcsModel } from '../ecs/index.js'
import { AwsError } from '../errors.js'

const caller = {
  accessKeyId: 'AKIDEXAMPLE',
  arn: 'arn:aws:iam::123456789012:user/deployer',
  accountId: '123456789012'
}
type Json = Record<string, unknown>

const register = (input: Json) =>
  createEcsModel({ region: 'eu-west-1', accountId: '123456789012', now: () => 0, speed: 1 }).handle(
    'RegisterTaskDefinition',
    input,
    caller
  )

const fargate = (container: Json = {}, extra: Json = {}): Json => ({
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [{ name: 'web', image: 'web:1', ...container }],
  ...extra
})

async function rejection(input: Json): Promise<AwsError> {
  try {
    await register(input)
  } catch (err) {
    if (err instanceof AwsError) return err
    throw err
  }
  throw new Error('expected ECS to refuse the task definition')
}

describe('RegisterTaskDefinition refuses what ECS refuses', () => {
  const cases: [string, Json, string, string][] = [
    [
      'a number where ECS reads text (YAML value: 8080)',
      fargate({ environment: [{ name: 'PORT', value: 8080 }] }),
      'SerializationException',
      'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String'
    ],
    [
      'a boolean where ECS reads text (YAML value: true)',
      fargate({ environment: [{ name: 'DEBUG', value: true }] }),
      'SerializationException',
      'class java.lang.Boolean can not be converted to an String'
    ],
    [
      'text where ECS reads a boolean (YAML essential: yes)',
      fargate({ essential: 'yes' }),
      'SerializationException',
      'STRING_VALUE cannot be converted to Boolean'
    ],
    [
      'text where ECS reads a number',
      fargate({ portMappings: [{ containerPort: '8080' }] }),
      'SerializationException',
      'STRING_VALUE cannot be converted to Integer'
    ],
    [
      'a boolean log option',
      fargate({
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': 'g', 'awslogs-create-group': true }
        }
      }),
      'SerializationException',
      'class java.lang.Boolean can not be converted to an String'
    ],
    [
      'no essential container',
      fargate({ essential: false }),
      'ClientException',
      "Task definition doesn't have any essential container."
    ],
    [
      'awslogs without awslogs-group',
      fargate({ logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-region': 'eu-west-1' } } }),
      'ClientException',
      'Log driver awslogs requires options: awslogs-group'
    ],
    [
      'a placeholder image',
      fargate({ image: '<IMAGE>' }),
      'ClientException',
      'Container.image contains invalid characters.'
    ],
    [
      'an image over 255 characters',
      fargate({ image: `a/${'b'.repeat(260)}` }),
      'ClientException',
      'Container.image should be 255 characters or less'
    ],
    [
      'a container name with a space',
      fargate({ name: 'my app' }),
      'ClientException',
      'Container.name contains invalid characters.'
    ],
    [
      'lower-case fargate',
      fargate({}, { requiresCompatibilities: ['fargate'] }),
      'InvalidParameterException',
      "1 validation error detected: Value '[fargate]' at 'requiresCompatibilities' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES]]"
    ],
    [
      'an aws: tag key',
      fargate({}, { tags: [{ key: 'aws:team', value: 'a' }] }),
      'InvalidParameterException',
      "Tag keys cannot start with 'aws:'. Invalid tag key: aws:team"
    ],
    [
      'Fargate with an ECR image and no execution role',
      fargate(
        { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1' },
        { executionRoleArn: undefined }
      ),
      'ClientException',
      'Fargate requires task definition to have execution role ARN to support ECR images.'
    ],
    [
      'ephemeral storage under 21 GiB',
      fargate({}, { ephemeralStorage: { sizeInGiB: 20 } }),
      'ClientException',
      'EphemeralStorage size should be at least 21'
    ],
    [
      'ephemeral storage over 200 GiB',
      fargate({}, { ephemeralStorage: { sizeInGiB: 201 } }),
      'ClientException',
      'EphemeralStorage size should be at most 200'
    ],
    [
      'awsvpc ports that differ',
      fargate({ portMappings: [{ containerPort: 8080, hostPort: 80 }] }),
      'ClientException',
      'When networkMode=awsvpc, the host ports and container ports in port mappings must match.'
    ],
    [
      'containers with more cpu than the task',
      fargate({ cpu: 512 }),
      'ClientException',
      "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'."
    ]
  ]

  it.each(cases)('%s', async (_name, input, type, message) => {
    const error = await rejection(input)
    expect(error.type).toBe(type)
    expect(error.message).toBe(message)
  })

  it('refuses a dependency on an essential container with SUCCESS', async () => {
    const td = fargate({ dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] })
    ;(td.containerDefinitions as Json[]).push({ name: 'init', image: 'init:1' })
    expect((await rejection(td)).message).toBe(
      'A dependency container with SUCCESS or COMPLETE condition cannot be an essential container'
    )
    ;(td.containerDefinitions as Json[])[1]!.essential = false
    await expect(register(td)).resolves.toBeDefined()
  })

  it('refuses a request over 64 KiB with the actual length', async () => {
    const environment = Array.from({ length: 70 }, (_, i) => ({ name: `V${i}`, value: 'x'.repeat(1000) }))
    const error = await rejection(fargate({ environment }))
    expect(error.message).toMatch(/^Actual length: '7\d{4}'\. Max allowed length is '65536' bytes\.$/)
  })

  it('accepts what ECS accepts: text values, a digest image, 50 tags, a non-essential sidecar', async () => {
    const td = fargate(
      {
        image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/web@sha256:${'a'.repeat(64)}`,
        environment: [{ name: 'PORT', value: '8080' }],
        essential: true,
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } }
      },
      {
        tags: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' })),
        ephemeralStorage: { sizeInGiB: 21 }
      }
    )
    ;(td.containerDefinitions as Json[]).push({
      name: 'sidecar',
      image: 'public.ecr.aws/x/y:1',
      essential: false
    })
    await expect(register(td)).resolves.toBeDefined()
  })
})
