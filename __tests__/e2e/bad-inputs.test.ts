// A corpus of bad inputs, event payloads, credentials, paths and image URIs, each run as the runner runs the
// bundle against one shared stand-in stack. Every one must fail with an error that names what is wrong, inject no
// workflow command, and send no mutating request. Two images outside ECR end the file: they deploy, unverified.
import { describe, expect, it } from '@jest/globals'
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  checkoutPrebuilt,
  deploy,
  deployInputs,
  errorAnnotations,
  mutatingRequests,
  releaseEvent,
  shareTestStack,
  workflowDispatchEvent,
  type GithubEvent,
  type Stack
} from './harness.js'

interface BadInput {
  name: string
  inputs?: (stack: Stack) => Record<string, string>
  event?: () => GithubEvent
  /** Patterns the error annotations must all match: the input or field, and what was wrong. */
  says: RegExp[]
  /** What the error annotations must not say (the wrong thing to blame). */
  notSays?: RegExp
  /** Text that must not appear anywhere in the output (a secret). */
  never?: string
}

const injected = 'injected-by-the-test'
const ecrUri = (region: string, suffix = 'amazonaws.com', account = '123456789012') =>
  `${account}.dkr.ecr.${region}.${suffix}`
const arn = (kind: string, path: string, region = 'us-east-1', account = '123456789012', partition = 'aws') =>
  `arn:${partition}:ecs:${region}:${account}:${kind}/${path}`

const releaseWithout = (field: 'tag_name'): GithubEvent => {
  const event = releaseEvent({ tag: 'v3.0.0' })
  const release = { ...(event.payload.release as Record<string, unknown>) }
  delete release[field]
  return { ...event, payload: { ...event.payload, release } }
}

