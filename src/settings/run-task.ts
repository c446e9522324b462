// The run-task-* inputs: the one-off task (database migrations) that runs before the service is updated.
import type { AssignPublicIp, LaunchType } from '@aws-sdk/client-ecs'
import { parseCapacityProviderStrategy, type RunTaskSettings } from '../run-task/request.js'
import { INPUTS, Inputs } from './names.js'
import { splitWords } from './parse.js'
import type { InputReader } from './types.js'

/** Inputs that hold several values, one a line (or separated by commas). */
export const RUN_TASK_MULTI_LINE = [
  Inputs.runTaskSubnets,
  Inputs.runTaskSecurityGroups,
  Inputs.runTaskCapacityProviderStrategy
]

const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/

function idList(raw: string): string[] {
  return raw
    .split(/[,\s]+/)
    .map(s => s.trim())
    .filter(s => s !== '')
}

/** The one-off task's settings, or undefined without run-task-command; problems are added to `problems`. */
export function readRunTaskSettings(
  input: InputReader,
  inWorkspace: (p: string) => string,
  problems: string[]
): RunTaskSettings | undefined {
  const raw = input(Inputs.runTaskCommand)
  const others = [
    Inputs.runTaskContainer,
    Inputs.runTaskTaskDefinition,
    Inputs.runTaskSubnets,
    Inputs.runTaskSecurityGroups,
    Inputs.runTaskAssignPublicIp,
    Inputs.runTaskLaunchType,
    Inputs.runTaskCapacityProviderStrategy
  ].filter(name => input(name) !== '')
  if (raw === '') {
    if (others.length > 0)
      problems.push(
        `${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} set without run-task-command; give the command to run (e.g. java -jar app.jar migrate) or remove ${others.length === 1 ? 'it' : 'them'}.`
      )
    return undefined
  }
  let command: string[] = []
  try {
    command = splitWords(raw)
  } catch (e) {
    problems.push(`run-task-command ${(e as Error).message}`)
  }

  const container = input(Inputs.runTaskContainer) || undefined
  if (container !== undefined && !CONTAINER_NAME.test(container))
    problems.push(
      `run-task-container is "${container}"; name a container of the task definition (letters, digits, - and _).`
    )
  const file = input(Inputs.runTaskTaskDefinition) || undefined

  const ids = (name: string, pattern: RegExp, example: string, max: number): string[] | undefined => {
    const value = input(name)
    if (value === '') return undefined
    const list = idList(value)
    const bad = list.filter(id => !pattern.test(id))
    if (bad.length > 0) problems.push(`${name} has "${bad.join('", "')}"; give ids like ${example}.`)
    else if (list.length > max) problems.push(`${name} has ${list.length} ids; ECS takes at most ${max}.`)
    return list
  }
  const subnets = ids(Inputs.runTaskSubnets, /^subnet-[0-9a-f]{8,17}$/, 'subnet-0123456789abcdef0', 16)
  const securityGroups = ids(Inputs.runTaskSecurityGroups, /^sg-[0-9a-f]{8,17}$/, 'sg-0123456789abcdef0', 5)
  if (securityGroups && !subnets)
    problems.push(
      'run-task-security-groups is set without run-task-subnets; give the subnets too, or neither to use the service network.'
    )

  const choice = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = input(name)
    if (value === '') return undefined
    const found = allowed.find(a => a === value.toUpperCase())
    if (!found) problems.push(`${name} is "${value}"; use one of ${allowed.join(', ')}.`)
    return found
  }
  const assignPublicIp = choice<AssignPublicIp>(Inputs.runTaskAssignPublicIp, ['ENABLED', 'DISABLED'])
  const launchType = choice<LaunchType>(Inputs.runTaskLaunchType, ['FARGATE', 'EC2', 'EXTERNAL'])
  let capacityProviderStrategy: RunTaskSettings['capacityProviderStrategy']
  const rawStrategy = input(Inputs.runTaskCapacityProviderStrategy)
  if (rawStrategy !== '') {
    try {
      capacityProviderStrategy = parseCapacityProviderStrategy(rawStrategy)
    } catch (e) {
      problems.push(`${Inputs.runTaskCapacityProviderStrategy} ${(e as Error).message}`)
    }
  }
  if (launchType && rawStrategy !== '')
    problems.push(
      'run-task-launch-type and run-task-capacity-provider-strategy are both set; ECS takes one of them, give one.'
    )

  const rawTimeout = input(Inputs.runTaskTimeoutMinutes)
  let timeoutMinutes = Number(INPUTS.runTaskTimeoutMinutes.default)
  if (rawTimeout !== '') {
    const n = Number(rawTimeout)
    if (!Number.isFinite(n) || n <= 0 || n > 1440)
      problems.push(
        `run-task-timeout-minutes is "${rawTimeout}"; use a number of minutes above 0 and at most 1440.`
      )
    else timeoutMinutes = n
  }

  return {
    command,
    ...(container ? { container } : {}),
    ...(file ? { taskDefinitionPath: inWorkspace(file) } : {}),
    ...(subnets ? { subnets } : {}),
    ...(securityGroups ? { securityGroups } : {}),
    ...(assignPublicIp ? { assignPublicIp } : {}),
    ...(launchType ? { launchType } : {}),
    ...(capacityProviderStrategy ? { capacityProviderStrategy } : {}),
    timeoutMinutes
  }
}
