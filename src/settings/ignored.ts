// Inputs that were given but play no part in this run: a warning, not an error.
import { inputDefault, Inputs } from './names.js'
import type { InputReader } from './types.js'

/** A warning about inputs that were given but play no part in this run. */
export interface IgnoredInputs {
  title: string
  message: string
}

const BUILD_INPUTS = [
  Inputs.javaBuild,
  Inputs.buildCommand,
  Inputs.dockerfile,
  Inputs.context,
  Inputs.buildArgs,
  Inputs.target,
  Inputs.platform,
  Inputs.tagTemplate,
  Inputs.additionalTags,
  Inputs.containerEngine
] as const

const ROLLOUT_INPUTS = [Inputs.rollbackOnFailure, Inputs.maxTaskFailures] as const

/**
 * Inputs set to something other than their default that this run will not use: the build inputs when an
 * existing image is deployed, the rollout inputs when the rollout is not followed (wait-for-minutes only with
 * on-busy: fail, since it also bounds the wait for another rollout). Reads raw inputs, so it
 * sees what the workflow wrote, not what readSettings made of it.
 */
export function ignoredInputs(input: InputReader): IgnoredInputs[] {
  const given = (name: string): boolean => {
    const raw = input(name)
    if (raw === '') return false
    const fallback = inputDefault(name)
    if (fallback === undefined) return true
    // "30.0" minutes is still the default; "True" is still true.
    if (/^\d+(\.\d+)?$/.test(raw) && /^\d+$/.test(fallback)) return Number(raw) !== Number(fallback)
    return raw.toLowerCase() !== fallback.toLowerCase()
  }
  const list = (names: readonly string[]): string => names.join(', ')
  const warnings: IgnoredInputs[] = []

  const existing =
    input(Inputs.image) !== '' ? Inputs.image : input(Inputs.imageTag) !== '' ? Inputs.imageTag : undefined
  const build = BUILD_INPUTS.filter(given)
  if (existing && build.length > 0)
    warnings.push({
      title: 'Build inputs ignored',
      message:
        `${list(build)} ${build.length === 1 ? 'is' : 'are'} ignored: ${existing} deploys an existing image, so nothing is built or pushed. ` +
        `Remove ${build.length === 1 ? 'it' : 'them'}, or leave ${existing} empty to build.`
    })

  // wait-for-minutes also bounds the wait for another rollout (on-busy: wait), which happens either way.
  const onBusyFail = input(Inputs.onBusy).toLowerCase() === 'fail'
  const rollout = [...ROLLOUT_INPUTS, ...(onBusyFail ? [Inputs.waitForMinutes] : [])].filter(given)
  if (input(Inputs.waitForServiceStability).toLowerCase() === 'false' && rollout.length > 0)
    warnings.push({
      title: 'Rollout inputs ignored',
      message:
        `${list(rollout)} ${rollout.length === 1 ? 'is' : 'are'} ignored: wait-for-service-stability is false, so the rollout is not followed. ` +
        `Set wait-for-service-stability: true to use ${rollout.length === 1 ? 'it' : 'them'}.`
    })

  // services-order and rollback-scope choose between several services; one has nothing to choose.
  const several = [Inputs.servicesOrder, Inputs.rollbackScope].filter(given)
  if (input(Inputs.services) === '' && several.length > 0)
    warnings.push({
      title: 'Services inputs ignored',
      message:
        `${list(several)} ${several.length === 1 ? 'is' : 'are'} ignored: ${several.length === 1 ? 'it applies' : 'they apply'} to the services of services, and this run deploys one service. ` +
        `Remove ${several.length === 1 ? 'it' : 'them'}, or list the release's services in services.`
    })
  return warnings
}
