import { describe, expect, it } from '@jest/globals'
import type { EcsApi } from '../../src/aws/ecs.js'
import { AwsCallError } from '../../src/aws/errors.js'
import { inspectService } from '../../src/deploy/inspect.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'

describe('inspectService', () => {
  it('says which cluster was not found, in which region and account, and what to check', async () => {
    const notFound = Object.assign(new Error('Cluster not found.'), { name: 'ClusterNotFoundException' })
    const ecs = {
      describeService: async () => {
        throw new AwsCallError('Reading service web in cluster prod (ecs:DescribeServices)', notFound)
      }
    } as unknown as EcsApi
    const where = { region: 'eu-west-1', account: '123456789012' }

    await expect(inspectService('prdo', 'web', ecs, new RecordingLogger(), where)).rejects.toThrow(
      'The cluster "prdo" does not exist in region eu-west-1 of account 123456789012 (ECS: Cluster not found). ' +
        'Check cluster and aws-region (list the clusters with: aws ecs list-clusters --region eu-west-1)'
    )
  })
})
