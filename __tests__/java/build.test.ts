import { describe, expect, it } from '@jest/globals'
import { JavaBuildError, planJavaBuild, runJavaBuild, type ProjectFiles } from '../../src/java/build.js'
import type { CommandResult, Runner } from '../../src/exec.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'

function files(present: string[], executable: string[] = present): ProjectFiles {
  return { exists: n => present.includes(n), isExecutable: n => executable.includes(n) }
}

const plan = (
  present: string[],
  mode: 'auto' | 'gradle' | 'maven' | 'none' = 'auto',
  executable?: string[]
) => planJavaBuild(mode, undefined, '/src', files(present, executable))

describe('planJavaBuild', () => {
  it('runs the Gradle wrapper with build', () => {
    expect(plan(['gradlew', 'build.gradle'])).toMatchObject({
      tool: 'gradle',
      command: './gradlew',
      args: ['build'],
      cwd: '/src'
    })
  })
  it('runs the Maven wrapper in batch mode', () => {
    expect(plan(['mvnw', 'pom.xml'])).toMatchObject({
      tool: 'maven',
      command: './mvnw',
      args: ['-B', 'package']
    })
  })
  it('runs gradle from PATH for build.gradle or build.gradle.kts', () => {
    expect(plan(['build.gradle'])).toMatchObject({
      command: 'gradle',
      args: ['build'],
      reason: 'found build.gradle'
    })
    expect(plan(['build.gradle.kts'])).toMatchObject({ command: 'gradle', reason: 'found build.gradle.kts' })
  })
  it('runs mvn from PATH for pom.xml', () => {
    expect(plan(['pom.xml'])).toMatchObject({ command: 'mvn', args: ['-B', 'package'] })
  })
  it('prefers a wrapper over a bare build file of the other tool', () => {
    expect(plan(['mvnw', 'pom.xml', 'build.gradle'])).toMatchObject({ command: './mvnw' })
  })
  it('runs a wrapper without its executable bit through sh', () => {
    expect(plan(['gradlew'], 'auto', [])).toMatchObject({ command: 'sh', args: ['./gradlew', 'build'] })
  })
  it('follows java-build when it names the tool', () => {
    expect(plan(['gradlew', 'pom.xml'], 'maven')).toMatchObject({ command: 'mvn' })
    expect(plan([], 'gradle')).toMatchObject({ command: 'gradle', reason: 'java-build is gradle' })
  })
  it('builds nothing with java-build none', () => {
    expect(plan(['pom.xml'], 'none')).toBeUndefined()
  })
  it('lets build-command override everything, as words', () => {
    expect(
      planJavaBuild('none', ['./gradlew', 'bootJar', '-x', 'test'], '/src', files(['gradlew']))
    ).toMatchObject({
      tool: 'custom',
      command: './gradlew',
      args: ['bootJar', '-x', 'test']
    })
  })
  it('says what to do when there is no Java project', () => {
    expect(() => plan(['README.md'])).toThrow(JavaBuildError)
    expect(() => plan([])).toThrow(
      /working-directory \/src has no gradlew, mvnw, build.gradle, build.gradle.kts or pom.xml/
    )
  })
})

describe('runJavaBuild', () => {
  const maven = {
    tool: 'maven' as const,
    command: 'mvn',
    args: ['-B', 'package'],
    cwd: '/src',
    reason: 'found pom.xml'
  }
  const runner = (result: CommandResult | Error): Runner & { calls: unknown[][] } => {
    const calls: unknown[][] = []
    return {
      calls,
      run: async (...args) => {
        calls.push(args)
        if (result instanceof Error) throw result
        return result
      }
    }
  }

  it('logs the command and runs it in the project directory', async () => {
    const r = runner({ exitCode: 0, stdout: 'BUILD SUCCESS', stderr: '' })
    const logger = new RecordingLogger()
    await runJavaBuild(maven, r, logger)
    expect(r.calls).toEqual([['mvn', ['-B', 'package'], { cwd: '/src' }]])
    expect(logger.text()).toContain('Building with maven (found pom.xml): mvn -B package')
  })

  it('fails with the exit code and the last lines of the output', async () => {
    const out = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\n[ERROR] COMPILATION ERROR'
    await expect(
      runJavaBuild(maven, runner({ exitCode: 1, stdout: out, stderr: '' }), new RecordingLogger())
    ).rejects.toThrow(
      /mvn -B package exited with code 1\. Nothing was pushed\. Its last lines:\n(.|\n)*\[ERROR\] COMPILATION ERROR$/
    )
  })

  it('explains a missing tool', async () => {
    await expect(
      runJavaBuild(maven, runner(new Error('Unable to locate executable file: mvn')), new RecordingLogger())
    ).rejects.toThrow(/could not start "mvn".*Install maven on the runner/)
  })
})
