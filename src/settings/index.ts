// Settings: the inputs' names and defaults (names.ts), reading and validating them (read.ts), the values'
// parsers (parse.ts), and inputs a run ignores (ignored.ts).
export { INPUTS, Inputs, inputDefault, Outputs, type OutputName } from './names.js'
export { envInputReader, readSettings, runnerTemp, secretInputs } from './read.js'
export { splitWords } from './parse.js'
export { ignoredInputs, type IgnoredInputs } from './ignored.js'
export * from './types.js'
