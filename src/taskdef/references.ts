// What a task definition points at that the deployer needs permission for: its roles and its log groups.
import { asRecord, isObject, type AnyTaskDefinition } from './types.js'

export interface TaskDefinitionReferences {
  taskRoleArn?: string
  executionRoleArn?: string
  /** awslogs groups of the containers, each once, in container order. */
  logGroups: string[]
}

export function rolesAndLogGroups(td: AnyTaskDefinition): TaskDefinitionReferences {
  const record = asRecord(td)
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined
  const logGroups: string[] = []
  const containers = Array.isArray(record.containerDefinitions) ? record.containerDefinitions : []
  for (const container of containers) {
    const log = isObject(container) ? container.logConfiguration : undefined
    if (!isObject(log) || log.logDriver !== 'awslogs' || !isObject(log.options)) continue
    const group = text(log.options['awslogs-group'])
    if (group && !logGroups.includes(group)) logGroups.push(group)
  }
  return { taskRoleArn: text(record.taskRoleArn), executionRoleArn: text(record.executionRoleArn), logGroups }
}
