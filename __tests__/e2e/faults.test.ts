// The same release twice, on two identical stacks: once through a calm AWS, once through one that throttles 30 % of
// all calls and answers others with 5xx bursts or loses the answer after doing the call, on every service the run
// calls. Both end the same: exit 0, the same outputs, one revision and one deployment each.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs'
import {
  checkoutPrebuilt,
  createLoadBalancedService,
  deploy,
  deployInputs,
  outcome,
  releaseEvent,
  startTestStack,
  validationFailures,
  type ActionRun,
  type Stack
} from './harness.js'
import type { FaultScenario } from '../../emulator/index.js'

/** Another seed (FAULTS_SEED=n) replays another run of faults. */
const SEED = Number(process.env.FAULTS_SEED ?? 11)

/** The AWS APIs a successful release calls (CloudWatch Logs only when a task of the new deployment stops). */
const APIS = ['sts', 'ecr', 'ecs', 'elasticloadbalancing']
/** ...and ECR's registry, which podman pushes to. */
const SERVICES = [...APIS, 'registry']
const everyApi = APIS.map(s => `${s}:*`)

/**
 * 30 % throttling, 5xx bursts and lost answers on every API and on the registry (podman itself retries 429 and
 * lost connections; a 5xx fails its push, and the action pushes again).
 */
const flaky: FaultScenario = {
  seed: SEED,
  throttle: [
    { rate: 0.3, operations: everyApi },
    { burst: 2, operations: ['registry:InitiateLayerUpload'] }
  ],
  serverErrors: [
    ...APIS.map(s => ({ burst: 2, operations: [`${s}:*`] })),
    { burst: 1, operations: ['registry:InitiateLayerUpload'] },
    { burst: 1, operations: ['registry:PutImage'] },
    { rate: 0.02, operations: everyApi }
  ],
  drop: [
    // The dangerous case: ECS did the call and its answer is lost.
    { burst: 1, when: 'after', operations: ['ecs:RegisterTaskDefinition'] },
    { burst: 1, when: 'after', operations: ['ecs:UpdateService'] },
    ...APIS.map(s => ({ burst: 1, when: 'after' as const, operations: [`${s}:*`] })),
    { burst: 1, when: 'after', operations: ['registry:PutImage'] },
    { burst: 1, operations: ['registry:BatchCheckLayerAvailability'] },
    { rate: 0.02, when: 'after', operations: everyApi },
    { rate: 0.02, operations: everyApi }
  ]
}

interface Deployed {
  stack: Stack
  run: ActionRun
  service: string
  requests: Stack['emulator']['requests']
}

/** One release of the prebuilt example to a load-balanced service of a fresh stack, under `faults`. */
async function release(faults: FaultScenario): Promise<Deployed> {
  const stack = await startTestStack({ seed: SEED })
  try {
    // Old tasks drain for 1 s (30 ECS seconds at the stack's speed): the watch reads that from ELBv2.
    stack.emulator.setScenario({ taskStartSeconds: 30, healthyAfterSeconds: 15, drainSeconds: 30 })
    const { service } = await createLoadBalancedService(stack, 2)
    await stack.waitForSteadyState()
    const mark = stack.requestMark()
    stack.emulator.setScenario({ faults })
    let run: ActionRun
    try {
      run = await deploy(stack, {
        workspace: checkoutPrebuilt(stack),
        inputs: deployInputs(stack, { service, 'java-build': 'none' }),
        event: releaseEvent({ tag: 'v1.4.0', sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' })
      })
    } finally {
      stack.emulator.setScenario({ faults: {} })
    }
    return { stack, run, service, requests: stack.requestsSince(mark) }
  } catch (error) {
    await stack.stop()
    throw error
  }
}

/** The outputs, with what differs between two stacks by construction (registry port, temp path, ids) set aside. */
function comparableOutputs(deployed: Deployed): Record<string, string> {
  const host = deployed.stack.repositoryUri.split('/')[0]!
  const {
    'deployment-id': _id,
    'image-digest': _digest,
    'task-definition': _file,
    ...rest
  } = deployed.run.outputs
  // The deployment's id differs between two runs, also where it is part of another output (its service deployment).
  const id = (deployed.run.outputs['deployment-id'] ?? '').replace(/^ecs-svc\//, '')
  const generic = (v: string) => (id ? v.split(id).join('<deployment>') : v).split(host).join('<registry>')
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, generic(v)]))
}

