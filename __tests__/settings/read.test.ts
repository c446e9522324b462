import { describe, expect, it } from '@jest/globals'
import {
  envInputReader,
  readSettings,
  secretInputs,
  SettingsError,
  splitWords
} from '../../src/settings/index.js'

const base = {
  'task-definition': 'task-definition.json',
  service: 'web',
  'ecr-repository': 'web',
  'aws-region': 'eu-west-1'
}

function settingsFrom(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const all: NodeJS.ProcessEnv = { GITHUB_WORKSPACE: '/ws', ...env }
  for (const [name, value] of Object.entries(inputs)) all[`INPUT_${name.toUpperCase()}`] = value
  return readSettings(envInputReader(all), all)
}

function problemsOf(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    settingsFrom(inputs, env)
  } catch (e) {
    if (e instanceof SettingsError) return e.problems
    throw e
  }
  throw new Error('expected a SettingsError')
}

describe('readSettings', () => {
  it('applies the documented defaults', () => {
    const s = settingsFrom(base)
    expect(s).toMatchObject({
      cluster: 'default',
      service: 'web',
      taskDefinitionPath: '/ws/task-definition.json',
      tagTemplate: '{version}-{short-sha}',
      imageReference: 'tag',
      workingDirectory: '/ws',
      context: '/ws',
      javaBuild: 'auto',
      containerEngine: 'docker',
      forceNewDeployment: false,
      onBusy: 'wait',
      waitForServiceStability: true,
      waitForMinutes: 30,
      rollbackOnFailure: false,
      maxTaskFailures: 3,
      dryRun: false,
      region: 'eu-west-1',
      roleSessionName: 'release-to-ecs'
    })
    expect(s.credentials).toBeUndefined()
    expect(s.buildArgs).toEqual([])
  })

  it('reads inputs the way the runner passes them, hyphens kept', () => {
    const env = {
      GITHUB_WORKSPACE: '/ws',
      'INPUT_TASK-DEFINITION': 'deploy/td.yaml',
      INPUT_SERVICE: 'api',
      'INPUT_ECR-REPOSITORY': 'api',
      'INPUT_AWS-REGION': 'us-east-2'
    }
    const s = readSettings(envInputReader(env), env)
    expect(s.taskDefinitionPath).toBe('/ws/deploy/td.yaml')
    expect(s.service).toBe('api')
  })

  it('parses every typed input', () => {
    const s = settingsFrom({
      ...base,
      'working-directory': 'svc',
      dockerfile: 'docker/Dockerfile',
      'build-args': 'JAR=app.jar\n# a comment\nEMPTY=\nWITH_EQ=a=b',
      'additional-tags': 'latest\n{version}',
      'build-command': `./gradlew bootJar -Pname="my app"`,
      'container-engine': 'Podman',
      'desired-count': '4',
      'wait-for-minutes': '2.5',
      'force-new-deployment': 'TRUE',
      'rollback-on-failure': 'true',
      'max-task-failures': '0',
      'on-busy': 'fail',
      'image-reference': 'digest',
      platform: 'linux/arm64',
      target: 'runtime'
    })
    expect(s.workingDirectory).toBe('/ws/svc')
    expect(s.context).toBe('/ws/svc')
    expect(s.dockerfile).toBe('/ws/docker/Dockerfile')
    expect(s.buildArgs).toEqual([
      { name: 'JAR', value: 'app.jar' },
      { name: 'EMPTY', value: '' },
      { name: 'WITH_EQ', value: 'a=b' }
    ])
    expect(s.additionalTagTemplates).toEqual(['latest', '{version}'])
    expect(s.buildCommand).toEqual(['./gradlew', 'bootJar', '-Pname=my app'])
    expect(s).toMatchObject({
      containerEngine: 'podman',
      desiredCount: 4,
      waitForMinutes: 2.5,
      forceNewDeployment: true,
      rollbackOnFailure: true,
      maxTaskFailures: 0,
      onBusy: 'fail',
      imageReference: 'digest',
      platform: 'linux/arm64',
      target: 'runtime'
    })
  })

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const { 'aws-region': _, ...noRegion } = base
    expect(settingsFrom(noRegion, { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe(
      'ap-south-1'
    )
    expect(settingsFrom(noRegion, { AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-west-2')
    expect(problemsOf(noRegion)).toEqual([expect.stringContaining('aws-region is missing')])
  })

  it('names each bad input, all at once', () => {
    const problems = problemsOf({
      'task-definition': '',
      'aws-region': 'europe',
      'wait-for-minutes': '0',
      'desired-count': '-1',
      'dry-run': 'yes please',
      'container-engine': 'nerdctl',
      'build-args': 'not a pair',
      'tag-template': '{version}-{branch}',
      'role-to-assume': 'deployer',
      platform: 'arm64'
    })
    const text = problems.join('\n')
    expect(text).toContain('task-definition is missing')
    expect(text).toContain('aws-region is "europe", which is not an AWS region')
    expect(text).toContain('wait-for-minutes is "0"')
    expect(text).toContain('desired-count is "-1"')
    expect(text).toContain('dry-run is "yes please"; use true or false')
    expect(text).toContain('container-engine is "nerdctl"; use one of docker, podman')
    expect(text).toContain('build-args has the line "not a pair"')
    expect(text).toContain('unknown placeholder {branch}')
    expect(text).toContain('role-to-assume is "deployer"')
    expect(text).toContain('platform is "arm64"')
    expect(text).toContain('ecr-repository is missing')
    expect(text).toContain('service is missing')
    expect(problems.length).toBe(12)
  })

  it('formats one problem and several problems readably', () => {
    expect(() => settingsFrom({ ...base, 'on-busy': 'later' })).toThrow(
      'Invalid input: on-busy is "later"; use one of wait, fail.'
    )
    expect(() => settingsFrom({ ...base, 'on-busy': 'later', 'image-reference': 'sha' })).toThrow(
      /Invalid inputs:\n {2}- image-reference/
    )
  })

  it('needs no service, region or keys in a dry run', () => {
    const s = settingsFrom({ 'task-definition': 'td.json', 'ecr-repository': 'web', 'dry-run': 'true' })
    expect(s.dryRun).toBe(true)
    expect(s.service).toBeUndefined()
    expect(s.region).toBeUndefined()
  })

  it('wants both keys or neither, and masks the secret ones', () => {
    expect(problemsOf({ ...base, 'aws-access-key-id': 'AKIAEXAMPLE' })).toEqual([
      expect.stringContaining('aws-secret-access-key is missing')
    ])
    expect(problemsOf({ ...base, 'aws-session-token': 'tok' })).toEqual([
      expect.stringContaining('aws-session-token is set without keys')
    ])
    const s = settingsFrom({
      ...base,
      'aws-access-key-id': 'AKIAEXAMPLE',
      'aws-secret-access-key': 'shh',
      'aws-session-token': 'tok'
    })
    expect(s.credentials).toEqual({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'shh', sessionToken: 'tok' })
    expect(secretInputs(s)).toEqual(['shh', 'tok'])
  })

  it('deploys an existing image instead of an ECR repository build', () => {
    const { 'ecr-repository': _, ...noRepo } = base
    expect(settingsFrom({ ...noRepo, image: '127.0.0.1:5000/web:1.2.0' }).image).toBe(
      '127.0.0.1:5000/web:1.2.0'
    )
    expect(
      settingsFrom({
        ...noRepo,
        image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/web@sha256:${'a'.repeat(64)}`
      }).image
    ).toBeDefined()
    expect(problemsOf({ ...noRepo, image: 'web' })).toEqual([
      expect.stringContaining('image is "web"; give a full image URI')
    ])
    expect(problemsOf({ ...base, image: 'h.io/web:1', 'image-tag': '1' })).toEqual([
      expect.stringContaining('image and image-tag are both set')
    ])
    expect(problemsOf({ ...base, 'image-tag': '-bad' })).toEqual([
      expect.stringContaining('image-tag is "-bad"')
    ])
  })

  it('takes ecr-repository as a name or a URI, without a tag, before any AWS call', () => {
    expect(settingsFrom({ ...base, 'ecr-repository': 'team/web-api' }).ecrRepository).toBe('team/web-api')
    expect(
      settingsFrom({ ...base, 'ecr-repository': '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web' })
        .ecrRepository
    ).toBeDefined()
    expect(problemsOf({ ...base, 'ecr-repository': 'Web_API!' })).toEqual([
      expect.stringContaining('ecr-repository "Web_API!" is not a repository name')
    ])
    expect(problemsOf({ ...base, 'ecr-repository': '127.0.0.1:5000/web:1.0.0' })).toEqual([
      expect.stringContaining('has a tag or digest; give the repository only')
    ])
  })

  it('rejects cluster and service names ECS would reject', () => {
    expect(problemsOf({ ...base, cluster: 'my cluster' })).toEqual([
      expect.stringContaining('cluster is "my cluster"')
    ])
    expect(
      settingsFrom({ ...base, cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' }).cluster
    ).toContain('cluster/prod')
  })
})

describe('splitWords', () => {
  it('splits on spaces and groups quotes, with no shell involved', () => {
    expect(splitWords(`mvn -B "-Dname=a b" '$(rm -rf /)' ; echo`)).toEqual([
      'mvn',
      '-B',
      '-Dname=a b',
      '$(rm -rf /)',
      ';',
      'echo'
    ])
    expect(splitWords(`a "" b`)).toEqual(['a', '', 'b'])
  })
  it('reports an unclosed quote and an empty command', () => {
    expect(() => splitWords(`mvn "package`)).toThrow('unclosed " quote')
    expect(() => splitWords('   ')).toThrow('is empty')
  })
})

describe('how a deployment is ended: wait-until, on-pause, on-cancel', () => {
  it('defaults to deployed, wait and leave', () => {
    expect(settingsFrom(base)).toMatchObject({
      waitUntil: { kind: 'deployed' },
      onPause: 'wait',
      onCancel: 'leave'
    })
  })

  it('takes a lifecycle stage in any case', () => {
    const s = settingsFrom({
      ...base,
      'wait-until': 'bake_time',
      'on-pause': 'exit',
      'on-cancel': 'rollback'
    })
    expect(s).toMatchObject({
      waitUntil: { kind: 'stage', stage: 'BAKE_TIME' },
      onPause: 'exit',
      onCancel: 'rollback'
    })
  })

  it('names every stage it knows when wait-until is not one', () => {
    const [problem] = problemsOf({ ...base, 'wait-until': 'BAKING' })
    expect(problem).toMatch(
      /^wait-until is "BAKING"; give deployed .* or a lifecycle stage: RECONCILE_SERVICE, .*BAKE_TIME, CLEAN_UP\.$/
    )
  })

  it('refuses an on-pause or on-cancel it does not know', () => {
    expect(problemsOf({ ...base, 'on-pause': 'skip', 'on-cancel': 'stop' })).toEqual([
      'on-pause is "skip"; use one of wait, continue, exit.',
      'on-cancel is "stop"; use one of leave, rollback.'
    ])
  })
})

describe('the codedeploy-* inputs', () => {
  it('are empty by default (the names default later, from the cluster and service)', () => {
    expect(settingsFrom(base).codedeploy).toEqual({
      application: undefined,
      deploymentGroup: undefined,
      deploymentConfig: undefined
    })
  })

  it('resolve the AppSpec in the workspace and keep the names and the description', () => {
    expect(
      settingsFrom({
        ...base,
        'codedeploy-appspec': 'deploy/appspec.yaml',
        'codedeploy-application': 'web-app',
        'codedeploy-deployment-group': 'web-prod',
        'codedeploy-deployment-config': 'CodeDeployDefault.ECSCanary10Percent5Minutes',
        'codedeploy-deployment-description': 'Release v1.2.0'
      }).codedeploy
    ).toEqual({
      appSpecPath: '/ws/deploy/appspec.yaml',
      application: 'web-app',
      deploymentGroup: 'web-prod',
      deploymentConfig: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      description: 'Release v1.2.0'
    })
  })

  it('refuses a name CodeDeploy would not take, naming the input', () => {
    expect(problemsOf({ ...base, 'codedeploy-deployment-group': 'web prod' })).toEqual([
      'codedeploy-deployment-group is "web prod"; give a CodeDeploy name (1 to 100 characters, no spaces or /).'
    ])
  })
})
