import { describe, it, expect } from '@jest/globals'
import {
  denialMessage,
  evaluate,
  firstDenied,
  validatePolicies,
  wildcardMatch,
  type PolicyDocument
} from '../iam.js'

const repo = 'arn:aws:ecr:us-east-1:123456789012:repository/web'
const service = 'arn:aws:ecs:us-east-1:123456789012:service/prod/web'

const deployer: PolicyDocument[] = [
  {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:*LayerUpload',
          'ecr:UploadLayerPart',
          'ecr:PutImage'
        ],
        Resource: 'arn:aws:ecr:us-east-1:123456789012:repository/web'
      },
      {
        Effect: 'Allow',
        Action: ['ecs:UpdateService', 'ecs:DescribeServices'],
        Resource: 'arn:aws:ecs:*:123456789012:service/prod/*'
      },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: 'arn:aws:iam::123456789012:role/web-task',
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }
      },
      {
        Effect: 'Allow',
        Action: 'ecs:ListTasks',
        Resource: '*',
        Condition: { ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:us-east-1:123456789012:cluster/prod' } }
      }
    ]
  }
]

describe('wildcardMatch', () => {
  it('treats * as any run and ? as one character, literally otherwise', () => {
    expect(wildcardMatch('arn:aws:ecs:*:*:service/prod/*', service)).toBe(true)
    expect(wildcardMatch('arn:aws:ecs:us-east-?:*', service)).toBe(true)
    expect(wildcardMatch('arn:aws:ecs:us-east-??:*', service)).toBe(false)
    expect(wildcardMatch('a.c', 'abc')).toBe(false)
    expect(wildcardMatch('ECS:updateservice', 'ecs:UpdateService', true)).toBe(true)
    expect(wildcardMatch('ECS:updateservice', 'ecs:UpdateService')).toBe(false)
  })
})

