import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import { chooseDeploymentPath } from '../../src/deploy/path.js'

const service = (over: Partial<Service>): Service => ({ serviceName: 'web', status: 'ACTIVE', ...over })

describe('chooseDeploymentPath', () => {
  it('takes the rolling update for the ECS controller with the ROLLING strategy, or neither set', () => {
    expect(chooseDeploymentPath(service({}))).toEqual({ path: 'ecs-rolling', label: 'ECS rolling update' })
    expect(
      chooseDeploymentPath(
        service({ deploymentController: { type: 'ECS' }, deploymentConfiguration: { strategy: 'ROLLING' } })
      )
    ).toEqual({ path: 'ecs-rolling', label: 'ECS rolling update' })
  })

  it('takes the CodeDeploy blue/green deployment for the CODE_DEPLOY controller', () => {
    expect(chooseDeploymentPath(service({ deploymentController: { type: 'CODE_DEPLOY' } }))).toEqual({
      path: 'codedeploy',
      label: 'CodeDeploy blue/green deployment'
    })
  })

  it('refuses the EXTERNAL controller, naming it', () => {
    const choice = chooseDeploymentPath(service({ deploymentController: { type: 'EXTERNAL' } }))
    expect(choice).toEqual({
      unsupported: expect.stringContaining('uses the EXTERNAL deployment controller')
    })
    expect('unsupported' in choice && choice.unsupported).toMatch(/does not support yet.*Nothing was changed/)
  })

  it.each(['BLUE_GREEN', 'LINEAR', 'CANARY'] as const)('refuses the %s strategy, naming it', strategy => {
    const choice = chooseDeploymentPath(
      service({ deploymentController: { type: 'ECS' }, deploymentConfiguration: { strategy } })
    )
    expect(choice).toEqual({
      unsupported: expect.stringContaining(`The service "web" uses the ${strategy} deployment strategy`)
    })
  })
})
