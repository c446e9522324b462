// The service settings UpdateService takes besides the task definition and counts: propagateTags,
// enableECSManagedTags, enableExecuteCommand, volumeConfigurations (managed EBS volumes),
// availabilityZoneRebalancing and healthCheckGracePeriodSeconds, checked as ECS checks them, then stored.
// Settings the request does not name stay as they were.
import { AwsError } from '../../errors.js'
import { isObject, optArray, optBool, optNumber, optObject, optString, type Json } from '../input.js'
import type { ServiceRecord } from '../state.js'

const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message)

function enumValue(input: Json, field: string, values: string[]): string | undefined {
  const value = optString(input, field)
  if (value !== undefined && !values.includes(value)) {
    throw invalid(
      `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`
    )
  }
  return value
}

/** Sizes (GiB), IOPS and throughput (MiB/s) each EBS volume type takes, after the Amazon EBS user guide. */
const VOLUME_TYPES: Record<
  string,
  { size: [number, number]; iops?: [number, number]; iopsRequired?: boolean }
> = {
  gp3: { size: [1, 16384], iops: [3000, 16000] },
  gp2: { size: [1, 16384] },
  io1: { size: [4, 16384], iops: [100, 64000], iopsRequired: true },
  io2: { size: [4, 16384], iops: [100, 256000], iopsRequired: true },
  st1: { size: [125, 16384] },
  sc1: { size: [125, 16384] },
  standard: { size: [1, 1024] }
}
const FILESYSTEMS = ['ext3', 'ext4', 'xfs', 'ntfs']

function checkManagedEbsVolume(volume: Json, at: string): void {
  const roleArn = optString(volume, 'roleArn')
  if (roleArn === undefined || roleArn === '') {
    throw invalid(`${at}.roleArn is required: the infrastructure role that lets ECS manage the volume.`)
  }
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(roleArn)) {
    throw invalid(`${at}.roleArn must be an IAM role ARN, got "${roleArn}".`)
  }
  const type = enumValue(volume, 'volumeType', Object.keys(VOLUME_TYPES)) ?? 'gp3'
  const rules = VOLUME_TYPES[type] ?? { size: [1, 16384] }
  const size = optNumber(volume, 'sizeInGiB')
  const snapshotId = optString(volume, 'snapshotId')
  if (size === undefined && snapshotId === undefined) {
    throw invalid(
      `${at} needs sizeInGiB or snapshotId: the size of a new volume, or the snapshot it is made from.`
    )
  }
  if (size !== undefined && (!Number.isInteger(size) || size < rules.size[0] || size > rules.size[1])) {
    throw invalid(
      `${at}.sizeInGiB must be from ${rules.size[0]} to ${rules.size[1]} for volume type ${type}, got ${size}.`
    )
  }
  if (snapshotId !== undefined && !/^snap-[0-9a-f]{8,17}$/.test(snapshotId)) {
    throw invalid(`${at}.snapshotId must be an EBS snapshot id (snap-...), got "${snapshotId}".`)
  }
  const iops = optNumber(volume, 'iops')
  if (iops !== undefined && !rules.iops) {
    throw invalid(`${at}.iops is not supported for volume type ${type}.`)
  }
  if (iops === undefined && rules.iopsRequired) {
    throw invalid(`${at}.iops is required for volume type ${type}.`)
  }
  if (iops !== undefined && rules.iops && (iops < rules.iops[0] || iops > rules.iops[1])) {
    throw invalid(
      `${at}.iops must be from ${rules.iops[0]} to ${rules.iops[1]} for volume type ${type}, got ${iops}.`
    )
  }
  const throughput = optNumber(volume, 'throughput')
  if (throughput !== undefined && type !== 'gp3') {
    throw invalid(`${at}.throughput is only supported for volume type gp3.`)
  }
  if (throughput !== undefined && (throughput < 125 || throughput > 1000)) {
    throw invalid(`${at}.throughput must be from 125 to 1000 MiB/s, got ${throughput}.`)
  }
  if (optBool(volume, 'encrypted') === false && optString(volume, 'kmsKeyId') !== undefined) {
    throw invalid(`${at}.kmsKeyId needs encrypted: true.`)
  }
  enumValue(volume, 'filesystemType', FILESYSTEMS)
}

function checkVolumeConfigurations(list: unknown[]): Json[] {
  if (list.length > 1) throw invalid('volumeConfigurations can have at most 1 items.')
  return list.map((item, i) => {
    const at = `volumeConfigurations[${i}]`
    if (!isObject(item)) throw invalid(`${at} must be an object.`)
    const name = optString(item, 'name')
    if (name === undefined || name === '')
      throw invalid(`${at}.name is required: the task definition volume it configures.`)
    const volume = optObject(item, 'managedEBSVolume')
    if (!volume) throw invalid(`${at}.managedEBSVolume is required.`)
    checkManagedEbsVolume(volume, `${at}.managedEBSVolume`)
    return item
  })
}

/**
 * Checks every setting the UpdateService request names, and only then stores them on the service, so a refused
 * request changes nothing.
 */
export function applyServiceSettings(service: ServiceRecord, input: Json): void {
  const propagateTags = enumValue(input, 'propagateTags', ['TASK_DEFINITION', 'SERVICE', 'NONE'])
  const managedTags = optBool(input, 'enableECSManagedTags')
  const executeCommand = optBool(input, 'enableExecuteCommand')
  const rebalancing = enumValue(input, 'availabilityZoneRebalancing', ['ENABLED', 'DISABLED'])
  const volumes = optArray(input, 'volumeConfigurations')
  const checkedVolumes = volumes === undefined ? undefined : checkVolumeConfigurations(volumes)
  const grace = optNumber(input, 'healthCheckGracePeriodSeconds')
  if (grace !== undefined) {
    if (!Number.isInteger(grace) || grace < 0 || grace > 2147483647) {
      throw invalid(
        `healthCheckGracePeriodSeconds must be a whole number from 0 to 2147483647, got ${grace}.`
      )
    }
    const loadBalancers = optArray(input, 'loadBalancers') ?? service.loadBalancers
    if (loadBalancers.length === 0) {
      throw invalid('Health check grace period is only valid for services configured to use load balancers')
    }
  }
  for (const field of ['minimumHealthyPercent', 'maximumPercent']) {
    const value = optNumber(optObject(input, 'deploymentConfiguration') ?? {}, field)
    if (value !== undefined && !Number.isInteger(value)) {
      throw invalid(`deploymentConfiguration.${field} must be a whole number, got ${value}.`)
    }
  }

  if (propagateTags !== undefined) service.propagateTags = propagateTags
  if (managedTags !== undefined) service.enableECSManagedTags = managedTags
  if (executeCommand !== undefined) service.enableExecuteCommand = executeCommand
  const settings = { ...service.settings }
  if (rebalancing !== undefined) settings.availabilityZoneRebalancing = rebalancing
  if (checkedVolumes !== undefined) settings.volumeConfigurations = checkedVolumes
  service.settings = settings
}
