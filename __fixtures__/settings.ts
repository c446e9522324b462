// Settings read from inputs as the runner passes them (INPUT_<NAME>), for tests of the settings.
import { envInputReader, readSettings, SettingsError, type Settings } from '../src/settings/index.js'

/** The settings of these inputs (over `base`), with the workspace at /ws. */
export function settingsFrom(inputs: Record<string, string>, base: Record<string, string> = {}): Settings {
  const all: NodeJS.ProcessEnv = { GITHUB_WORKSPACE: '/ws' }
  for (const [name, value] of Object.entries({ ...base, ...inputs }))
    all[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  return readSettings(envInputReader(all), all)
}

/** The problems readSettings finds in these inputs; fails the test when it finds none. */
export function problemsOf(inputs: Record<string, string>, base: Record<string, string> = {}): string[] {
  try {
    settingsFrom(inputs, base)
  } catch (e) {
    if (e instanceof SettingsError) return e.problems
    throw e
  }
  throw new Error('expected a SettingsError')
}
