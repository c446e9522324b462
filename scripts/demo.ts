// `npm run demo`: a GitHub release of the example Java service, deployed by the bundled action to the local
// stand-in for AWS (with a real registry behind its ECR), exactly as the end-to-end tests run it.
import { spawn, spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runAction } from './lib/action.js'
import { releaseEvent } from './lib/github.js'
import { distEntry, repoRoot } from './lib/paths.js'
import { deployInputs, startStack, type Stack } from './lib/stack.js'
import { ensureSystemPackages } from './lib/system.js'
import { node24Binary, nodeMajor } from './lib/tools.js'
import { checkoutExample } from './lib/workspace.js'

const tag = 'v1.0.0'

function say(line = ''): void {
  process.stdout.write(`${line}\n`)
}

/** Set in the demo's own run under Node 24, so it neither checks the packages again nor starts itself again. */
const underNode24 = 'RELEASE_TO_ECS_DEMO_NODE24'

async function main(): Promise<number> {
  if (!process.env[underNode24]) {
    const stop = ensureSystemPackages({ needs: 'The demo needs', again: 'npm run demo again' }, say)
    if (stop) {
      say(stop)
      return 1
    }
    // The stack's AWS SDK clients run here: on Node 24, as the runner runs the action, they are on a Node the
    // SDK supports (on Node 20 it warns that its releases after early 2027 need Node 22).
    if (nodeMajor(process.version) !== 24) return runUnderNode24()
  }
  // RELEASE_TO_ECS_ENTRY runs another bundle (e.g. one built elsewhere) instead of dist/index.js.
  const entry = process.env.RELEASE_TO_ECS_ENTRY || distEntry
  if (!fs.existsSync(entry)) {
    say('dist/index.js is missing: building the bundle with npm run package ...')
    const built = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: 'inherit' })
    if (built.status !== 0 || !fs.existsSync(entry)) {
      say('npm run package failed; fix the build and run the demo again.')
      return 1
    }
  }

  const aborted = new AbortController()
  let stack: Stack | undefined
  let stopping: Promise<void> | undefined
  const stop = () => (stopping ??= stack ? stack.stop() : Promise.resolve())
  const interrupt = (signal: NodeJS.Signals) => {
    if (aborted.signal.aborted) return
    say(`\n${signal}: stopping the action, the stand-in and the registry ...`)
    aborted.abort()
    void stop().finally(() => {
      say('Stopped: nothing is left running.')
      process.exit(130)
    })
  }
  // `on`, not `once`: a Ctrl-C reaches this process from the terminal and again from the one that started it.
  process.on('SIGINT', interrupt)
  process.on('SIGTERM', interrupt)

  try {
    say('Starting the local registry and the stand-in for ECS, ECR, STS and CloudWatch Logs ...')
    stack = await startStack({ speed: 20 })
    say(`  stand-in:   ${stack.emulator.url}`)
    say(
      `  registry:   ${stack.repositoryUri} (ECR's endpoint in front of docker-registry at ${stack.registry.url})`
    )
    say(`  cluster:    ${stack.cluster}`)
    say(`  service:    ${stack.service}, running ${stack.initialTaskDefinitionArn.split('/').pop()}`)
    if (aborted.signal.aborted) return 130

    const workspace = checkoutExample('java-service', path.join(stack.dir, 'workspaces'))
    const event = releaseEvent({ tag, name: `hello-service ${tag}` })
    say(`\nRunning the action for the release ${tag} (commit ${event.sha.slice(0, 7)}) in ${workspace}\n`)
    const run = await runAction({
      inputs: deployInputs(stack),
      event,
      workspace,
      entry,
      env: { ...stack.toolEnv, ...stack.awsEnv },
      signal: aborted.signal,
      onOutput: chunk => process.stdout.write(chunk)
    })
    if (aborted.signal.aborted) return 130

    say(`\nThe action exited with code ${run.exitCode} after ${(run.durationMs / 1000).toFixed(1)} s.`)
    if (Object.keys(run.outputs).length > 0) {
      say('\nOutputs:')
      for (const [name, value] of Object.entries(run.outputs)) {
        const shown = value.includes('\n')
          ? `${value.split('\n')[0]} ... (${value.split('\n').length} lines)`
          : value
        say(`  ${name}: ${shown}`)
      }
    }
    say('\nJob summary:\n')
    say(run.summary.trim() || '(the action wrote no job summary)')
    return run.exitCode
  } finally {
    say('\nStopping the stand-in and the registry ...')
    await stop()
    say('Done: nothing is left running.')
  }
}

/** This demo again, on Node 24 with tsx's loader; its exit code is the demo's. */
async function runUnderNode24(): Promise<number> {
  say("Running the demo on Node 24, as GitHub's runner runs the action (npx -y node@24 fetches it once) ...")
  const node = await node24Binary()
  const script = fileURLToPath(import.meta.url)
  const child = spawn(node, ['--import', import.meta.resolve('tsx'), script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [underNode24]: '1' }
  })
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  return new Promise((resolve, reject) => {
    child.on('error', error => reject(new Error(`could not start ${node}: ${error.message}`)))
    child.on('close', (code, signal) => resolve(code ?? (signal ? 130 : 1)))
  })
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(`The demo failed: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
)
