// The image's statements: the ECR login, the push to its one repository, and the reads of what it holds.
import { ECR_PUSH_ACTIONS } from '../aws/ecr-uri.js'
import { allow, type Scope } from './scope.js'
import type { DeployPolicyInput, PolicyStatement } from './types.js'

/** What the basic pre-flight check reads of an image: its manifest, and a single-platform image's config blob. */
const VERIFY_IMAGE_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']

/** None when the image is not in ECR. */
export function imageStatements(input: DeployPolicyInput, scope: Scope): PolicyStatement[] {
  const repo = input.repository
  if (!repo) return []
  const registry = repo.registryId ?? repo.registryAccountId ?? input.accountId
  const repositoryArn = scope.arn('ecr', `repository/${repo.name}`, repo.region ?? input.region, registry)
  const verifyReads = (input.verify ?? 'basic') === 'off' ? [] : VERIFY_IMAGE_ACTIONS
  return [
    ...((input.registryLogin ?? input.pushImage)
      ? [allow('EcrLogin', ['ecr:GetAuthorizationToken'], '*')]
      : []),
    ...(input.pushImage ? [allow('EcrPushImage', [...ECR_PUSH_ACTIONS], repositoryArn)] : []),
    allow('EcrReadImages', ['ecr:DescribeImages', ...verifyReads], repositoryArn)
  ]
}
