// Before the first end-to-end test, and never for the unit tests alone: the system packages (installed when the
// project can, else one line naming the command) and Node 24, found once for every test worker.
// Plain JavaScript: jest loads a global setup without its own transform, so tsx loads the TypeScript it uses.
import { tsImport } from 'tsx/esm/api'

/** Jest shows a thrown error's stack: this one is the line and nothing else. */
function stopWith(line) {
  const error = new Error(line)
  error.stack = line
  throw error
}

export default async function globalSetup() {
  const { ensureSystemPackages } = await tsImport('../../scripts/lib/system.ts', import.meta.url)
  const { node24Binary } = await tsImport('../../scripts/lib/tools.ts', import.meta.url)
  const stop = ensureSystemPackages(
    {
      needs: 'The end-to-end tests need',
      again: 'npm test again (npm run test:unit runs the unit tests without them)'
    },
    line => process.stdout.write(`${line}\n`)
  )
  if (stop) stopWith(stop)
  try {
    process.env.NODE24_BINARY ??= await node24Binary()
  } catch (error) {
    stopWith(
      `The end-to-end tests run the action on Node 24: ${error instanceof Error ? error.message : error}`
    )
  }
}
