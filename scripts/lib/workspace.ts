// A fresh checkout of an example project for each run, as actions/checkout would leave it.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { examplePath, type ExampleName } from './paths.js'

/** Build outputs of a previous local build that a fresh checkout would not have. */
const notCheckedIn = new Set(['target', 'build'])

/** Copies examples/<name> into a new temporary directory (under `parent` if given) and returns its path. */
export function checkoutExample(name: ExampleName, parent = os.tmpdir()): string {
  fs.mkdirSync(parent, { recursive: true })
  const workspace = fs.mkdtempSync(path.join(parent, `${name}-`))
  fs.cpSync(examplePath(name), workspace, {
    recursive: true,
    filter: source => !notCheckedIn.has(path.basename(source)) || path.dirname(source) !== examplePath(name)
  })
  return workspace
}

/** An ECS AppSpec for the examples' container (app, port 8080) with one lifecycle hook, as a CodeDeploy user writes it. */
export function appSpecWithHook(event: string, lambda: string): string {
  return [
    'version: 0.0',
    'Resources:',
    '  - TargetService:',
    '      Type: AWS::ECS::Service',
    '      Properties:',
    '        TaskDefinition: <TASK_DEFINITION>',
    '        LoadBalancerInfo:',
    '          ContainerName: app',
    '          ContainerPort: 8080',
    'Hooks:',
    `  - ${event}: ${lambda}`,
    ''
  ].join('\n')
}
