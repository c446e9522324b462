// The policy input of one building deploy of orders-api, and lookups into the policy it makes.
import { deployPolicy } from '../src/iam/policy.js'
import type { DeployPolicyInput, PolicyStatement } from '../src/iam/types.js'

/** Where orders-api is deployed from and to: the part every policy input of these tests shares. */
export const ordersApi = {
  region: 'eu-west-1',
  accountId: '123456789012',
  repository: { name: 'orders-api' },
  pushImage: true,
  cluster: 'prod',
  service: 'orders-api'
}

export const policyBase: DeployPolicyInput = {
  ...ordersApi,
  family: 'orders-api',
  taskRoleArn: 'arn:aws:iam::123456789012:role/orders-api-task',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  logGroups: ['/ecs/orders-api'],
  rollback: false
}

/** The statement of this Sid in the input's policy. */
export const statement = (input: DeployPolicyInput, sid: string): PolicyStatement | undefined =>
  deployPolicy(input).Statement.find(s => s.Sid === sid)
/** The Sids of the input's policy, in order. */
export const sids = (input: DeployPolicyInput): string[] => deployPolicy(input).Statement.map(s => s.Sid)