const corpus: BadInput[] = [
  // Control characters in names: refused outright, whatever follows them.
  {
    name: 'a version with a newline and a warning command',
    inputs: () => ({ version: `1.2.3\n::warning::${injected}` }),
    says: [/version contains a line break/]
  },
  {
    name: 'a version with a carriage return and an add-mask command',
    inputs: () => ({ version: `1.2.3\r::add-mask::${injected}` }),
    says: [/version contains a carriage return/]
  },
  {
    name: 'a service with stop-commands',
    inputs: s => ({ service: `${s.service}\n::stop-commands::${injected}` }),
    says: [/service contains a line break/]
  },
  {
    name: 'a cluster with an escape sequence',
    inputs: s => ({ cluster: `${s.cluster}\u001b[2J` }),
    says: [/cluster contains an escape character/]
  },
  {
    name: 'a container name with a tab',
    inputs: () => ({ 'container-name': 'a\tpp' }),
    // container-name is a list (lines or commas), so a tab is refused as part of a name.
    says: [/container-name has "a\tpp"; a container name has letters, digits, - and _/]
  },
  {
    name: 'an image tag with set-output',
    inputs: () => ({ 'image-tag': `1.0.0\n::set-output name=image::${injected}` }),
    says: [/image-tag contains a line break/]
  },
  {
    name: 'additional tags with an escape character',
    inputs: () => ({ 'additional-tags': 'latest\nstable\u001b' }),
    says: [/additional-tags contains an escape character/]
  },
  {
    name: 'a tag template with a newline',
    inputs: () => ({ 'tag-template': `{version}\n::warning::${injected}` }),
    says: [/tag-template contains a line break/]
  },
  {
    name: 'an ECR repository with a newline',
    inputs: s => ({ 'ecr-repository': `${s.repository}\n::add-mask::${injected}` }),
    says: [/ecr-repository contains a line break/]
  },
  {
    name: 'a role session name with a line separator',
    inputs: () => ({ 'role-session-name': `deploy\u2028::warning::${injected}` }),
    says: [/role-session-name contains the control character U\+2028/]
  },
  {
    name: 'a region with a newline',
    inputs: () => ({ 'aws-region': `us-east-1\n::warning::${injected}` }),
    says: [/aws-region contains a line break/]
  },
  {
    name: 'a task definition path with a newline',
    inputs: () => ({ 'task-definition': `task-definition.json\n::warning::${injected}` }),
    says: [/task-definition contains a line break/]
  },
  {
    name: 'a secret key with a newline, without showing it',
    inputs: () => ({
      'aws-access-key-id': 'AKIAE2EDEPLOYER00001',
      'aws-secret-access-key': 'wJalrXUtnFEMIK7MDENG\nbPxRfiCYEXAMPLEKEY'
    }),
    says: [/aws-secret-access-key contains a line break/],
    never: 'wJalrXUtnFEMIK7MDENG'
  },
  {
    name: 'a dispatched version with a newline (event payload)',
    event: () => workflowDispatchEvent({ inputs: { version: `2.0.0\n::stop-commands::${injected}` } }),
    says: [/the workflow_dispatch input version contains a line break/]
  },

  // Event payloads.
  {
    name: 'a release event without tag_name',
    event: () => releaseWithout('tag_name'),
    says: [/release event has no release\.tag_name/, /version input/]
  },
  {
    name: 'a commit that is not a SHA',
    event: () => ({ ...releaseEvent({ tag: 'v3.0.0' }), sha: 'not-a-commit' }),
    says: [/GITHUB_SHA/]
  },

  // Repository names and URIs.
  {
    name: 'an ECR repository with a scheme',
    inputs: () => ({ 'ecr-repository': `https://${ecrUri('us-east-1')}/app` }),
    says: [
      /ecr-repository "https:\/\/.*" is not a repository name: it starts with https:\/\//,
      /without a scheme/
    ]
  },
  {
    name: 'an upper-case ECR repository name',
    inputs: () => ({ 'ecr-repository': 'Hello-Service' }),
    says: [/ecr-repository "Hello-Service"/, /upper-case/]
  },
  {
    name: 'an upper-case repository inside an ECR URI',
    inputs: () => ({ 'ecr-repository': `${ecrUri('us-east-1')}/Team/App` }),
    says: [/ecr-repository/, /upper-case letters in its repository "Team\/App"/]
  },
  {
    name: 'an ECR repository with a tag',
    inputs: s => ({ 'ecr-repository': `${s.repository}:1.0` }),
    says: [/ecr-repository/, /has a tag or digest/]
  },
  {
    name: 'an ECR repository in another partition',
    inputs: () => ({ 'ecr-repository': `${ecrUri('cn-north-1', 'amazonaws.com.cn')}/web` }),
    says: [/ecr-repository/, /partition aws-cn\), but aws-region us-east-1 is in partition aws/]
  },
  {
    name: 'an ECR repository URI whose region cannot exist',
    inputs: () => ({ 'ecr-repository': `${ecrUri('moon-1')}/web` }),
    says: [/ecr-repository/, /"moon-1", which is not an AWS region/]
  },
  {
    name: 'an ECR repository in another region, looked up there',
    inputs: () => ({ 'ecr-repository': `${ecrUri('eu-west-1')}/web` }),
    says: [/ecr-repository: .*eu-west-1.*web is looked up in ECR in eu-west-1/]
  },

  // Images.
  {
    name: 'an image without tag or digest',
    inputs: () => ({ image: 'nginx' }),
    says: [/image is "nginx"; give a full image URI with a tag or digest/]
  },
  {
    name: 'an image with a malformed digest',
    inputs: () => ({ image: 'nginx@sha256:abc' }),
    says: [/image/, /digest "sha256:abc"/]
  },
  {
    name: 'an image with upper-case letters',
    inputs: () => ({ image: 'ghcr.io/Acme/app:1.0.0' }),
    says: [/image/, /upper-case/]
  },
  {
    name: 'an image and an image tag together',
    inputs: () => ({ image: 'ghcr.io/acme/app:1.0.0', 'image-tag': '1.0.0' }),
    says: [/image and image-tag are both set/]
  },
  {
    name: 'an ECR image in another region, looked up there',
    inputs: () => ({ image: `${ecrUri('eu-west-1')}/hello-service:1.0.0` }),
    says: [/image: .*eu-west-1.* is looked up in ECR in eu-west-1/]
  },
  {
    name: 'an ECR image in another partition',
    inputs: () => ({ image: `${ecrUri('us-gov-west-1')}/hello-service:1.0.0` }),
    says: [/image/, /partition aws-us-gov\), but aws-region us-east-1 is in partition aws/]
  },
  {
    name: 'an image tag ECR does not have',
    inputs: s => ({ image: `${s.repositoryUri}:9.9.9-0000000` }),
    says: [/has no tag 9\.9\.9-0000000 in ECR; nothing was changed/]
  },
  {
    name: 'an image tag starting with a dash',
    inputs: () => ({ 'image-tag': '-1.0.0' }),
    says: [/image-tag is "-1\.0\.0"/]
  },
  {
    name: 'an image tag over 128 characters',
    inputs: () => ({ 'image-tag': 'x'.repeat(129) }),
    says: [/image-tag/, /at most 128/]
  },

  // Regions.
  {
    name: 'a region the SDK does not know',
    inputs: () => ({ 'aws-region': 'eu-west-9' }),
    says: [
      /aws-region is "eu-west-9", a region the AWS SDK in this action does not know, and AWS did not answer there/
    ],
    notSays: /did not accept the credentials/
  },
  {
    name: 'a region code of no partition',
    inputs: () => ({ 'aws-region': 'moon-base-1' }),
    says: [/aws-region is "moon-base-1", which is not an AWS region/]
  },
  {
    name: 'an availability zone for a region',
    inputs: () => ({ 'aws-region': 'us-east-1a' }),
    says: [/aws-region is "us-east-1a", which is not an AWS region/]
  },
  {
    name: 'an upper-case region',
    inputs: () => ({ 'aws-region': 'US-EAST-1' }),
    says: [/aws-region is "US-EAST-1"/]
  },

  // Clusters and services.
  {
    name: 'a cluster that does not exist',
    inputs: () => ({ cluster: 'relaeses' }),
    says: [
      /The cluster "relaeses" does not exist in region us-east-1 of account 123456789012/,
      /Check cluster and aws-region/
    ]
  },
  {
    name: 'a cluster ARN of another region',
    inputs: s => ({ cluster: arn('cluster', s.cluster, 'eu-west-1') }),
    says: [/cluster is ".*", an ARN in eu-west-1 .*but aws-region is us-east-1/]
  },
  {
    name: 'a cluster ARN of another partition',
    inputs: s => ({ cluster: arn('cluster', s.cluster, 'us-east-1', '123456789012', 'aws-cn') }),
    says: [/cluster/, /\(partition aws-cn\), but aws-region is us-east-1 \(partition aws\)/]
  },
  {
    name: 'a cluster ARN of another account',
    inputs: s => ({ cluster: arn('cluster', s.cluster, 'us-east-1', '999999999999') }),
    says: [/cluster is ".*", in account 999999999999, but the credentials are of account 123456789012/]
  },
  {
    name: 'a service ARN of another account',
    inputs: s => ({ service: arn('service', `${s.cluster}/${s.service}`, 'us-east-1', '999999999999') }),
    says: [/service is ".*", in account 999999999999/]
  },
  {
    name: 'a service ARN of another cluster',
    inputs: s => ({ service: arn('service', `staging/${s.service}`) }),
    says: [/a service of the cluster "staging", but cluster is "releases"/]
  },
  {
    name: 'a cluster name ECS would reject',
    inputs: () => ({ cluster: 'release cluster!' }),
    says: [/cluster is "release cluster!"/]
  },
  { name: 'no service', inputs: () => ({ service: '' }), says: [/service is missing/] },
  {
    name: 'a service that does not exist',
    inputs: () => ({ service: 'no-such-service' }),
    says: [/no-such-service/]
  },

  // Tags.
  {
    name: 'an unknown tag placeholder',
    inputs: () => ({ 'tag-template': '{version}-{commit}' }),
    says: [/tag-template has the unknown placeholder \{commit\}/]
  },
  {
    name: 'an unmatched brace',
    inputs: () => ({ 'tag-template': '{version-{short-sha}' }),
    says: [/tag-template/]
  },
  {
    name: 'an unknown placeholder in additional tags',
    inputs: () => ({ 'additional-tags': 'latest, {branch}' }),
    says: [/additional-tags has the unknown placeholder \{branch\}/]
  },
  {
    name: 'a tag template too long to keep its commit',
    inputs: () => ({ 'tag-template': `${'x'.repeat(130)}-{short-sha}` }),
    says: [/tag-template ".*" gives a tag of 138 characters/]
  },

  // Paths.
  {
    name: 'a Dockerfile that does not exist',
    inputs: () => ({ dockerfile: 'docker/Dockerfile.prod' }),
    says: [/dockerfile is ".*docker\/Dockerfile\.prod", which does not exist/]
  },
  {
    name: 'a build context that does not exist',
    inputs: () => ({ context: 'no-such-dir' }),
    says: [/context is ".*no-such-dir", which does not exist/]
  },
  {
    name: 'a task definition file that does not exist',
    inputs: () => ({ 'task-definition': 'deploy/missing.json' }),
    says: [/missing\.json/]
  },
  {
    name: 'no task definition',
    inputs: () => ({ 'task-definition': '' }),
    says: [/task-definition is missing/]
  },

  // Credentials.
  {
    name: 'an access key without its secret',
    inputs: () => ({ 'aws-access-key-id': 'AKIAE2EDEPLOYER00001' }),
    says: [/aws-secret-access-key is missing/]
  },
  {
    name: 'a session token without keys',
    inputs: () => ({ 'aws-session-token': 'token' }),
    says: [/aws-session-token is set without keys/]
  },
  {
    name: 'a wrong secret key',
    inputs: () => ({
      'aws-access-key-id': 'AKIAE2EDEPLOYER00001',
      'aws-secret-access-key': 'not-the-secret'
    }),
    says: [/AWS did not accept the credentials/, /aws-secret-access-key/],
    never: 'not-the-secret'
  },
  {
    name: 'a role ARN that is not one',
    inputs: () => ({ 'role-to-assume': 'arn:aws:iam::123:role/deploy' }),
    says: [/role-to-assume is "arn:aws:iam::123:role\/deploy"/]
  },
  {
    name: 'a role session name too short',
    inputs: () => ({ 'role-session-name': 'x' }),
    says: [/role-session-name is "x"/]
  },

  // Other inputs.
  {
    name: 'a negative desired count',
    inputs: () => ({ 'desired-count': '-1' }),
    says: [/desired-count is "-1"/]
  },
  {
    name: 'zero minutes to wait',
    inputs: () => ({ 'wait-for-minutes': '0' }),
    says: [/wait-for-minutes is "0"/]
  },
  { name: 'an unknown on-busy', inputs: () => ({ 'on-busy': 'maybe' }), says: [/on-busy is "maybe"/] },
  {
    name: 'dry-run: yes',
    inputs: () => ({ 'dry-run': 'yes' }),
    says: [/dry-run is "yes"; use true or false/]
  },
  {
    name: 'a build arg without =',
    inputs: () => ({ 'build-args': 'NOEQUALS' }),
    says: [/build-args has the line "NOEQUALS"/]
  },
  {
    name: 'an unclosed quote',
    inputs: () => ({ 'build-command': 'mvn "-Dx=1' }),
    says: [/build-command has an unclosed " quote/]
  },
  { name: 'a platform without os', inputs: () => ({ platform: 'amd64' }), says: [/platform is "amd64"/] },
  { name: 'an unknown Java build', inputs: () => ({ 'java-build': 'ant' }), says: [/java-build is "ant"/] },
  {
    name: 'an unknown container',
    inputs: () => ({ 'container-name': 'web' }),
    says: [/container-name/, /"web"/]
  }
]

