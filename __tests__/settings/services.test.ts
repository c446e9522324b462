// The services input: one YAML list entry per service, each problem naming its entry.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { settingsFor } from '../../src/services/settings.js'
import { MAX_SERVICES } from '../../src/settings/services.js'
import { loadYaml } from '../../src/yaml.js'
import { problemsOf as problemsFrom, settingsFrom as settingsOf } from '../../__fixtures__/settings.js'

const base = { 'ecr-repository': 'web', 'aws-region': 'eu-west-1' }
const ACCOUNT = '123456789012'
const settingsFrom = (inputs: Record<string, string>) => settingsOf(inputs, base)
const problemsOf = (inputs: Record<string, string>) => problemsFrom(inputs, base)

const webAndWorker = [
  '- service: web',
  '  task-definition: ecs/web.json',
  '  container-name: app',
  '- service: worker',
  '  cluster: jobs',
  '  task-definition-family: worker:4'
].join('\n')

describe('services', () => {
  beforeAll(loadYaml)

  it('reads each entry; what an entry leaves out comes from the inputs of the same name', () => {
    const s = settingsFrom({ services: webAndWorker, cluster: 'prod', 'container-name': 'main' })
    expect(s.services).toEqual([
      {
        name: 'web',
        input: 'services[0]',
        cluster: 'prod',
        service: 'web',
        taskDefinitionSource: { kind: 'file', path: '/ws/ecs/web.json' },
        containerNames: ['app']
      },
      {
        name: 'worker',
        input: 'services[1]',
        cluster: 'jobs',
        service: 'worker',
        taskDefinitionSource: { kind: 'family', family: 'worker', revision: 4 },
        containerNames: ['main']
      }
    ])
    // The first entry is what the single-service fields describe.
    expect(s).toMatchObject({
      cluster: 'prod',
      service: 'web',
      taskDefinitionPath: '/ws/ecs/web.json',
      containerNames: ['app'],
      mode: { kind: 'deploy', service: 'web' },
      servicesOrder: 'parallel',
      rollbackScope: 'all'
    })
  })

  it('takes the task definition from the top level for every entry, container-name as a list, JSON as YAML', () => {
    const s = settingsFrom({
      'task-definition': 'td.json',
      services: '[{"service": "a", "container-name": ["app", "sidecar"]}, {"service": "b"}]'
    })
    expect(s.services.map(e => [e.service, e.taskDefinitionSource, e.containerNames])).toEqual([
      ['a', { kind: 'file', path: '/ws/td.json' }, ['app', 'sidecar']],
      ['b', { kind: 'file', path: '/ws/td.json' }, []]
    ])
  })

  it('the single-service inputs are the one-entry case', () => {
    const s = settingsFrom({ service: 'web', 'task-definition': 'td.json', cluster: 'prod' })
    expect(s.services).toEqual([
      {
        name: 'web',
        input: 'service',
        cluster: 'prod',
        service: 'web',
        taskDefinitionSource: { kind: 'file', path: '/ws/td.json' },
        containerNames: []
      }
    ])
  })

  it('keys two services of the same name in two clusters by cluster/name', () => {
    const s = settingsFrom({
      'task-definition': 'td.json',
      services: '- service: web\n  cluster: blue\n- service: web\n  cluster: green'
    })
    expect(s.services.map(e => e.name)).toEqual(['blue/web', 'green/web'])
  })

  it('reads services-order and rollback-scope, and refuses other values', () => {
    const s = settingsFrom({
      'task-definition': 'td.json',
      services: webAndWorker,
      'services-order': 'sequential',
      'rollback-scope': 'failed'
    })
    expect(s).toMatchObject({ servicesOrder: 'sequential', rollbackScope: 'failed' })
    expect(
      problemsOf({ services: webAndWorker, 'services-order': 'random', 'rollback-scope': 'some' })
    ).toEqual([
      'services-order is "random"; use one of parallel, sequential.',
      'rollback-scope is "some"; use one of all, failed.'
    ])
  })

  it.each([
    [
      'service and services together',
      { service: 'web', 'task-definition': 'td.json', services: webAndWorker },
      'service and services are both set'
    ],
    ['not YAML', { services: '- service: [web' }, 'services is not valid YAML'],
    ['not a list', { services: 'service: web' }, 'services must be a YAML list'],
    [
      'an entry that is not a map',
      { services: '- web' },
      'services[0] is "web"; each entry of services is a map'
    ],
    [
      'an unknown key',
      { services: '- service: web\n  task-definition: td.json\n  image: x' },
      'services[0] has the key "image"'
    ],
    ['no service', { services: '- task-definition: td.json' }, 'services[0].service is missing'],
    [
      'a bad service name',
      { services: '- service: "web app"\n  task-definition: td.json' },
      'services[0].service is "web app"'
    ],
    [
      'a bad cluster',
      { services: '- service: web\n  cluster: "a b"\n  task-definition: td.json' },
      'services[0].cluster is "a b"'
    ],
    [
      'no task definition',
      { services: '- service: web\n  task-definition: td.json\n- service: worker' },
      'services[1].task-definition is missing'
    ],
    [
      'two task definition sources',
      { services: '- service: web\n  task-definition: td.json\n  task-definition-family: web' },
      'services[0].task-definition and task-definition-family are all set'
    ],
    [
      'a bad family',
      { services: '- service: web\n  task-definition-family: "web:x"' },
      'services[0].task-definition-family is "web:x"'
    ],
    [
      'a bad container name',
      { services: '- service: web\n  task-definition: td.json\n  container-name: "a b"' },
      'services[0].container-name has "a b"'
    ],
    [
      'a value that is not text',
      { services: '- service: web\n  task-definition: td.json\n  cluster: {a: 1}' },
      'services[0].cluster is {"a":1}; give it as text.'
    ],
    [
      'the same service twice',
      { 'task-definition': 'td.json', services: '- service: web\n- service: worker\n- service: web' },
      'services[2] names the service web in cluster default again (as services[0] does)'
    ],
    [
      'a service ARN of another region',
      {
        'task-definition': 'td.json',
        services: `- service: arn:aws:ecs:us-east-1:${ACCOUNT}:service/default/web`
      },
      'services[0]: service is "arn:aws:ecs:us-east-1'
    ],
    [
      'too many',
      {
        'task-definition': 'td.json',
        services: Array.from({ length: MAX_SERVICES + 1 }, (_, i) => `- service: s${i}`).join('\n')
      },
      `services lists ${MAX_SERVICES + 1} services`
    ]
  ])('refuses %s, naming the entry', (_, inputs, expected) => {
    const problems = problemsOf(inputs)
    expect(problems.join('\n')).toContain(expected)
  })

  it('an empty list is no list', () => {
    expect(problemsOf({ services: '[]' })).toEqual([expect.stringContaining('services must be a YAML list')])
  })
})

