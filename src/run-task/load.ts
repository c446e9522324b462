// Before any AWS call: run-task-task-definition loaded and rendered, run-task-container checked against the task
// definition the one-off task runs.
import type { Logger } from '../log.js'
import { SettingsError, type Settings } from '../settings/types.js'
import { loadTaskDefinition, renderTaskDefinition, type LoadedTaskDefinition } from '../taskdef/index.js'
import { imageContainerOf, runTaskContainerProblem } from './plan.js'

/** The one-off task's own task definition (undefined: it runs the service's); throws what is wrong. */
export function runTaskLoaded(
  settings: Pick<Settings, 'runTask' | 'containerName'>,
  service: LoadedTaskDefinition,
  logger: Logger
): LoadedTaskDefinition | undefined {
  const runTask = settings.runTask
  if (!runTask) return undefined
  const file = runTask.taskDefinitionPath
  const own = file ? loadTaskDefinition(file, { containerName: runTask.container }) : undefined
  for (const warning of own?.warnings ?? []) logger.warning(warning, { title: 'Task definition' })
  const loaded = own ?? service
  // Rendering with a stand-in image checks the container that gets the image, as for task-definition.
  const containerName = own ? runTask.container : settings.containerName
  const rendered = renderTaskDefinition(loaded.definition, { containerName, image: 'validation' })
  const container = runTask.container ?? imageContainerOf(rendered, 'validation')
  const problem = container
    ? runTaskContainerProblem(rendered, container, loaded.path)
    : `run-task-container is missing; ${loaded.path} has several containers, name the one that runs run-task-command.`
  if (problem) throw new SettingsError([problem])
  return own
}
