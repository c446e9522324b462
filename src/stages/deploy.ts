// The stages of a run that deploys, after the plan: one chunk of their own in dist/, loaded by run() while AWS
// answers its reads, so a dry run or a run that fails its checks never loads the deployment paths and watchers.
export { provideImage } from '../image/push.js'
export { verifyPushedImage } from '../verify/index.js'
export { serviceRuns, waitForIdleServices } from '../services/release.js'
export { registerServices } from './register.js'
export { rollOutServices } from './roll-out.js'
export { runTaskStage } from './run-task.js'
export { verifyServices } from './verify.js'
