// CreateCluster, DescribeClusters, ListClusters.
import { AwsError } from '../../errors.js'
import { arns, clusterName } from '../arns.js'
import { isObject, optArray, optString, optStringArray, type Json } from '../input.js'
import type { EcsState } from '../state.js'
import { clusterJson } from '../views.js'

export function createCluster(state: EcsState, input: Json): Json {
  const name = optString(input, 'clusterName') ?? 'default'
  if (!/^[a-zA-Z0-9_-]{1,255}$/.test(name)) {
    throw new AwsError(
      'InvalidParameterException',
      `clusterName "${name}" is invalid: up to 255 letters (uppercase and lowercase), numbers, underscores and hyphens are allowed.`
    )
  }
  let cluster = state.clusters.get(name)
  if (!cluster) {
    cluster = {
      name,
      arn: arns.cluster(state.account, name),
      tags: (optArray(input, 'tags') ?? []).filter(isObject),
      settings: (optArray(input, 'settings') ?? []).filter(isObject)
    }
    state.clusters.set(name, cluster)
  }
  return { cluster: clusterJson(state, cluster) }
}

export function describeClusters(state: EcsState, input: Json): Json {
  const names = optStringArray(input, 'clusters') ?? ['default']
  const clusters: Json[] = []
  const failures: Json[] = []
  for (const name of names) {
    const cluster = state.clusters.get(clusterName(name))
    if (cluster) clusters.push(clusterJson(state, cluster))
    else failures.push({ arn: arns.cluster(state.account, clusterName(name)), reason: 'MISSING' })
  }
  return { clusters, failures }
}

export function listClusters(state: EcsState): Json {
  return { clusterArns: [...state.clusters.values()].map(c => c.arn) }
}
