// The images of a task definition: the one this action puts in its container, and the others, which go to ECS
// as they are written, so a placeholder left in one of them reaches ECS.
import { placeholderIn } from './arns.js'
import { isObject, type JsonObject } from './types.js'
import { quote } from './words.js'

export interface ImageTarget {
  /** The container whose image the action replaces (container-name); undefined with a single container. */
  containerName?: string
  /** The image the action deploys, when known before the run (the `image` input); otherwise it is one in ECR. */
  image?: string
  /** Other containers whose images the run fills in (more container-name entries, container-images). */
  alsoReplaced?: readonly string[]
}

const ECR_IMAGE = /^\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\//
/** ECS's characters for an image: letters, digits, - _ : . / # and @ (digests). */
const IMAGE_CHARACTERS = /^[A-Za-z0-9_.:/#@-]+$/
/** A reference docker can pull: [registry/]lower-case/path[:tag][@sha256:digest]. */
const REFERENCE =
  /^(?:(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|localhost)(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/

/** What is wrong with an image that goes to ECS as written; undefined when it looks pullable. */
export function imageProblem(image: string): string | undefined {
  const placeholder = placeholderIn(image)
  if (placeholder)
    return `holds the placeholder ${placeholder}, which nothing fills in: this action only replaces the image of container-name. Write the real image here`
  if (image.length > 255) return `is ${image.length} characters; ECS takes at most 255`
  if (!IMAGE_CHARACTERS.test(image))
    return 'contains characters ECS does not accept in an image (it takes letters, digits and - _ : . / # @); write the image as registry/repository:tag'
  if (!REFERENCE.test(image))
    return 'is not an image reference a container runtime can pull (repository names are lower case); write it as registry/repository:tag'
  return undefined
}

/** Index of the container the action fills in, or undefined when that is not decided (render reports it). */
export function replacedContainer(td: JsonObject, containerName: string | undefined): number | undefined {
  const containers = Array.isArray(td.containerDefinitions) ? td.containerDefinitions : []
  if (containerName === undefined || containerName === '') return containers.length === 1 ? 0 : undefined
  const index = containers.findIndex(c => isObject(c) && c.name === containerName)
  return index < 0 ? undefined : index
}

/** The images of other containers that go to ECS as written, each with what is wrong with it. */
export function imageProblems(td: JsonObject, target: ImageTarget): string[] {
  const containers = Array.isArray(td.containerDefinitions) ? td.containerDefinitions : []
  const replaced = replacedContainer(td, target.containerName)
  if (replaced === undefined) return [] // container-name is checked when rendering
  return containers.flatMap((c, i) => {
    if (i === replaced || !isObject(c) || typeof c.image !== 'string' || c.image === '') return []
    if (typeof c.name === 'string' && target.alsoReplaced?.includes(c.name)) return []
    const problem = imageProblem(c.image)
    return problem ? [`containerDefinitions[${i}].image: ${quote(c.image)} ${problem}`] : []
  })
}

/** True when a container's image comes from ECR: the one the action deploys (unless `image` is elsewhere) or another. */
export function pullsFromEcr(td: JsonObject, target: ImageTarget): boolean {
  const containers = Array.isArray(td.containerDefinitions) ? td.containerDefinitions : []
  const replaced = replacedContainer(td, target.containerName)
  return containers.some((c, i) =>
    i === replaced
      ? target.image === undefined || ECR_IMAGE.test(target.image)
      : isObject(c) && typeof c.image === 'string' && ECR_IMAGE.test(c.image)
  )
}
