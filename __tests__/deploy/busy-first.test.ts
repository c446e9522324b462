// The wait for another deployment comes before any change: a timeout says "Nothing was changed", and it is true.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr'
import { STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import * as fs from 'node:fs'
import { run } from '../../src/main.js'
import {
  account,
  actionRun,
  deployment,
  exampleWorkspace,
  releaseInputs,
  service,
  stubIdentityAndLogin
} from '../../__fixtures__/action-run.js'

const ecs = mockClient(ECSClient)
const ecr = mockClient(ECRClient)
const sts = mockClient(STSClient)
const td = (n: number) => `arn:aws:ecs:eu-west-1:${account}:task-definition/hello-service:${n}`
let workspace: string

beforeEach(() => {
  workspace = exampleWorkspace()
  for (const m of [ecs, ecr, sts]) m.reset()
  stubIdentityAndLogin(sts, ecr, 'registry-password')
  ecr
    .on(DescribeImagesCommand)
    .rejects(Object.assign(new Error('not found'), { name: 'ImageNotFoundException' }))
  ecs.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      taskDefinitionArn: td(7),
      family: 'hello-service',
      containerDefinitions: [{ name: 'app' }]
    }
  })
  // Somebody else's deployment of revision 9 never finishes.
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      service([
        deployment({ id: 'ecs-svc/9', taskDefinition: td(9), rolloutState: 'IN_PROGRESS', runningCount: 0 }),
        deployment({ id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: td(7), rolloutState: 'COMPLETED' })
      ])
    ]
  })
})

afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }))

describe('a busy service', () => {
  it.each([['true'], ['false']])(
    'with on-busy: wait (wait-for-service-stability %s) times out before building, and nothing was changed',
    async stability => {
      const h = actionRun(workspace, {
        ...releaseInputs,
        'wait-for-service-stability': stability,
        'wait-for-minutes': '2'
      })
      await run(h.deps)

      expect(h.failures).toEqual([
        {
          title: 'ECS',
          message: expect.stringMatching(
            /^Service "web" was still busy after 2m00s: deployment ecs-svc\/9 .*Nothing was changed; re-run later or raise wait-for-minutes\.$/
          )
        }
      ])
      expect(h.commands).toEqual([]) // no Java build, no image build, no push
      expect(ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0)
      expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0)
      // wait-for-minutes bounds this wait, so no warning calls it ignored.
      expect(h.logger.lines.join('\n')).not.toContain('wait-for-minutes is ignored')
    }
  )
})
