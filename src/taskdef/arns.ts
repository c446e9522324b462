// What a secret, a role or an environment file points at: the forms ECS can resolve, checked by their text.

/** AWS partitions as ARNs spell them. */
const PARTITION = 'aws(?:-cn|-us-gov|-iso(?:-[a-z])?)?'
const SECRET_ARN = new RegExp(
  `^arn:${PARTITION}:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\\d+:\\d{12}:secret:[\\w/+=.@-]+(?::[^:]*){0,3}$`
)
const PARAMETER_ARN = new RegExp(
  `^arn:${PARTITION}:ssm:[a-z]{2}(?:-[a-z]+)+-\\d+:\\d{12}:parameter/[\\w.\\-/]+$`
)
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`)
const S3_OBJECT_ARN = new RegExp(`^arn:${PARTITION}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+$`)
/** An SSM parameter name: letters, digits and _.-/; a name with a slash is a full path starting with one. */
const PARAMETER_NAME = /^(?:[\w.-]{1,1011}|(?:\/[\w.-]+){1,15})$/

/** `<ACCOUNT_ID>`, `${ACCOUNT}`, `{{account}}`, `%ACCOUNT%`: text a template step should have replaced. */
export function placeholderIn(value: string): string | undefined {
  return /<[^<>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%[A-Za-z_]+%/.exec(value)?.[0]
}

const unfilled = (value: string): string | undefined => {
  const found = placeholderIn(value)
  return found
    ? `holds the placeholder ${found}, which nothing filled in; put the real value there`
    : undefined
}

/** What is wrong with a secret's valueFrom (a Secrets Manager or SSM ARN, or an SSM parameter name); undefined when fine. */
export function secretReferenceProblem(value: string): string | undefined {
  const fix =
    'give the full ARN of a Secrets Manager secret (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME) or of an SSM parameter ' +
    '(arn:aws:ssm:REGION:ACCOUNT:parameter/NAME), or the name of an SSM parameter in the same region (/path/name)'
  const placeholder = unfilled(value)
  if (placeholder) return placeholder
  if (SECRET_ARN.test(value) || PARAMETER_ARN.test(value)) return undefined
  if (value.startsWith('arn:')) {
    const service = value.split(':')[2]
    if (service === 'secretsmanager' && !value.includes(':secret:'))
      return `is a Secrets Manager ARN without ":secret:NAME"; ${fix}`
    if (service === 'ssm' && !value.includes(':parameter/'))
      return `is an SSM ARN without ":parameter/NAME"; ${fix}`
    if (service !== 'secretsmanager' && service !== 'ssm')
      return `is an ARN of ${service ? `the ${service} service` : 'no service'}, not of a secret or parameter; ${fix}`
    return `is not a complete ARN (partition, region, 12-digit account and name); ${fix}`
  }
  if (PARAMETER_NAME.test(value)) return undefined
  if (value.includes('/') && !value.startsWith('/') && PARAMETER_NAME.test(`/${value}`))
    return `is a parameter path without its leading "/"; write /${value}, or ${fix}`
  return `is neither an ARN nor an SSM parameter name (those hold only letters, digits and _ . - /); ${fix}`
}

/** What is wrong with taskRoleArn/executionRoleArn: an IAM role ARN (or, as ECS also takes, a role name). */
export function roleProblem(value: string): string | undefined {
  const placeholder = unfilled(value)
  if (placeholder) return placeholder
  if (ROLE_ARN.test(value) || /^[\w+=,.@-]{1,64}$/.test(value)) return undefined
  if (/^arn:[^:]*:iam::\d{12}:(user|instance-profile|policy|group)\//.test(value))
    return `is not a role but ${value.split(':')[5]!.split('/')[0]}; give the ARN of an IAM role, arn:aws:iam::ACCOUNT:role/NAME`
  return 'is not an IAM role ARN; write arn:aws:iam::ACCOUNT:role/NAME (a 12-digit account)'
}

/** What is wrong with an environmentFiles value: the ARN of an S3 object whose name ends in .env. */
export function environmentFileProblem(value: string): string | undefined {
  const placeholder = unfilled(value)
  if (placeholder) return placeholder
  if (!S3_OBJECT_ARN.test(value))
    return 'is not the ARN of an S3 object; write arn:aws:s3:::BUCKET/path/file.env'
  if (!value.endsWith('.env')) return 'must name a file ending in .env (ECS reads only .env files)'
  return undefined
}
