import { run } from './main.js'

// The action's entry point: everything, including failing the step, happens in run().
await run()
