// The YAML parser, loaded only when a run reads a YAML file: most task definitions are JSON, and a run that reads
// none never loads or compiles the library (ncc emits it as a chunk of its own).
import type * as Yaml from 'yaml'

let library: typeof Yaml | undefined

export function isYamlPath(file: string): boolean {
  return /\.ya?ml$/i.test(file)
}

/** Loads the parser now: an input is YAML (services). */
export async function loadYaml(): Promise<void> {
  library ??= await import('yaml')
}

/** Loads the parser when one of these files is YAML. Called before anything reads them. */
export async function loadYamlFor(files: readonly (string | undefined)[]): Promise<void> {
  if (!library && files.some(f => f !== undefined && isYamlPath(f))) library = await import('yaml')
}

/** The parser that loadYamlFor loaded. */
export function yamlParser(): typeof Yaml {
  if (!library)
    throw new Error('internal error: a YAML file was read before loadYamlFor loaded the YAML parser for it.')
  return library
}