function faultsByService(requests: Deployed['requests']): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const r of requests) if (r.fault) counts[r.service] = (counts[r.service] ?? 0) + 1
  return counts
}

describe('a release through a flaky AWS', () => {
  let calm: Deployed
  let faulty: Deployed

  beforeAll(async () => {
    calm = await release({})
    faulty = await release(flaky)
  }, 240_000)
  afterAll(async () => {
    await calm?.stack.stop()
    await faulty?.stack.stop()
  }, 60_000)

  it('ends like a calm run: exit 0 and the same outputs', () => {
    expect(outcome(calm.run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(outcome(faulty.run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(faulty.run.outputs['rollout-state']).toBe('COMPLETED')
    expect(faulty.run.outputs['task-definition-revision']).toBe('2')
    expect(comparableOutputs(faulty)).toEqual(comparableOutputs(calm))
    for (const { stack, run } of [calm, faulty]) {
      expect(run.outputs['image-digest']).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(run.outputs['deployment-id']).toMatch(/^ecs-svc\/\d+$/)
      expect(run.outputs['image']).toBe(`${stack.repositoryUri}:1.4.0-a1b2c3d`)
    }
    expect(validationFailures(faulty.requests)).toEqual([])
  })

  it('registers one revision and starts one deployment, though ECS lost the answers to both', async () => {
    for (const { stack, run, service, requests } of [calm, faulty]) {
      const done = (operation: string) => requests.filter(r => r.operation === operation && r.status === 200)
      expect(done('RegisterTaskDefinition')).toHaveLength(1)
      expect(done('UpdateService')).toHaveLength(1)
      const revisions = await stack.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: stack.family }))
      expect(revisions.taskDefinitionArns).toEqual([
        stack.initialTaskDefinitionArn,
        run.outputs['task-definition-arn']
      ])
      const snapshot = stack.emulator.snapshot() as {
        ecs: { services: { serviceName: string; deploymentHistory: { taskDefinition: string }[] }[] }
      }
      const history = snapshot.ecs.services.find(s => s.serviceName === service)?.deploymentHistory ?? []
      expect(history.filter(d => d.taskDefinition === run.outputs['task-definition-arn'])).toHaveLength(1)
    }
    // The answers really were lost after ECS had done the call, and the action looked instead of sending again.
    const lost = faulty.requests.filter(r => r.fault === 'drop-after').map(r => r.operation)
    expect(lost).toEqual(expect.arrayContaining(['RegisterTaskDefinition', 'UpdateService']))
    expect(faulty.run.stdout).toContain(
      `ECS had done RegisterTaskDefinition of ${faulty.stack.family}: using that instead of sending it again.`
    )
    expect(faulty.run.stdout).toContain(
      `ECS had done UpdateService of ${faulty.service}: using that instead of sending it again.`
    )
  })

  it('had faults injected into every service the run called, and none into the calm run', () => {
    const counts = faultsByService(faulty.requests)
    expect(SERVICES.filter(service => !((counts[service] ?? 0) > 0))).toEqual([])
    const kinds = new Set(faulty.requests.map(r => r.fault))
    for (const kind of ['throttle', 'server-error', 'drop-after']) expect(kinds).toContain(kind)
    // The registry's own 5xx failed a podman push, and the action pushed again.
    expect(faulty.requests.some(r => r.service === 'registry' && r.fault === 'server-error')).toBe(true)
    expect(faulty.run.stdout).toContain('push failed because the registry failed for a moment; trying again')
    expect(faultsByService(calm.requests)).toEqual({})
    // The calm run called the same services: none was left out of the faults.
    expect(new Set(calm.requests.map(r => r.service))).toEqual(new Set(SERVICES))
  })
})
