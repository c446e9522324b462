// The Java build stage: deciding which command builds the project, and running it.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Runner } from '../exec.js'
import { formatCommand } from '../exec.js'
import type { Logger } from '../log.js'
import type { JavaBuildMode } from '../settings/index.js'

export interface JavaBuildPlan {
  tool: 'gradle' | 'maven' | 'custom'
  command: string
  args: string[]
  cwd: string
  /** Why this command: for the log and the dry-run plan. */
  reason: string
}

/** What the build stage may know of the project directory. */
export interface ProjectFiles {
  exists(name: string): boolean
  isExecutable(name: string): boolean
}

export class JavaBuildError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'JavaBuildError'
  }
}

/**
 * Decides the build: build-command wins; `none` builds nothing; otherwise a wrapper (gradlew, mvnw) before a
 * build file (build.gradle(.kts), pom.xml) with the tool from PATH. A wrapper that lost its executable bit
 * in git runs through sh rather than failing with "permission denied".
 */
export function planJavaBuild(
  mode: JavaBuildMode,
  buildCommand: string[] | undefined,
  cwd: string,
  files: ProjectFiles
): JavaBuildPlan | undefined {
  if (buildCommand) {
    const [command, ...args] = buildCommand as [string, ...string[]]
    return { tool: 'custom', command, args, cwd, reason: 'build-command is set' }
  }
  if (mode === 'none') return undefined

  const gradleFile = ['build.gradle', 'build.gradle.kts'].find(f => files.exists(f))
  const wrapper = (name: string, args: string[], tool: 'gradle' | 'maven'): JavaBuildPlan =>
    files.isExecutable(name)
      ? { tool, command: `./${name}`, args, cwd, reason: `found ${name}` }
      : {
          tool,
          command: 'sh',
          args: [`./${name}`, ...args],
          cwd,
          reason: `found ${name} (not executable, run with sh)`
        }

  const gradle = (): JavaBuildPlan | undefined => {
    if (files.exists('gradlew')) return wrapper('gradlew', ['build'], 'gradle')
    if (gradleFile || mode === 'gradle')
      return {
        tool: 'gradle',
        command: 'gradle',
        args: ['build'],
        cwd,
        reason: gradleFile ? `found ${gradleFile}` : 'java-build is gradle'
      }
    return undefined
  }
  const maven = (): JavaBuildPlan | undefined => {
    if (files.exists('mvnw')) return wrapper('mvnw', ['-B', 'package'], 'maven')
    if (files.exists('pom.xml') || mode === 'maven')
      return {
        tool: 'maven',
        command: 'mvn',
        args: ['-B', 'package'],
        cwd,
        reason: files.exists('pom.xml') ? 'found pom.xml' : 'java-build is maven'
      }
    return undefined
  }

  if (mode === 'gradle') return gradle()
  if (mode === 'maven') return maven()
  // auto: a wrapper is the project's own pinned tool, so it wins over a bare build file.
  if (files.exists('gradlew')) return gradle()
  if (files.exists('mvnw')) return maven()
  const plan = gradle() ?? maven()
  if (!plan)
    throw new JavaBuildError(
      `working-directory ${cwd} has no gradlew, mvnw, build.gradle, build.gradle.kts or pom.xml; ` +
        'point working-directory at the Java project, set build-command, or set java-build: none.'
    )
  return plan
}

export function projectFiles(dir: string): ProjectFiles {
  return {
    exists: name => fs.existsSync(path.join(dir, name)),
    isExecutable: name => {
      try {
        fs.accessSync(path.join(dir, name), fs.constants.X_OK)
        return true
      } catch {
        return false
      }
    }
  }
}

/** Runs the build with its output in the log; a failure names the command and repeats the output's tail. */
export async function runJavaBuild(plan: JavaBuildPlan, runner: Runner, logger: Logger): Promise<void> {
  logger.info(`Building with ${plan.tool} (${plan.reason}): ${formatCommand(plan.command, plan.args)}`)
  let result
  try {
    result = await runner.run(plan.command, plan.args, { cwd: plan.cwd })
  } catch (e) {
    throw new JavaBuildError(
      `The Java build could not start "${plan.command}" in ${plan.cwd}: ${(e as Error).message}. ` +
        `Install ${plan.tool === 'custom' ? 'the command' : plan.tool} on the runner (e.g. actions/setup-java), add a wrapper, or set build-command.`
    )
  }
  if (result.exitCode !== 0) {
    const tail = (result.stdout + result.stderr).trimEnd().split('\n').slice(-15).join('\n')
    throw new JavaBuildError(
      `The Java build failed: ${formatCommand(plan.command, plan.args)} exited with code ${result.exitCode}. ` +
        `Nothing was pushed. Its last lines:\n${tail}`
    )
  }
}
