// The AppSpec: read from codedeploy-appspec (YAML or JSON) and checked, or generated from the service; its
// TaskDefinition set to the revision the run registers.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse } from 'yaml'
import {
  appSpecProblems,
  containerPortProblem,
  generateAppSpec,
  loadAppSpec,
  renderAppSpecFile
} from '../../src/deploy/appspec.js'

const arn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:8'
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appspec-'))
const file = (name: string, text: string) => {
  const p = path.join(dir, name)
  fs.writeFileSync(p, text)
  return p
}

const yamlSpec = `# deployed by release-to-ecs
version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: <TASK_DEFINITION> # replaced
        LoadBalancerInfo:
          ContainerName: app
          ContainerPort: 8080
        PlatformVersion: "1.4.0"
Hooks:
  - AfterAllowTestTraffic: "arn:aws:lambda:eu-west-1:123456789012:function:smoke-test"
`

describe('the AppSpec', () => {
  it('YAML: TaskDefinition set to the new revision; comments, container, port and hooks kept', async () => {
    const loaded = await loadAppSpec(file('appspec.yaml', yamlSpec))
    const target = appSpecProblems(loaded.doc)
    expect(target).toEqual({
      containerName: 'app',
      containerPort: 8080,
      resourceKey: 'TargetService',
      hooks: ['AfterAllowTestTraffic']
    })
    const rendered = renderAppSpecFile(loaded, target as never, arn)
    expect(rendered).toContain('# deployed by release-to-ecs')
    const doc = parse(rendered) as {
      Resources: { TargetService: { Properties: Record<string, unknown> } }[]
      Hooks: unknown[]
    }
    expect(doc.Resources[0]!.TargetService.Properties).toMatchObject({
      TaskDefinition: arn,
      PlatformVersion: '1.4.0',
      LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 }
    })
    expect(doc.Hooks).toEqual([
      { AfterAllowTestTraffic: 'arn:aws:lambda:eu-west-1:123456789012:function:smoke-test' }
    ])
  })

  it('JSON stays JSON', async () => {
    const json = JSON.stringify({
      version: '0.0',
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: 'x',
              LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 }
            }
          }
        }
      ]
    })
    const loaded = await loadAppSpec(file('appspec.json', json))
    expect(loaded.format).toBe('json')
    const rendered = JSON.parse(renderAppSpecFile(loaded, appSpecProblems(loaded.doc) as never, arn))
    expect(rendered.Resources[0].TargetService.Properties.TaskDefinition).toBe(arn)
  })

  it.each([
    ['not parsable', 'version: [0.0', 'is not valid YAML'],
    ['a wrong version', yamlSpec.replace('version: 0.0', 'version: 1'), 'version must be 0.0, not 1'],
    [
      'a wrong Type',
      yamlSpec.replace('AWS::ECS::Service', 'AWS::Lambda::Function'),
      'Type must be AWS::ECS::Service'
    ],
    ['no ContainerPort', yamlSpec.replace('          ContainerPort: 8080\n', ''), 'ContainerPort is missing'],
    [
      'an unknown hook',
      yamlSpec.replace('AfterAllowTestTraffic', 'ApplicationStart'),
      'Hooks has ApplicationStart'
    ],
    [
      'two resources',
      yamlSpec.replace('Hooks:', '  - Other:\n      Type: AWS::ECS::Service\nHooks:'),
      'exactly one entry'
    ]
  ])('refuses a file with %s, naming codedeploy-appspec', async (_what, text, message) => {
    const p = file('bad.yaml', text)
    await expect(loadAppSpec(p)).rejects.toThrow(`codedeploy-appspec ${p}`)
    await expect(loadAppSpec(p)).rejects.toThrow(message)
  })

  it('refuses a missing file and broken JSON, naming the input', async () => {
    await expect(loadAppSpec(path.join(dir, 'nope.yaml'))).rejects.toThrow('codedeploy-appspec')
    await expect(loadAppSpec(file('bad.json', '{"version": '))).rejects.toThrow('is not valid JSON')
  })

  it('checks the container and port against the task definition', () => {
    const td = { containerDefinitions: [{ name: 'app', portMappings: [{ containerPort: 8080 }] }] }
    expect(containerPortProblem(td, 'app', 8080, 'x')).toBeUndefined()
    expect(containerPortProblem(td, 'web', 8080, 'x')).toContain(
      'names container web, which the task definition does not have (it has app)'
    )
    expect(containerPortProblem(td, 'app', 80, 'x')).toContain('maps only 8080')
  })

  it('generated from the service: load balancer container and port, platform version, network, capacity providers', () => {
    const generated = generateAppSpec(
      {
        serviceName: 'web',
        loadBalancers: [{ targetGroupArn: 'tg', containerName: 'app', containerPort: 8080 }],
        platformVersion: 'LATEST',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' }
        },
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }]
      },
      arn
    )
    expect('content' in generated && JSON.parse(generated.content)).toEqual({
      version: '0.0',
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: arn,
              LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 },
              PlatformVersion: 'LATEST',
              NetworkConfiguration: {
                AwsvpcConfiguration: {
                  Subnets: ['subnet-1'],
                  SecurityGroups: ['sg-1'],
                  AssignPublicIp: 'DISABLED'
                }
              },
              CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Base: 0, Weight: 1 }]
            }
          }
        }
      ]
    })
    expect(generateAppSpec({ serviceName: 'web' }, arn)).toEqual({
      problem: expect.stringContaining('give codedeploy-appspec')
    })
  })
})
