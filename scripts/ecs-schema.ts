// Writes src/taskdef/ecs-schema.ts: the part of the SDK's ECS model that RegisterTaskDefinition's request reaches
// (its structures, lists and maps), in the SDK's own schema format. The task definition checks read it before the
// first AWS call; the SDK's whole ECS model (every operation's shapes) costs the start-up a good part of its
// compile time, and stays in the ECS client's chunk. __tests__/taskdef/ecs-schema.test.ts fails when the SDK's
// model and this file differ: run `npm run ecs-schema` after an SDK upgrade.
//   npm run ecs-schema
import * as fs from 'node:fs'
import { ContainerDefinition$, RegisterTaskDefinitionRequest$ } from '@aws-sdk/client-ecs'
import { schemaSource } from './lib/ecs-schema.js'

const target = new URL('../src/taskdef/ecs-schema.ts', import.meta.url)
fs.writeFileSync(target, schemaSource({ RegisterTaskDefinitionRequest$, ContainerDefinition$ }))
console.log(`wrote ${target.pathname}`)