describe('evaluate', () => {
  it('allows everything for an identity without policies (admin)', () => {
    expect(evaluate(undefined, { action: 'ecs:DeleteCluster', resource: '*' })).toBe('allow')
  })

  it('allows what a statement names, with wildcards in action and resource', () => {
    expect(evaluate(deployer, { action: 'ecr:InitiateLayerUpload', resource: repo })).toBe('allow')
    expect(evaluate(deployer, { action: 'ecr:CompleteLayerUpload', resource: repo })).toBe('allow')
    expect(evaluate(deployer, { action: 'ecs:UpdateService', resource: service })).toBe('allow')
  })

  it('denies by default what no statement names', () => {
    expect(
      evaluate(deployer, {
        action: 'ecr:PutImage',
        resource: 'arn:aws:ecr:us-east-1:123456789012:repository/other'
      })
    ).toBe('implicit-deny')
    expect(evaluate(deployer, { action: 'ecs:DeleteService', resource: service })).toBe('implicit-deny')
    expect(evaluate([], { action: 'ecs:ListClusters', resource: '*' })).toBe('implicit-deny')
  })

  it('applies StringEquals and ArnEquals conditions to the call context', () => {
    const passRole = { action: 'iam:PassRole', resource: 'arn:aws:iam::123456789012:role/web-task' }
    expect(
      evaluate(deployer, { ...passRole, context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } })
    ).toBe('allow')
    expect(
      evaluate(deployer, { ...passRole, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } })
    ).toBe('implicit-deny')
    expect(evaluate(deployer, passRole)).toBe('implicit-deny')
    const list = { action: 'ecs:ListTasks', resource: '*' }
    expect(
      evaluate(deployer, {
        ...list,
        context: { 'ecs:cluster': 'arn:aws:ecs:us-east-1:123456789012:cluster/prod' }
      })
    ).toBe('allow')
    expect(
      evaluate(deployer, {
        ...list,
        context: { 'ecs:cluster': 'arn:aws:ecs:us-east-1:123456789012:cluster/dev' }
      })
    ).toBe('implicit-deny')
  })

  it('supports StringLike, ArnLike, negated operators and IfExists', () => {
    const policy = (Condition: Record<string, Record<string, string | string[]>>): PolicyDocument[] => [
      { Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition } }
    ]
    const check = (context?: Record<string, string>) => ({
      action: 'ecs:ListTasks',
      resource: '*',
      ...(context ? { context } : {})
    })
    expect(
      evaluate(policy({ StringLike: { 'ecs:cluster': '*/prod' } }), check({ 'ecs:cluster': 'arn:x/prod' }))
    ).toBe('allow')
    expect(
      evaluate(
        policy({ ArnLike: { 'ecs:cluster': 'arn:aws:ecs:*:*:cluster/p*' } }),
        check({ 'ecs:cluster': 'arn:aws:ecs:us-east-1:1:cluster/prod' })
      )
    ).toBe('allow')
    expect(
      evaluate(policy({ StringNotEquals: { 'ecs:cluster': ['a', 'b'] } }), check({ 'ecs:cluster': 'a' }))
    ).toBe('implicit-deny')
    expect(
      evaluate(policy({ StringNotEquals: { 'ecs:cluster': ['a', 'b'] } }), check({ 'ecs:cluster': 'c' }))
    ).toBe('allow')
    expect(evaluate(policy({ StringEqualsIfExists: { 'ecs:cluster': 'a' } }), check())).toBe('allow')
    expect(evaluate(policy({ StringEquals: { 'ECS:Cluster': 'a' } }), check({ 'ecs:cluster': 'a' }))).toBe(
      'allow'
    )
  })

  it('lets an explicit deny win over any allow, and honours NotAction', () => {
    const policies: PolicyDocument[] = [
      { Statement: { Effect: 'Allow', Action: 'ecs:*', Resource: '*' } },
      { Statement: [{ Effect: 'Deny', Action: 'ecs:Delete*', Resource: '*' }] },
      { Statement: { Effect: 'Allow', NotAction: 'ecr:*', Resource: '*' } }
    ]
    expect(evaluate(policies, { action: 'ecs:DeleteService', resource: service })).toBe('explicit-deny')
    expect(evaluate(policies, { action: 'ecs:UpdateService', resource: service })).toBe('allow')
    expect(evaluate(policies, { action: 'logs:GetLogEvents', resource: '*' })).toBe('allow')
    expect(evaluate(policies, { action: 'ecr:PutImage', resource: repo })).toBe('implicit-deny')
  })
})

describe('denial messages', () => {
  it('use AWS wording for implicit and explicit denies', () => {
    const check = { action: 'ecs:UpdateService', resource: service }
    expect(denialMessage('arn:aws:iam::123456789012:user/deployer', check, 'implicit-deny')).toBe(
      `User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: ecs:UpdateService on resource: ${service} because no identity-based policy allows the ecs:UpdateService action`
    )
    expect(denialMessage('arn:aws:iam::123456789012:user/deployer', check, 'explicit-deny')).toMatch(
      /with an explicit deny in an identity-based policy$/
    )
  })

  it('firstDenied names the first check that fails', () => {
    const denied = firstDenied(deployer, [
      { action: 'ecs:DescribeServices', resource: service },
      {
        action: 'iam:PassRole',
        resource: 'arn:aws:iam::123456789012:role/other',
        context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
      }
    ])
    expect(denied?.check.resource).toBe('arn:aws:iam::123456789012:role/other')
    expect(firstDenied(deployer, [{ action: 'ecs:DescribeServices', resource: service }])).toBeUndefined()
  })
})

describe('validatePolicies', () => {
  it('names the statement and field that is wrong', () => {
    expect(() =>
      validatePolicies(
        [{ Statement: { Effect: 'allow', Action: '*', Resource: '*' } }],
        'identities[0].policies'
      )
    ).toThrow('identities[0].policies[0].Statement[0].Effect must be "Allow" or "Deny", got "allow"')
    expect(() =>
      validatePolicies(
        [
          { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { NumericLessThan: {} } }] }
        ],
        'p'
      )
    ).toThrow(/p\[0\]\.Statement\[0\]\.Condition uses NumericLessThan/)
    expect(() => validatePolicies(['x'], 'p')).toThrow('p[0]: a policy document needs a Statement')
  })
})
