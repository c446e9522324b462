// The task definition made ready for this run: other containers pinned to their given images (container-images)
// and the per-environment overrides applied to the containers that get this run's image, then checked again by
// the same rules as the file, so an override cannot slip past them. Pure.
import { renderTaskDefinition } from './render.js'
import { applyOverrides, type ContainerImage, type TaskDefinitionOverrides } from './overrides.js'
import { TaskDefinitionError, type LoadedTaskDefinition, type TaskDefinitionDocument } from './types.js'
import { validateTaskDefinition } from './validate.js'
import { plural } from './words.js'

export interface ContainerChoices {
  /** The containers that get this run's image; empty means the only one. */
  containerNames: readonly string[]
  containerImages: readonly ContainerImage[]
  overrides: TaskDefinitionOverrides
  /** The image to deploy when known before the run (the `image` input). */
  image?: string
}

/** An image that stands in for this run's image while checking: an ECR image, as a built one is. */
const STAND_IN_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/release-to-ecs-check:validation'

/** The containers that get this run's image: the named ones, or the only one; an unknown name is an error. */
export function targetContainers(td: TaskDefinitionDocument, names: readonly string[]): string[] {
  if (names.length === 0) {
    // Render explains "several containers, name one" in the words of container-name.
    renderTaskDefinition(td, { image: STAND_IN_IMAGE })
    return [td.containerDefinitions?.[0]?.name ?? '']
  }
  for (const name of names) renderTaskDefinition(td, { containerName: name, image: STAND_IN_IMAGE })
  return [...names]
}

/**
 * Applies container-images and the overrides; returns the task definition to render and one line per change.
 * Throws one TaskDefinitionError listing what is wrong with the result (a bad Fargate size, a placeholder left
 * in a container no input fills in, ...).
 */
export function prepareTaskDefinition(
  loaded: LoadedTaskDefinition,
  choices: ContainerChoices,
  source: string
): { loaded: LoadedTaskDefinition; changes: string[] } {
  const targets = targetContainers(loaded.definition, choices.containerNames)
  const names = (loaded.definition.containerDefinitions ?? []).map(c => c.name ?? '')
  const problems: string[] = []
  const changes: string[] = []
  const pinned = structuredClone(loaded.definition)
  for (const { container, image } of choices.containerImages) {
    const found = pinned.containerDefinitions?.find(c => c.name === container)
    if (!found) {
      problems.push(
        `container-images names ${JSON.stringify(container)}, which the task definition does not have; its containers are ${names.map(n => JSON.stringify(n)).join(', ')}.`
      )
      continue
    }
    if (found.image !== image)
      changes.push(`container ${container}: image ${found.image ?? '(none)'} → ${image}`)
    found.image = image
  }
  if (problems.length > 0) throw new TaskDefinitionError(problems.join('\n'))
  const applied = applyOverrides(pinned, targets, choices.overrides)
  changes.push(...applied.changes)

  // The same rules as the file, with this run's image standing in for the images the run fills in.
  let check = applied.definition
  for (const name of targets.slice(1))
    check = renderTaskDefinition(check, { containerName: name, image: choices.image ?? STAND_IN_IMAGE })
  const found = validateTaskDefinition(check as Record<string, unknown>, {
    containerName: targets[0],
    image: choices.image
  })
  if (found.length > 0)
    throw new TaskDefinitionError(
      `${source} with this run's container-images and overrides is not a valid task definition (${plural(found.length, 'problem')}); fix the inputs:\n` +
        found.map(p => `  - ${p}`).join('\n')
    )
  return { loaded: { ...loaded, definition: applied.definition }, changes }
}

/** The task definition with this run's image in every target container. */
export function renderImage(
  td: TaskDefinitionDocument,
  names: readonly string[],
  image: string
): TaskDefinitionDocument {
  if (names.length === 0) return renderTaskDefinition(td, { image })
  return names.reduce((copy, containerName) => renderTaskDefinition(copy, { containerName, image }), td)
}