describe('the codedeploy-* keys of an entry', () => {
  beforeAll(loadYaml)
  const withCodeDeploy = [
    '- service: web',
    '  task-definition: ecs/web.json',
    '  codedeploy-application: shop',
    '  codedeploy-deployment-group: shop-web',
    '  codedeploy-appspec: deploy/appspec.yaml',
    '- service: worker',
    '  task-definition: ecs/worker.json'
  ].join('\n')

  it('belong to their entry; an entry without them has none', () => {
    const [web, worker] = settingsFrom({ services: withCodeDeploy }).services
    expect(web?.codedeploy).toEqual({
      application: 'shop',
      deploymentGroup: 'shop-web',
      appSpecPath: '/ws/deploy/appspec.yaml'
    })
    expect(worker).not.toHaveProperty('codedeploy')
  })

  it('refuse a name CodeDeploy would not take, naming the entry', () => {
    expect(
      problemsOf({ services: '- service: web\n  task-definition: a.json\n  codedeploy-application: my app' })
    ).toEqual([
      'services[0].codedeploy-application is "my app"; give a CodeDeploy name (1 to 100 characters, no spaces or /).'
    ])
  })

  it('are refused at the top level with services: each CODE_DEPLOY service names its own', () => {
    const problems = problemsOf({ services: withCodeDeploy, 'codedeploy-deployment-group': 'shop-web' })
    expect(problems).toEqual([
      expect.stringMatching(
        /^codedeploy-deployment-group is given with services; .* give codedeploy-deployment-group in the entry of the CODE_DEPLOY service/
      )
    ])
    // The release's deployment configuration and description apply to every CODE_DEPLOY service.
    const config = 'CodeDeployDefault.ECSAllAtOnce'
    expect(
      settingsFrom({ services: withCodeDeploy, 'codedeploy-deployment-config': config }).codedeploy
    ).toEqual({ deploymentConfig: config })
  })
})

describe('the overrides of an entry', () => {
  beforeAll(loadYaml)
  const entries = [
    '- service: web',
    '  task-definition: ecs/web.json',
    '- service: worker',
    '  task-definition: ecs/worker.json',
    '  cpu: 1024',
    '  desired-count: 3',
    '  environment-variables: |',
    '    QUEUE=orders',
    '    WORKERS=4'
  ].join('\n')

  it('replace the inputs of the same name for their service only; what an entry leaves out is the input', () => {
    const s = settingsFrom({ services: entries, memory: '2048', 'environment-variables': 'LOG=info' })
    const [web, worker] = s.services
    expect(web).not.toHaveProperty('overrides')
    expect(web).not.toHaveProperty('desiredCount')
    expect(worker?.desiredCount).toBe(3)
    expect(worker?.overrides).toMatchObject({
      cpu: '1024',
      memory: '2048',
      environment: [
        { name: 'QUEUE', value: 'orders' },
        { name: 'WORKERS', value: '4' }
      ]
    })
    // The release's own overrides stay what the inputs say (the first service's).
    expect(s.overrides.environment).toEqual([{ name: 'LOG', value: 'info' }])
    expect(settingsFor(s, worker)).toMatchObject({ desiredCount: 3, overrides: { cpu: '1024' } })
    expect(settingsFor(s, web).overrides).toEqual(s.overrides)
  })

  it('are checked like the inputs, each problem naming the entry, an input problem said once', () => {
    const problems = problemsOf({
      services: '- service: worker\n  task-definition: a.json\n  cpu: lots\n  desired-count: -1',
      memory: 'much'
    })
    expect(problems).toEqual([
      expect.stringMatching(/^memory is "much"/),
      expect.stringMatching(/^services\[0\]\.cpu is "lots"; give cpu units/),
      expect.stringMatching(/^services\[0\]\.desired-count is "-1"; use a whole number from 0 to 5000/)
    ])
  })
})
