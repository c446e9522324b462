// planRelease: everything a run will do, decided from what it read, without a single call.
import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import type { ImageSource } from '../src/image/source.js'
import { planRelease, type PlanInputs } from '../src/plan.js'
import { dryRunPlan } from '../src/report/plan.js'
import { readSettings } from '../src/settings/index.js'

const registry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
const td = (n: number) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/web:${n}`
const image = `${registry}/web:1.2.0-0123456`

function inputs(given: Record<string, string>, service?: Service): PlanInputs {
  const all: Record<string, string> = {
    'task-definition': 'td.json',
    'ecr-repository': 'web',
    service: 'web',
    'aws-region': 'eu-west-1',
    ...given
  }
  const settings = readSettings(name => all[name] ?? '', { GITHUB_WORKSPACE: '/ws' })
  const source: ImageSource = {
    kind: 'build',
    input: 'ecr-repository',
    repository: 'web',
    region: 'eu-west-1',
    registryFromLogin: true,
    repositoryUri: `${registry}/web`,
    tag: '1.2.0-0123456',
    additionalTags: []
  }
  return {
    settings,
    taskDefinition: {
      path: '/ws/td.json',
      family: 'web',
      tags: [],
      notes: [],
      warnings: [],
      definition: { family: 'web', containerDefinitions: [{ name: 'app', image: 'placeholder' }] }
    },
    source,
    target: service && {
      service,
      current: {
        taskDefinitionArn: td(7),
        family: 'web',
        containerDefinitions: [{ name: 'app', image: 'old' }]
      }
    },
    region: 'eu-west-1',
    account: '123456789012',
    labels: {}
  }
}

const steady: Service = {
  serviceName: 'web',
  status: 'ACTIVE',
  taskDefinition: td(7),
  deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: td(7), rolloutState: 'COMPLETED' }]
}

describe('planRelease', () => {
  it('plans the build, the rendered task definition, the policy and the rolling update', () => {
    const plan = planRelease(inputs({}, steady))
    expect(plan.imageStep).toBe('build')
    expect(plan.engineRequest).toMatchObject({ engine: 'docker', tag: '1.2.0-0123456' })
    expect(plan.taskDefinition.imageUri).toBe(image)
    expect(plan.taskDefinition.rendered.containerDefinitions?.[0]?.image).toBe(image)
    expect(plan.taskDefinition.changes).toEqual([expect.stringContaining('app')])
    expect(plan.taskDefinition.sameAsCurrent).toBe(false)
    expect(JSON.parse(plan.iamPolicy).Statement.length).toBeGreaterThan(0)
    expect(plan.deployment).toMatchObject({
      path: 'ecs-rolling',
      busy: [],
      request: { cluster: 'default', service: 'web', timeoutMs: 30 * 60_000, onBusy: 'wait' }
    })
  })

  it('lists other deployments in progress, but not an earlier attempt of this very release', () => {
    const busy: Service = {
      ...steady,
      taskDefinition: td(8),
      deployments: [
        { id: 'ecs-svc/2', status: 'PRIMARY', taskDefinition: td(8), rolloutState: 'IN_PROGRESS' },
        { id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: td(7), rolloutState: 'COMPLETED' }
      ]
    }
    const someoneElse = planRelease(inputs({}, busy))
    expect(someoneElse.deployment?.busy.map(d => d.id)).toEqual(['ecs-svc/2'])
    // A re-run: the service runs (and rolls out) exactly what this run would register.
    const current = {
      taskDefinitionArn: td(8),
      family: 'web',
      containerDefinitions: [{ name: 'app', image }]
    }
    const ours = inputs({}, busy)
    ours.target!.current = current
    expect(planRelease(ours).deployment).toMatchObject({
      busy: [],
      request: { ownDeploymentId: 'ecs-svc/2' }
    })
    // With force-new-deployment the run starts a deployment of its own: the one in progress is waited for.
    const forced = inputs({ 'force-new-deployment': 'true' }, busy)
    forced.target!.current = current
    expect(planRelease(forced).deployment?.busy.map(d => d.id)).toEqual(['ecs-svc/2'])
  })

  it('refuses a service with the EXTERNAL controller', () => {
    expect(() => planRelease(inputs({}, { ...steady, deploymentController: { type: 'EXTERNAL' } }))).toThrow(
      'uses the EXTERNAL deployment controller'
    )
  })

  describe('a service with the CODE_DEPLOY controller', () => {
    const tg = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-blue/0123456789abcdef'
    const codeDeployService: Service = {
      ...steady,
      deployments: [],
      deploymentController: { type: 'CODE_DEPLOY' },
      loadBalancers: [{ targetGroupArn: tg, containerName: 'app', containerPort: 8080 }],
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'DISABLED' } }
    }
    const codedeploy: PlanInputs['codedeploy'] = {
      application: 'AppECS-default-web',
      deploymentGroup: 'DgpECS-default-web',
      configName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
      config: {
        trafficRoutingConfig: {
          type: 'TimeBasedLinear',
          timeBasedLinear: { linearPercentage: 10, linearInterval: 1 }
        }
      },
      group: {
        deploymentGroupName: 'DgpECS-default-web',
        ecsServices: [{ clusterName: 'default', serviceName: 'web' }],
        autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
        alarmConfiguration: { enabled: true, alarms: [{ name: 'web-5xx' }] },
        blueGreenDeploymentConfiguration: {
          terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 5 },
          deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 30 }
        }
      }
    }
    const withPort = (given: Record<string, string>, port = 8080): PlanInputs => {
      const planned = inputs(given, codeDeployService)
      planned.taskDefinition.definition = {
        family: 'web',
        containerDefinitions: [{ name: 'app', image: 'placeholder', portMappings: [{ containerPort: port }] }]
      }
      return { ...planned, codedeploy }
    }

    it('plans the codedeploy path: the request, what done means, and a policy without ecs:UpdateService', () => {
      const plan = planRelease(withPort({ 'rollback-on-failure': 'true', 'on-pause': 'continue' }))
      expect(plan.deployment).toMatchObject({
        path: 'codedeploy',
        label: 'CodeDeploy blue/green deployment',
        busy: [],
        codedeploy: {
          application: 'AppECS-default-web',
          deploymentGroup: 'DgpECS-default-web',
          targetId: 'default:web',
          appSpec: { kind: 'generated' },
          groupRollsBackOnFailure: true,
          terminationWaitMinutes: 5,
          readyWaitMinutes: 30,
          onPause: 'continue'
        }
      })
      expect(plan.deployment?.notes?.join('\n')).toContain(
        "original task set is terminated after the group's termination wait of 5 min"
      )
      const policy = JSON.parse(plan.iamPolicy) as {
        Statement: { Sid: string; Action: string[]; Resource: string }[]
      }
      const actions = policy.Statement.flatMap(s => s.Action)
      expect(actions).not.toContain('ecs:UpdateService')
      expect(actions).not.toContain('elasticloadbalancing:DescribeTargetGroupAttributes')
      const group = policy.Statement.find(s => s.Sid === 'CodeDeployDeploymentGroup')
      expect(group).toEqual({
        Sid: 'CodeDeployDeploymentGroup',
        Effect: 'Allow',
        Action: [
          'codedeploy:GetDeploymentGroup',
          'codedeploy:CreateDeployment',
          'codedeploy:GetDeployment',
          'codedeploy:GetDeploymentTarget',
          'codedeploy:StopDeployment',
          'codedeploy:ContinueDeployment'
        ],
        Resource:
          'arn:aws:codedeploy:eu-west-1:123456789012:deploymentgroup:AppECS-default-web/DgpECS-default-web'
      })
      expect(policy.Statement.find(s => s.Sid === 'CodeDeployDeploymentConfig')?.Resource).toBe(
        'arn:aws:codedeploy:eu-west-1:123456789012:deploymentconfig:CodeDeployDefault.ECSLinear10PercentEvery1Minutes'
      )
    })

    it('the dry run says the path, the AppSpec, what done means and the Ready wait, and warns of a short wait-for-minutes', () => {
      const settings = withPort({ 'wait-for-minutes': '20' }).settings
      const lines = dryRunPlan(planRelease(withPort({ 'wait-for-minutes': '20' })), settings, '/tmp/td.json')
      const text = lines.join('\n')
      expect(text).toContain(
        'Deploy service web in cluster default (CodeDeploy blue/green deployment, no UpdateService)'
      )
      expect(text).toContain(
        'configuration CodeDeployDefault.ECSLinear10PercentEvery1Minutes (10 % more traffic every 1 min)'
      )
      expect(text).toContain('AppSpec generated from the service (container app:8080')
      expect(text).toContain('Done when CodeDeploy reports the deployment Succeeded')
      expect(text).toContain('waits in Ready for ContinueDeployment')
      expect(text).toContain(
        "CloudWatch alarms that stop the deployment (the group's alarmConfiguration): web-5xx"
      )
      expect(text).toContain("wait-for-minutes (20) does not cover the group's waits (35 min)")
      expect(text).not.toContain('Update service')
    })

    it('grants StopDeployment and ContinueDeployment only when the run would use them', () => {
      const actions = JSON.stringify(JSON.parse(planRelease(withPort({})).iamPolicy))
      expect(actions).not.toContain('StopDeployment')
      expect(actions).not.toContain('ContinueDeployment')
      expect(planRelease(withPort({ 'on-cancel': 'rollback' })).iamPolicy).toContain(
        'codedeploy:StopDeployment'
      )
    })

    it.each([
      [
        { 'wait-until': 'BAKE_TIME' },
        8080,
        'wait-until is BAKE_TIME, a lifecycle stage of an ECS service deployment'
      ],
      [{ 'desired-count': '3' }, 8080, 'desired-count would need UpdateService'],
      [{}, 9090, "The service's load balancer names port 8080 of container app, which maps only 9090"]
    ])('refuses %j before any change', (given, port, message) => {
      expect(() => planRelease(withPort(given, port))).toThrow(message)
    })
  })

  it('plans without a service (a dry run without credentials): no deployment, a placeholder policy', () => {
    const plan = planRelease({ ...inputs({ 'dry-run': 'true' }), account: undefined })
    expect(plan.deployment).toBeUndefined()
    expect(plan.iamPolicy).toContain('000000000000')
  })
})
