// The task definition checks' schemas (src/taskdef/ecs-schema.ts, generated) are the SDK's own: an SDK upgrade that
// changes RegisterTaskDefinition's request fails here until `npm run ecs-schema` writes them again.
import { describe, expect, it } from '@jest/globals'
import {
  ContainerDefinition$ as sdkContainerDefinition,
  RegisterTaskDefinitionRequest$ as sdkRequest
} from '@aws-sdk/client-ecs'
import { ContainerDefinition$, RegisterTaskDefinitionRequest$ } from '../../src/taskdef/ecs-schema.js'
import { schemaSource } from '../../scripts/lib/ecs-schema.js'

/** A schema as plain data: references followed, a named schema met again written as its name. */
function plain(schema: unknown, seen = new Set<unknown>()): unknown {
  const value = typeof schema === 'function' ? (schema as () => unknown)() : schema
  if (!Array.isArray(value)) return value
  if (typeof value[2] === 'string' && [1, 2, 3].includes(value[0] as number)) {
    if (seen.has(value)) return `-> ${value[2]}`
    seen.add(value)
  }
  return value.map(v => plain(v, seen))
}

describe('the ECS schemas of a task definition', () => {
  it('are the SDK’s, every structure, list and map RegisterTaskDefinition’s request reaches', () => {
    expect(plain(RegisterTaskDefinitionRequest$)).toEqual(plain(sdkRequest))
    expect(plain(ContainerDefinition$)).toEqual(plain(sdkContainerDefinition))
  })

  it('reach the container fields and nested structures the checks walk', () => {
    const containers = plain(RegisterTaskDefinitionRequest$) as unknown[]
    expect(containers[2]).toBe('RegisterTaskDefinitionRequest')
    expect(JSON.stringify(containers)).toContain('"LogConfiguration"')
    expect((plain(ContainerDefinition$) as unknown[])[4]).toContain('portMappings')
  })

  it('are written once each, references as functions, so a cycle cannot loop', () => {
    const source = schemaSource({ ContainerDefinition$: sdkContainerDefinition })
    expect(source).toContain('"ContainerDefinition"')
    expect(source.match(/"PortMapping"/g)).toHaveLength(1)
    expect(source).toContain('export { ContainerDefinition_ as ContainerDefinition$ }')
  })
})
