import { describe, expect, it } from '@jest/globals'
import {
  buildFileProblems,
  checkRegion,
  clusterName,
  clusterNotFoundMessage,
  controlCharacterProblems,
  ecrRepositoryProblems,
  ecsAccountProblems,
  ecsArnProblems,
  imageProblems,
  registryRegionProblems,
  shown,
  tagList,
  unknownRegionMessage,
  unverifiedImageNote,
  type PathKind
} from '../../src/settings/checks.js'
import { envInputReader, readSettings, SettingsError } from '../../src/settings/index.js'

const options = { multiLine: ['additional-tags', 'build-args'], secret: ['aws-secret-access-key'] }

describe('shown', () => {
  it('quotes a value with its control characters escaped, so it prints on one inert line', () => {
    expect(shown('1.2.3\n::stop-commands::x')).toBe('"1.2.3\\n::stop-commands::x"')
    expect(shown('a\u001b[31mb\u0000c\u2028d\u0085')).toBe('"a\\u001b[31mb\\u0000c\\u2028d\\u0085"')
  })

  it('cuts long values and says how long they were', () => {
    expect(shown('x'.repeat(500), 10)).toBe('"xxxxxxxxxx…" (500 characters)')
  })
})

describe('controlCharacterProblems', () => {
  it.each([
    ['a line break', '1.2.3\n::warning::owned', 'a line break (LF)'],
    ['a carriage return', '1.2.3\r::add-mask::x', 'a carriage return (CR)'],
    ['NUL', 'web\u0000', 'a NUL character'],
    ['ESC', 'web\u001b[2J', 'an escape character (ESC)'],
    ['a tab', 'web\tapp', 'a tab'],
    ['DEL', 'web\u007f', 'the control character U+007F'],
    ['a C1 control', 'web\u0085', 'the control character U+0085'],
    ['a line separator', 'web\u2028::warning::x', 'the control character U+2028']
  ])('refuses %s in a name, naming the input and showing the value escaped', (_what, value, said) => {
    const [problem, ...rest] = controlCharacterProblems({ version: value }, options)
    expect(rest).toEqual([])
    expect(problem).toContain(`version contains ${said}`)
    expect(problem).toContain(shown(value))
    expect(problem).toMatch(/Set version to the plain value on one line/)
    // eslint-disable-next-line no-control-regex
    expect(problem).not.toMatch(/[\n\r\u0000\u001b]/)
  })

  it('allows line breaks and tabs in list inputs, but not other control characters or a lone CR', () => {
    expect(controlCharacterProblems({ 'additional-tags': 'latest\r\nstable\t# x' }, options)).toEqual([])
    expect(controlCharacterProblems({ 'build-args': 'A=1\nB=\u001b' }, options)).toEqual([
      expect.stringContaining('build-args contains an escape character (ESC)')
    ])
    expect(controlCharacterProblems({ 'additional-tags': 'a\rb' }, options)).toEqual([
      expect.stringContaining('additional-tags contains a carriage return (CR)')
    ])
  })

  it('never shows a secret, not even escaped', () => {
    const [problem] = controlCharacterProblems({ 'aws-secret-access-key': 'wJalrXUtnFEMI\n' }, options)
    expect(problem).toContain('aws-secret-access-key contains a line break')
    expect(problem).not.toContain('wJalr')
  })

  it('passes plain values', () => {
    expect(controlCharacterProblems({ version: '1.2.3', cluster: 'prod' }, options)).toEqual([])
  })
})

