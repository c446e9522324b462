// AWS Systems Manager Parameter Store (JSON 1.1, `AmazonSSM.*`), just enough for a pre-flight check:
// DescribeParameters (metadata only, never a value), and PutParameter so tests can make the parameters that exist.
import type { IamCheck } from './contract.js'
import { AwsError } from './errors.js'

type Input = Record<string, unknown>

interface Parameter {
  name: string
  type: string
  description?: string
  version: number
  modifiedAt: number
}

interface Filter {
  Key?: string
  Option?: string
  Values?: string[]
}

const TYPES = ['String', 'StringList', 'SecureString']
/** The options each ParameterFilters key takes (the first is the default). */
const OPTIONS: Record<string, string[]> = {
  Name: ['Equals', 'BeginsWith', 'Contains'],
  Type: ['Equals', 'BeginsWith'],
  Path: ['OneLevel', 'Recursive']
}

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message)
}

export class Ssm {
  private readonly parameters = new Map<string, Parameter>()

  constructor(
    private readonly region: string,
    private readonly accountId: string,
    private readonly now: () => number
  ) {}

  /** `parameter/name`, or `parameter/a/b` for the hierarchical `/a/b` (one slash, as SSM writes it). */
  arnOf(name: string): string {
    return `arn:aws:ssm:${this.region}:${this.accountId}:parameter/${name.replace(/^\//, '')}`
  }

  put(name: string, type: string, options: { description?: string; overwrite?: boolean } = {}): Parameter {
    if (!/^[A-Za-z0-9_.\-/]{1,2048}$/.test(name) || /^\/?aws|^\/?ssm/i.test(name)) {
      throw validation(
        `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive), and may only contain letters, numbers and _.-/ (got "${name}").`
      )
    }
    if (!TYPES.includes(type)) {
      throw validation(
        `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`
      )
    }
    const existing = this.parameters.get(name)
    if (existing && options.overwrite !== true) {
      throw new AwsError(
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.'
      )
    }
    const parameter: Parameter = {
      name,
      type,
      version: (existing?.version ?? 0) + 1,
      modifiedAt: this.now()
    }
    if (options.description !== undefined) parameter.description = options.description
    this.parameters.set(name, parameter)
    return parameter
  }

  names(): string[] {
    return [...this.parameters.keys()]
  }

  iamChecks(operation: string, input: Input): IamCheck[] {
    const action = `ssm:${operation}`
    // DescribeParameters has no resource-level permissions.
    if (operation === 'DescribeParameters' || typeof input['Name'] !== 'string')
      return [{ action, resource: '*' }]
    return [{ action, resource: this.arnOf(input['Name']) }]
  }

  handle(operation: string, input: Input): unknown {
    switch (operation) {
      case 'PutParameter': {
        const name = input['Name']
        if (typeof name !== 'string' || typeof input['Value'] !== 'string') {
          throw validation('PutParameter needs Name and Value.')
        }
        const parameter = this.put(name, typeof input['Type'] === 'string' ? input['Type'] : 'String', {
          ...(typeof input['Description'] === 'string' ? { description: input['Description'] } : {}),
          overwrite: input['Overwrite'] === true
        })
        return { Version: parameter.version, Tier: 'Standard' }
      }
      case 'DescribeParameters':
        return this.describe(input)
      default:
        throw new AwsError(
          'UnknownOperationException',
          `The stand-in does not implement SSM ${operation}; it serves DescribeParameters and PutParameter (never a parameter's value)`
        )
    }
  }

  private describe(input: Input): unknown {
    if (input['Filters'] !== undefined && input['ParameterFilters'] !== undefined) {
      throw validation('You can use either Filters or ParameterFilters in a single request.')
    }
    const filters = (Array.isArray(input['ParameterFilters']) ? input['ParameterFilters'] : []) as Filter[]
    const tests = filters.map(filter => this.filterTest(filter))
    const max = typeof input['MaxResults'] === 'number' ? input['MaxResults'] : 10
    if (!Number.isInteger(max) || max < 1 || max > 50) {
      throw validation(
        `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50`
      )
    }
    const matching = [...this.parameters.values()]
      .filter(p => tests.every(test => test(p)))
      .sort((a, b) => a.name.localeCompare(b.name))
    const start = typeof input['NextToken'] === 'string' ? Number(input['NextToken']) || 0 : 0
    const page = matching.slice(start, start + max).map(p => ({
      Name: p.name,
      ARN: this.arnOf(p.name),
      Type: p.type,
      ...(p.description !== undefined ? { Description: p.description } : {}),
      LastModifiedDate: p.modifiedAt / 1000,
      LastModifiedUser: `arn:aws:iam::${this.accountId}:user/deployer`,
      Version: p.version,
      Tier: 'Standard',
      Policies: [],
      DataType: 'text'
    }))
    const next = start + max < matching.length ? String(start + max) : undefined
    return next === undefined ? { Parameters: page } : { Parameters: page, NextToken: next }
  }

  private filterTest(filter: Filter): (p: Parameter) => boolean {
    const key = filter.Key ?? ''
    const options = OPTIONS[key]
    if (!options) {
      throw new AwsError(
        'InvalidFilterKey',
        `The following filter key is not valid: ${key}. Valid filter keys include: [${Object.keys(OPTIONS).join(', ')}].`
      )
    }
    const option = filter.Option ?? options[0] ?? 'Equals'
    if (!options.includes(option)) {
      throw new AwsError(
        'InvalidFilterOption',
        `The following filter option is not valid: ${option}. Valid options include: [${options.join(', ')}].`
      )
    }
    const values = filter.Values ?? []
    if (values.length === 0 || values.length > 50) {
      throw new AwsError('InvalidFilterValue', `The filter ${key} needs 1 to 50 values.`)
    }
    const field = (p: Parameter): string => (key === 'Type' ? p.type : p.name)
    if (key === 'Path') {
      return p =>
        values.some(path => {
          const base = path.endsWith('/') ? path : `${path}/`
          if (!p.name.startsWith(base)) return false
          return option === 'Recursive' || !p.name.slice(base.length).includes('/')
        })
    }
    if (option === 'BeginsWith') return p => values.some(v => field(p).startsWith(v))
    if (option === 'Contains') return p => values.some(v => field(p).includes(v))
    return p => values.includes(field(p))
  }
}
