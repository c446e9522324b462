// Where things are in this repository, whoever runs the code (jest, tsx) and from whichever directory.
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const distEntry = path.join(repoRoot, 'dist', 'index.js')
export const examplesDir = path.join(repoRoot, 'examples')

/** An example project under examples/: java-service (Maven) or gradle-service (Gradle layout). */
export type ExampleName = 'java-service' | 'gradle-service'

export function examplePath(name: ExampleName): string {
  return path.join(examplesDir, name)
}
