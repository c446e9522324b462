// Identity-based IAM policy evaluation, as AWS does it for one principal: explicit deny wins, then any allow, else deny.
// Pure: policies and checks in, a decision out.
import type { IamCheck } from './contract.js'

export interface PolicyStatement {
  Sid?: string
  Effect: 'Allow' | 'Deny'
  Action?: string | string[]
  NotAction?: string | string[]
  Resource?: string | string[]
  NotResource?: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

export interface PolicyDocument {
  Version?: string
  Statement: PolicyStatement | PolicyStatement[]
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny'

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]

/** Glob match with `*` (any run of characters) and `?` (one character). */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern
  const v = ignoreCase ? value.toLowerCase() : value
  const source = p
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${source}$`, 's').test(v)
}

/** ARN matching compares the six colon-separated parts one by one, each with wildcards. */
function arnLike(pattern: string, value: string): boolean {
  const p = pattern.split(':')
  const v = value.split(':')
  if (p.length < 6 || v.length < 6) return wildcardMatch(pattern, value)
  // The resource part may itself contain colons: keep everything after the fifth colon together.
  const head = (parts: string[]) => [...parts.slice(0, 5), parts.slice(5).join(':')]
  const ph = head(p)
  const vh = head(v)
  return ph.every((part, i) => wildcardMatch(part, vh[i] ?? ''))
}

type Operator = (pattern: string, value: string) => boolean
const OPERATORS: Record<string, { test: Operator; negated: boolean }> = {
  StringEquals: { test: (p, v) => p === v, negated: false },
  StringNotEquals: { test: (p, v) => p === v, negated: true },
  StringEqualsIgnoreCase: { test: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { test: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: true },
  StringLike: { test: (p, v) => wildcardMatch(p, v), negated: false },
  StringNotLike: { test: (p, v) => wildcardMatch(p, v), negated: true },
  ArnEquals: { test: (p, v) => p === v, negated: false },
  ArnNotEquals: { test: (p, v) => p === v, negated: true },
  ArnLike: { test: arnLike, negated: false },
  ArnNotLike: { test: arnLike, negated: true }
}

/** Throws when a policy uses a shape or condition operator this evaluator does not know, naming the place. */
export function validatePolicies(policies: unknown[], where: string): PolicyDocument[] {
  return policies.map((policy, i) => {
    const at = `${where}[${i}]`
    if (typeof policy !== 'object' || policy === null || !('Statement' in policy)) {
      throw new Error(`${at}: a policy document needs a Statement (an object or a list of them)`)
    }
    const doc = policy as PolicyDocument
    for (const [j, st] of statements(doc).entries()) {
      if (st.Effect !== 'Allow' && st.Effect !== 'Deny') {
        throw new Error(
          `${at}.Statement[${j}].Effect must be "Allow" or "Deny", got ${JSON.stringify(st.Effect)}`
        )
      }
      if (st.Action === undefined && st.NotAction === undefined) {
        throw new Error(`${at}.Statement[${j}] needs Action or NotAction`)
      }
      for (const op of Object.keys(st.Condition ?? {})) {
        if (!OPERATORS[op.replace(/IfExists$/, '')]) {
          throw new Error(
            `${at}.Statement[${j}].Condition uses ${op}; supported: ${Object.keys(OPERATORS).join(', ')} (optionally ...IfExists)`
          )
        }
      }
    }
    return doc
  })
}

function statements(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]
}

function conditionHolds(condition: PolicyStatement['Condition'], context: Record<string, string>): boolean {
  for (const [rawOperator, keys] of Object.entries(condition ?? {})) {
    const ifExists = rawOperator.endsWith('IfExists')
    const operator = OPERATORS[rawOperator.replace(/IfExists$/, '')]
    if (!operator) return false // unknown operators never match, as in AWS
    for (const [key, expected] of Object.entries(keys)) {
      // Condition keys are case-insensitive.
      const found = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())
      if (!found) {
        if (ifExists || operator.negated) continue
        return false
      }
      const matched = list(expected).some(pattern => operator.test(pattern, found[1]))
      if (matched === operator.negated) return false
    }
  }
  return true
}

function statementApplies(st: PolicyStatement, check: IamCheck): boolean {
  const actionMatches = (patterns: string[]) => patterns.some(p => wildcardMatch(p, check.action, true))
  if (st.Action !== undefined && !actionMatches(list(st.Action))) return false
  if (st.NotAction !== undefined && actionMatches(list(st.NotAction))) return false
  const resourceMatches = (patterns: string[]) => patterns.some(p => wildcardMatch(p, check.resource))
  if (st.Resource !== undefined && !resourceMatches(list(st.Resource))) return false
  if (st.NotResource !== undefined && resourceMatches(list(st.NotResource))) return false
  if (st.Resource === undefined && st.NotResource === undefined) return false // identity policies need a resource
  return conditionHolds(st.Condition, check.context ?? {})
}

/** Evaluates one check. `undefined` policies mean an administrator: everything is allowed. */
export function evaluate(policies: PolicyDocument[] | undefined, check: IamCheck): Decision {
  if (policies === undefined) return 'allow'
  let allowed = false
  for (const doc of policies) {
    for (const st of statements(doc)) {
      if (!statementApplies(st, check)) continue
      if (st.Effect === 'Deny') return 'explicit-deny'
      allowed = true
    }
  }
  return allowed ? 'allow' : 'implicit-deny'
}

/** AWS's wording for a refused call. */
export function denialMessage(
  principalArn: string,
  check: IamCheck,
  decision: Exclude<Decision, 'allow'>
): string {
  const head = `User: ${principalArn} is not authorized to perform: ${check.action} on resource: ${check.resource}`
  return decision === 'explicit-deny'
    ? `${head} with an explicit deny in an identity-based policy`
    : `${head} because no identity-based policy allows the ${check.action} action`
}

/** The first check that is not allowed, with its decision, or undefined when all pass. */
export function firstDenied(
  policies: PolicyDocument[] | undefined,
  checks: IamCheck[]
): { check: IamCheck; decision: Exclude<Decision, 'allow'> } | undefined {
  for (const check of checks) {
    const decision = evaluate(policies, check)
    if (decision !== 'allow') return { check, decision }
  }
  return undefined
}