let stack: Stack
let workspace: string

shareTestStack(started => {
  stack = started
  workspace = checkoutPrebuilt(started)
})

describe('bad inputs: refused with a message naming them, before any change', () => {
  it('has a corpus of at least 60 cases', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60)
  })

  it.each(corpus.map(c => [c.name, c] as const))(
    'refuses %s',
    async (_name, bad) => {
      const mark = stack.requestMark()

      const run = await deploy(stack, {
        workspace,
        event: bad.event?.(),
        inputs: deployInputs(stack, bad.inputs?.(stack))
      })

      expect(run.exitCode).not.toBe(0)
      const errors = errorAnnotations(run).join('\n')
      for (const pattern of bad.says) expect(errors).toMatch(pattern)
      if (bad.notSays) expect(errors).not.toMatch(bad.notSays)
      expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
      // Nothing the test put in an input became a workflow command, and secrets never show.
      // (The error annotation quotes the input, escaped, inside its own one-line command.)
      expect(run.stdout).not.toMatch(new RegExp(`^::(?!error )[^\\n]*${injected}`, 'm'))
      expect(run.stdout).not.toMatch(/^::stop-commands::/m)
      const shown = (run.stdout + run.stderr).replace(/^::add-mask::.*$/gm, '')
      if (bad.never) expect(shown).not.toContain(bad.never)
    },
    60_000
  )
})

