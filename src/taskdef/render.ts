// Rendering: the task definition with the new image in the chosen container, and the file it is written to.
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { isObject, TaskDefinitionError, type TaskDefinitionDocument } from './types.js'

export interface RenderOptions {
  /** The container whose image is replaced; may be omitted when there is exactly one. */
  containerName?: string
  /** Full image URI (repository:tag or repository@sha256:...). */
  image: string
}

/** A new task definition with `image` in the chosen container; the input is left as it was. */
export function renderTaskDefinition(
  td: TaskDefinitionDocument,
  options: RenderOptions
): TaskDefinitionDocument {
  if (!options.image)
    throw new TaskDefinitionError('No image to put in the task definition; this is a bug in the caller.')
  const containers = Array.isArray(td.containerDefinitions) ? td.containerDefinitions : []
  const names = containers.map(c => (isObject(c) && typeof c.name === 'string' ? c.name : '(unnamed)'))
  const listed = names.map(n => JSON.stringify(n)).join(', ')

  let index: number
  if (options.containerName === undefined || options.containerName === '') {
    if (containers.length !== 1)
      throw new TaskDefinitionError(
        `container-name: the task definition has ${containers.length} containers (${listed}); set container-name to the one whose image this release replaces.`
      )
    index = 0
  } else {
    index = names.indexOf(options.containerName)
    if (index < 0)
      throw new TaskDefinitionError(
        `container-name: the task definition has no container named ${JSON.stringify(options.containerName)}; its containers are ${listed}.`
      )
  }

  const copy = structuredClone(td)
  copy.containerDefinitions![index]!.image = options.image
  return copy
}

/** Writes the rendered task definition as JSON under dir (RUNNER_TEMP) and returns its path. */
export function writeRenderedTaskDefinition(td: TaskDefinitionDocument, dir: string): string {
  fs.mkdirSync(dir, { recursive: true })
  const family = (td.family ?? 'task').replace(/[^A-Za-z0-9_-]/g, '_')
  const file = path.join(dir, `task-definition-${family}-${randomBytes(4).toString('hex')}.json`)
  fs.writeFileSync(file, `${JSON.stringify(td, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' })
  return file
}