describe('readSettings refuses control characters before any other check shows a value', () => {
  const env = (inputs: Record<string, string>) =>
    Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
  const read = (inputs: Record<string, string>) => {
    const e = env({ service: 'web', 'task-definition': 'td.json', 'ecr-repository': 'web', ...inputs })
    return readSettings(envInputReader(e), { ...e, AWS_REGION: 'eu-west-1', GITHUB_WORKSPACE: '/w' })
  }

  it.each(['version', 'cluster', 'service', 'image-tag', 'role-session-name', 'tag-template'])(
    '%s with a newline and a workflow command',
    name => {
      let error: unknown
      try {
        read({ [name]: 'x\n::stop-commands::token' })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(SettingsError)
      const problems = (error as SettingsError).problems
      expect(problems).toEqual([expect.stringContaining(`${name} contains a line break (LF)`)])
      expect(problems[0]).not.toContain('\n')
    }
  )

  it('splits additional-tags on spaces and commas as well as lines', () => {
    expect(read({ 'additional-tags': 'latest stable' }).additionalTagTemplates).toEqual(['latest', 'stable'])
    expect(read({ 'additional-tags': 'latest, stable\n{version}' }).additionalTagTemplates).toEqual([
      'latest',
      'stable',
      '{version}'
    ])
  })
})

describe('tagList', () => {
  it('reads one tag per line, several per line with spaces or commas, and skips comments', () => {
    expect(tagList('latest stable')).toEqual(['latest', 'stable'])
    expect(tagList('latest,stable')).toEqual(['latest', 'stable'])
    expect(tagList(' latest ,  stable ,\n# pinned\n{version}\r\n')).toEqual(['latest', 'stable', '{version}'])
    expect(tagList('')).toEqual([])
  })
})

describe('ecrRepositoryProblems', () => {
  it('accepts names and URIs without tag', () => {
    for (const ok of [
      'web',
      'team/web-api',
      'team_a/web.api',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web',
      '127.0.0.1:5000/web'
    ])
      expect(ecrRepositoryProblems('ecr-repository', ok)).toEqual([])
  })

  it('refuses a scheme, saying how to write a name or a URI', () => {
    const [problem] = ecrRepositoryProblems(
      'ecr-repository',
      'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/app'
    )
    expect(problem).toMatch(/^ecr-repository ".*" is not a repository name: it starts with https:\/\//)
    expect(problem).toContain('without a scheme (e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web)')
  })

  it('refuses upper-case names, also inside a URI', () => {
    expect(ecrRepositoryProblems('ecr-repository', 'MyApp')).toEqual([
      expect.stringContaining('upper-case letters in its repository "MyApp"')
    ])
    expect(
      ecrRepositoryProblems('ecr-repository', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/Team/App')
    ).toEqual([expect.stringContaining('upper-case letters in its repository "Team/App"')])
  })

  it('refuses a tag or digest, and names ECR would reject', () => {
    expect(ecrRepositoryProblems('ecr-repository', 'host.io/web:1')).toEqual([
      expect.stringContaining('has a tag or digest')
    ])
    expect(ecrRepositoryProblems('ecr-repository', 'web//api')).toEqual([
      expect.stringContaining('is not a repository name')
    ])
    expect(ecrRepositoryProblems('ecr-repository', 'a'.repeat(257))).toEqual([
      expect.stringContaining('at most 256')
    ])
  })
})

describe('imageProblems', () => {
  it('accepts any registry with a tag or digest', () => {
    for (const ok of [
      'nginx:1.25',
      'ghcr.io/acme/app:1.0.0',
      'docker.io/library/nginx@sha256:' + 'a'.repeat(64),
      '127.0.0.1:5000/web:1'
    ])
      expect(imageProblems('image', ok)).toEqual([])
  })

  it('refuses an image without tag or digest, a bad digest, a bad tag and upper case', () => {
    expect(imageProblems('image', 'nginx')).toEqual([expect.stringContaining('with a tag or digest')])
    expect(imageProblems('image', 'nginx@sha256:abc')).toEqual([
      expect.stringContaining('digest "sha256:abc"')
    ])
    expect(imageProblems('image', 'nginx:-x')).toEqual([expect.stringContaining('the tag "-x"')])
    expect(imageProblems('image', 'ghcr.io/Acme/app:1')).toEqual([expect.stringContaining('upper-case')])
  })
})

describe('checkRegion', () => {
  it('knows the regions of the bundled SDK and their partitions', () => {
    expect(checkRegion('aws-region', 'eu-west-1')).toEqual({ partition: 'aws', known: true })
    expect(checkRegion('aws-region', 'cn-north-1')).toEqual({ partition: 'aws-cn', known: true })
    expect(checkRegion('aws-region', 'us-gov-west-1')).toEqual({ partition: 'aws-us-gov', known: true })
  })

  it('refuses what is not a region code', () => {
    for (const bad of ['moon-base-1', 'eu-west1', 'europe-west1', 'EU-WEST-1', 'aws-global', 'us-east-1a'])
      expect(checkRegion('aws-region', bad).problem).toMatch(
        /^aws-region is ".*", which is not an AWS region/
      )
  })

  it('warns about a region of a region shape that the SDK does not know, and says what to do', () => {
    const check = checkRegion('aws-region', 'eu-west-9')
    expect(check.known).toBe(false)
    expect(check.problem).toBeUndefined()
    expect(check.warning).toContain('aws-region eu-west-9 is not a region the AWS SDK in this action knows')
    expect(check.warning).toContain('fix aws-region')
    expect(unknownRegionMessage('aws-region', 'eu-west-9', 'getaddrinfo ENOTFOUND')).toMatch(
      /^aws-region is "eu-west-9", a region the AWS SDK in this action does not know, and AWS did not answer there \(getaddrinfo ENOTFOUND\)\. Check aws-region/
    )
  })
})

describe('registryRegionProblems', () => {
  const uri = (region: string, suffix = 'amazonaws.com') => `123456789012.dkr.ecr.${region}.${suffix}/web:1`

  it('allows an ECR image of another region of the same partition, and other registries', () => {
    expect(registryRegionProblems('image', uri('eu-west-1'), 'us-east-1')).toEqual([])
    expect(registryRegionProblems('image', 'ghcr.io/acme/app:1', 'us-east-1')).toEqual([])
  })

  it('refuses a partition the deploy region is not in', () => {
    expect(registryRegionProblems('image', uri('cn-north-1', 'amazonaws.com.cn'), 'us-east-1')).toEqual([
      expect.stringContaining('partition aws-cn), but aws-region us-east-1 is in partition aws')
    ])
  })

  it('refuses a host whose region cannot exist or whose DNS suffix is not its partition', () => {
    expect(registryRegionProblems('ecr-repository', uri('moon-1'), 'us-east-1')).toEqual([
      expect.stringContaining('names the region "moon-1", which is not an AWS region')
    ])
    expect(registryRegionProblems('image', uri('cn-north-1'), 'cn-north-1')).toEqual([
      expect.stringContaining('cn-north-1 is reached at .amazonaws.com.cn, not .amazonaws.com')
    ])
  })
})

describe('ecsArnProblems', () => {
  const arn = (
    kind: string,
    path: string,
    region = 'eu-west-1',
    partition = 'aws',
    account = '123456789012'
  ) => `arn:${partition}:ecs:${region}:${account}:${kind}/${path}`

  it('accepts names, and ARNs of the deploy region', () => {
    expect(ecsArnProblems({ cluster: 'prod', service: 'web' }, 'eu-west-1')).toEqual([])
    expect(
      ecsArnProblems({ cluster: arn('cluster', 'prod'), service: arn('service', 'prod/web') }, 'eu-west-1')
    ).toEqual([])
    expect(ecsArnProblems({ cluster: 'prod', service: arn('service', 'web') }, 'eu-west-1')).toEqual([])
  })

  it('refuses ARNs of another region or partition, naming both', () => {
    expect(ecsArnProblems({ cluster: arn('cluster', 'prod', 'us-east-1') }, 'eu-west-1')).toEqual([
      expect.stringMatching(
        /^cluster is ".*", an ARN in us-east-1 .*but aws-region is eu-west-1.*set aws-region: us-east-1/
      )
    ])
    expect(
      ecsArnProblems(
        { cluster: 'prod', service: arn('service', 'prod/web', 'cn-north-1', 'aws-cn') },
        'eu-west-1'
      )
    ).toEqual([expect.stringContaining('service is "arn:aws-cn:ecs:cn-north-1')])
    expect(ecsArnProblems({ cluster: arn('cluster', 'prod', 'eu-west-1', 'aws-cn') }, 'eu-west-1')).toEqual([
      expect.stringContaining('(partition aws-cn), but aws-region is eu-west-1 (partition aws)')
    ])
  })

  it('refuses a service ARN of another cluster, ARNs of the wrong kind, and mixed accounts', () => {
    expect(ecsArnProblems({ cluster: 'prod', service: arn('service', 'staging/web') }, 'eu-west-1')).toEqual([
      expect.stringContaining('a service of the cluster "staging", but cluster is "prod"')
    ])
    expect(ecsArnProblems({ cluster: arn('service', 'prod/web') }, 'eu-west-1')).toEqual([
      expect.stringContaining('is not an ECS cluster ARN')
    ])
    expect(
      ecsArnProblems(
        {
          cluster: arn('cluster', 'prod'),
          service: arn('service', 'prod/web', 'eu-west-1', 'aws', '210987654321')
        },
        'eu-west-1'
      )
    ).toEqual([expect.stringContaining('ARNs of different accounts (123456789012 and 210987654321)')])
  })

  it('checks ARNs against the caller account once it is known', () => {
    const target = { cluster: arn('cluster', 'prod'), service: 'web' }
    expect(ecsAccountProblems(target, '123456789012')).toEqual([])
    expect(ecsAccountProblems(target, '999999999999')).toEqual([
      expect.stringMatching(
        /^cluster is ".*", in account 123456789012, but the credentials are of account 999999999999/
      )
    ])
    expect(clusterName(target.cluster)).toBe('prod')
  })
})

describe('buildFileProblems', () => {
  const disk =
    (entries: Record<string, PathKind>) =>
    (p: string): PathKind =>
      entries[p]

  it('passes a context with a Dockerfile, or a dockerfile given elsewhere', () => {
    expect(
      buildFileProblems(
        { context: '/w', contextInput: 'context' },
        disk({ '/w': 'directory', '/w/Dockerfile': 'file' })
      )
    ).toEqual([])
    expect(
      buildFileProblems(
        { context: '/w', contextInput: 'context', dockerfile: '/w/ops/Dockerfile' },
        disk({ '/w': 'directory', '/w/ops/Dockerfile': 'file' })
      )
    ).toEqual([])
  })

  it('names a missing Dockerfile, a Dockerfile that is a directory, and a missing context', () => {
    expect(
      buildFileProblems({ context: '/w', contextInput: 'context' }, disk({ '/w': 'directory' }))
    ).toEqual([expect.stringContaining('dockerfile is not set and the build context "/w" has no Dockerfile')])
    expect(
      buildFileProblems(
        { context: '/w', contextInput: 'context', dockerfile: '/w/docker' },
        disk({ '/w': 'directory', '/w/docker': 'directory' })
      )
    ).toEqual([expect.stringContaining('dockerfile is "/w/docker", which is not a file')])
    expect(buildFileProblems({ context: '/nope', contextInput: 'context' }, disk({}))).toEqual([
      expect.stringContaining('context is "/nope", which does not exist')
    ])
  })
})

describe('messages for ECS and other registries', () => {
  it('says which cluster was not found, where, and what to check', () => {
    expect(
      clusterNotFoundMessage('arn:aws:ecs:eu-west-1:123456789012:cluster/prod', 'eu-west-1', '123456789012')
    ).toBe(
      'The cluster "prod" does not exist in region eu-west-1 of account 123456789012 (ECS: Cluster not found). ' +
        'Check cluster and aws-region (list the clusters with: aws ecs list-clusters --region eu-west-1), ' +
        "and that the credentials are of the cluster's account."
    )
  })

  it('says an image outside ECR is not verified, and what a private registry needs', () => {
    expect(unverifiedImageNote('nginx:1.25', undefined)).toMatch(
      /^nginx:1.25 is not in ECR, so the action cannot check that it exists.*repositoryCredentials/
    )
    expect(unverifiedImageNote('ghcr.io/a/b:1', 'arn:aws:secretsmanager:eu-west-1:1:secret:ghcr')).toContain(
      "with the registry credentials of the task definition's repositoryCredentials (arn:aws:secretsmanager:eu-west-1:1:secret:ghcr)"
    )
  })
})
