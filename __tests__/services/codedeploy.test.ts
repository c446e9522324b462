// The CodeDeploy side of each CODE_DEPLOY service among `services`: its own application and group, read before any
// change, problems naming its entry; codedeploy-* keys of a service of another controller are warned about.
import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import type { CodeDeployApi } from '../../src/aws/codedeploy.js'
import type { ServiceTarget } from '../../src/deploy/inspect.js'
import { readServicesCodeDeploy, type ReadService } from '../../src/services/codedeploy.js'
import type { ServiceEntry, Settings } from '../../src/settings/index.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'

const entry = (name: string, index: number, codedeploy?: ServiceEntry['codedeploy']): ServiceEntry => ({
  name,
  input: `services[${index}]`,
  cluster: 'prod',
  service: name,
  taskDefinitionSource: { kind: 'file', path: `/ws/${name}.json` },
  containerNames: [],
  ...(codedeploy ? { codedeploy } : {})
})
const read = (e: ServiceEntry): ReadService => ({
  entry: e,
  settings: {
    cluster: 'prod',
    mode: { kind: 'deploy', service: e.service },
    codedeploy: { ...e.codedeploy }
  } as unknown as Settings,
  logger: new RecordingLogger()
})
const target = (name: string, controller: 'ECS' | 'CODE_DEPLOY'): ServiceTarget => ({
  service: { serviceName: name, deploymentController: { type: controller } } as Service
})

/** CodeDeploy with these applications, each group deploying the service of its name (Dgp-<service>). */
function codedeployWith(applications: string[]): CodeDeployApi & { asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    getApplication: async name => {
      asked.push(`application ${name}`)
      return applications.includes(name) ? { applicationName: name, computePlatform: 'ECS' } : undefined
    },
    getDeploymentGroup: async (application, group) => {
      asked.push(`group ${application}/${group}`)
      const service = group.replace(/^DgpECS-prod-|^shop-/, '')
      return {
        deploymentGroupName: group,
        computePlatform: 'ECS',
        ecsServices: [{ clusterName: 'prod', serviceName: service }]
      }
    },
    getDeploymentConfig: async name => ({ deploymentConfigName: name, computePlatform: 'ECS' })
  } as CodeDeployApi & { asked: string[] }
}

const stage = <T>(_: string, fn: () => Promise<T>) => fn()

describe('readServicesCodeDeploy', () => {
  it("reads each CODE_DEPLOY service's own application and group, its entry's or the console's names", async () => {
    const services = [
      read(entry('web', 0, { application: 'shop', deploymentGroup: 'shop-web' })),
      read(entry('worker', 1)),
      read(entry('admin', 2))
    ]
    const api = codedeployWith(['shop', 'AppECS-prod-admin'])
    const targets = [target('web', 'CODE_DEPLOY'), target('worker', 'ECS'), target('admin', 'CODE_DEPLOY')]
    const found = await readServicesCodeDeploy(services, targets, [], {
      codedeploy: api,
      region: 'eu-west-1',
      stage,
      logger: new RecordingLogger()
    })
    expect(
      found.map(f => f.codedeploy && `${f.codedeploy.application}/${f.codedeploy.deploymentGroup}`)
    ).toEqual(['shop/shop-web', undefined, 'AppECS-prod-admin/DgpECS-prod-admin'])
    expect(api.asked.filter(a => a.includes('worker'))).toEqual([])
  })

  it('names the entry when its application does not exist, and warns about keys a rolling service ignores', async () => {
    const worker = read(entry('worker', 1, { application: 'jobs' }))
    const services = [read(entry('web', 0)), worker]
    const targets = [target('web', 'CODE_DEPLOY'), target('worker', 'ECS')]
    const io = { codedeploy: codedeployWith([]), region: 'eu-west-1', stage, logger: new RecordingLogger() }
    await expect(readServicesCodeDeploy(services, targets, [], io)).rejects.toThrow(
      /^services\[0\] \(service web\): The service web deploys with CodeDeploy, but the CodeDeploy application "AppECS-prod-web" does not exist in eu-west-1/
    )
    expect((worker.logger as RecordingLogger).warnings.map(w => w.message)).toEqual([
      'services[1].codedeploy-application is ignored: the service worker does not use the CODE_DEPLOY deployment controller.'
    ])
  })
})
