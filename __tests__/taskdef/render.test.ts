import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  loadTaskDefinition,
  renderTaskDefinition,
  TaskDefinitionError,
  writeRenderedTaskDefinition
} from '../../src/taskdef/index.js'

const fixtures = fileURLToPath(new URL('../../__fixtures__/task-definitions/', import.meta.url))
const load = (name: string) => loadTaskDefinition(path.join(fixtures, name)).definition
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing:2.1.0-abc1234'

describe('renderTaskDefinition', () => {
  it('sets the image of the named container and leaves the others and the input alone', () => {
    const td = load('two-containers.json')
    const rendered = renderTaskDefinition(td, { containerName: 'app', image: IMAGE })
    expect(rendered.containerDefinitions?.map(c => c.image)).toEqual([
      IMAGE,
      'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0'
    ])
    expect(td.containerDefinitions?.[0]?.image).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing:placeholder'
    )
    expect({ ...rendered, containerDefinitions: undefined }).toEqual({
      ...td,
      containerDefinitions: undefined
    })
  })

  it('uses the only container when no name is given', () => {
    const rendered = renderTaskDefinition(load('fargate.json'), {
      image: 'repo/catalog@sha256:' + 'a'.repeat(64)
    })
    expect(rendered.containerDefinitions?.[0]?.image).toBe('repo/catalog@sha256:' + 'a'.repeat(64))
  })

  it('asks for container-name when there are several containers, listing them', () => {
    expect(() => renderTaskDefinition(load('two-containers.json'), { image: IMAGE })).toThrow(
      new TaskDefinitionError(
        'container-name: the task definition has 2 containers ("app", "otel-collector"); set container-name to the one whose image this release replaces.'
      )
    )
  })

  it('names the containers present when the container is unknown', () => {
    expect(() =>
      renderTaskDefinition(load('ec2-bridge.json'), { containerName: 'api', image: IMAGE })
    ).toThrow(
      'container-name: the task definition has no container named "api"; its containers are "web", "cache".'
    )
  })
})

describe('writeRenderedTaskDefinition', () => {
  it('writes task-definition-<family>-<random>.json under the directory, a new file each time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-temp-'))
    const td = renderTaskDefinition(load('fargate.json'), { image: IMAGE })
    const first = writeRenderedTaskDefinition(td, dir)
    const second = writeRenderedTaskDefinition(td, dir)
    expect(path.dirname(first)).toBe(dir)
    expect(path.basename(first)).toMatch(/^task-definition-catalog-[0-9a-f]{8}\.json$/)
    expect(second).not.toBe(first)
    expect(JSON.parse(fs.readFileSync(first, 'utf8'))).toEqual(td)
  })

  it('creates the directory when it is missing', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'runner-temp-')), 'nested', 'dir')
    const file = writeRenderedTaskDefinition(load('fargate.json'), dir)
    expect(fs.existsSync(file)).toBe(true)
  })
})
