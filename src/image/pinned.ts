// The images container-images pins other containers to: an image in ECR must exist there before anything changes,
// as the `image` input's must; an image in another registry cannot be verified and is said so.
import { ecrInRegion, type Connection } from '../aws/connect.js'
import { EcrError } from '../aws/ecr-uri.js'
import { AwsCallError } from '../aws/errors.js'
import type { ActionDeps } from '../runtime.js'
import type { ContainerImage } from '../taskdef/overrides.js'
import { ecrRegistryOf, parseImageReference } from './reference.js'

/** Looks up every pinned image that is in ECR (by its host, or the host of ECR's login); throws for a missing one. */
export async function verifyPinnedImages(
  images: readonly ContainerImage[],
  aws: Connection,
  deps: Pick<ActionDeps, 'clock' | 'logger' | 'createClients'>,
  cleanups: (() => void)[]
): Promise<void> {
  if (!aws.identity || images.length === 0) return
  let loginHost: string | undefined
  for (const { container, image } of images) {
    const parsed = parseImageReference(image)
    if ('problem' in parsed)
      throw new EcrError(`container-images: the image for ${container} ${parsed.problem}.`)
    const registry = ecrRegistryOf(parsed.registry)
    if (!registry && parsed.registry && loginHost === undefined)
      loginHost = await aws.apis.ecr.login().then(
        l => l.host,
        () => ''
      )
    if (!registry && (!parsed.registry || parsed.registry !== loginHost)) {
      deps.logger.info(`container-images: ${image} (${container}) is not in ECR; ECS pulls it as it is.`)
      continue
    }
    const region = registry?.region ?? aws.region
    const ecr = ecrInRegion(region, aws, deps, cleanups)
    const ref = parsed.digest ? { digest: parsed.digest } : { tag: parsed.tag ?? 'latest' }
    let found
    try {
      found = await ecr.findImage(parsed.repository, registry?.registryId, ref)
    } catch (e) {
      if (!(e instanceof AwsCallError) && !(e instanceof EcrError)) throw e
      throw new EcrError(
        `container-images: looking up ${image} (${container}) in ECR in ${region} failed; nothing was changed. ${e.message}`
      )
    }
    if (!found)
      throw new EcrError(
        `container-images: ${image} (${container}) is not in ECR (looked up in ${region}); nothing was changed. ` +
          `Push it first, or check the tag (aws ecr describe-images --repository-name ${parsed.repository} --region ${region}).`
      )
    deps.logger.info(`container-images: ${image} (${container}) found in ECR`)
  }
}
