// The image's statements: login, push, reads, scoped to the one repository.
import { describe, expect, it } from '@jest/globals'
import { deployPolicy } from '../../src/iam/policy.js'
import { policyBase as base, sids, statement } from '../../__fixtures__/policy-input.js'

describe('the image statements', () => {
  it('only reads from ECR when the run pushes nothing', () => {
    const policy = deployPolicy({ ...base, pushImage: false, verify: 'off' })
    expect(sids({ ...base, pushImage: false })).not.toContain('EcrLogin')
    expect(sids({ ...base, pushImage: false })).not.toContain('EcrPushImage')
    expect(policy.Statement.find(s => s.Sid === 'EcrReadImages')?.Action).toEqual(['ecr:DescribeImages'])
    expect(JSON.stringify(policy)).not.toMatch(/PutImage|UploadLayerPart|BatchGetImage/)
  })

  it('lets a run that pushes nothing log in to ECR when it learns the registry address from the login', () => {
    const policy = deployPolicy({ ...base, pushImage: false, registryLogin: true })
    expect(policy.Statement.map(s => s.Sid).filter(s => s.startsWith('Ecr'))).toEqual([
      'EcrLogin',
      'EcrReadImages'
    ])
    expect(statement({ ...base, pushImage: false, registryLogin: true }, 'EcrLogin')?.Resource).toBe('*')
    // Without a repository in ECR there is nothing to log in to.
    expect(sids({ ...base, pushImage: false, registryLogin: true, repository: undefined })).not.toContain(
      'EcrLogin'
    )
  })

  it('has no ECR statement for an image outside ECR', () => {
    expect(
      sids({ ...base, pushImage: false, repository: undefined }).filter(s => s.startsWith('Ecr'))
    ).toEqual([])
  })

  it('scopes to a repository in another account and region', () => {
    const input = {
      ...base,
      repository: { name: 'shared/orders-api', registryId: '210987654321', region: 'us-east-1' }
    }
    expect(statement(input, 'EcrPushImage')?.Resource).toBe(
      'arn:aws:ecr:us-east-1:210987654321:repository/shared/orders-api'
    )
    expect(
      statement({ ...base, repository: { name: 'x', registryAccountId: '210987654321' } }, 'EcrReadImages')
        ?.Resource
    ).toBe('arn:aws:ecr:eu-west-1:210987654321:repository/x')
  })
})
