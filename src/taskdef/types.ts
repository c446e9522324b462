// The task definition as this action handles it: the RegisterTaskDefinition request without its tags.
import type { RegisterTaskDefinitionCommandInput, Tag, TaskDefinition } from '@aws-sdk/client-ecs'

/** A task definition ready to register (tags travel beside it, as RegisterTaskDefinition takes them). */
export type TaskDefinitionDocument = Omit<RegisterTaskDefinitionCommandInput, 'tags'>

/** Either side of a comparison: our rendered request or what DescribeTaskDefinition returned. */
export type AnyTaskDefinition = TaskDefinitionDocument | TaskDefinition

/** A plain JSON object, as parsed from a file. */
export type JsonObject = Record<string, unknown>

/** The task definition file, read, cleaned and validated. */
export interface LoadedTaskDefinition {
  /** The file it came from (or, read from ECS, the family, family:revision or ARN asked for). */
  path: string
  /** Read from ECS: the revision it was read at. */
  revision?: number
  definition: TaskDefinitionDocument
  family: string
  /** Tags from the file (top-level `tags`, or the DescribeTaskDefinition wrapper's `tags`). */
  tags: Tag[]
  /** What cleaning removed or changed, for the log. */
  notes: string[]
  /** Values converted to the type ECS expects (one warning listing them), for a warning in the log. */
  warnings: string[]
}

/** Anything wrong with the task definition file; `file`/`line`/`column` point an annotation at it. */
export class TaskDefinitionError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number
  ) {
    super(message)
    this.name = 'TaskDefinitionError'
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Read-only view of any task definition as a plain object (the SDK types are interfaces without index signatures). */
export function asRecord(value: object): JsonObject {
  return value as JsonObject
}