describe('images from other registries', () => {
  it.each(['nginx:1.25', 'ghcr.io/acme/app:1.0.0'])(
    'deploys %s without looking it up in ECR, and says it is not verified',
    async image => {
      const mark = stack.requestMark()

      const run = await deploy(stack, { workspace, inputs: deployInputs(stack, { image }) })

      expect(errorAnnotations(run)).toEqual([])
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toMatch(
        new RegExp(`^::warning title=Image not verified::${image.replace(/[.]/g, '\\.')} is not in ECR`, 'm')
      )
      expect(run.outputs.image).toBe(image)
      const sent = stack.requestsSince(mark)
      expect(sent.filter(r => r.operation === 'DescribeImages')).toEqual([])
      expect(mutatingRequests(sent)).toEqual(['ecs RegisterTaskDefinition', 'ecs UpdateService'])
    },
    120_000
  )

  it('keeps the repositoryCredentials of a private registry and says ECS pulls with them', async () => {
    const secret = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ghcr-pull-AbCdEf'
    const privateWorkspace = checkoutPrebuilt(stack)
    const file = path.join(privateWorkspace, 'task-definition.json')
    const definition = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      containerDefinitions: Record<string, unknown>[]
    }
    definition.containerDefinitions[0]!.repositoryCredentials = { credentialsParameter: secret }
    fs.writeFileSync(file, JSON.stringify(definition, null, 2))

    const run = await deploy(stack, {
      workspace: privateWorkspace,
      inputs: deployInputs(stack, { image: 'ghcr.io/acme/private-app:2.0.0' })
    })

    expect(errorAnnotations(run)).toEqual([])
    expect(run.stdout).toContain(
      `with the registry credentials of the task definition's repositoryCredentials (${secret})`
    )
    const registered = await stack.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: run.outputs['task-definition-arn'] })
    )
    expect(registered.taskDefinition?.containerDefinitions?.[0]).toMatchObject({
      image: 'ghcr.io/acme/private-app:2.0.0',
      repositoryCredentials: { credentialsParameter: secret }
    })
  }, 120_000)
})
