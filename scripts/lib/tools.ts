// The real tools around the action, set up for a test run or the demo only: podman's storage and
// registries, Maven's offline repository, Node 24. The action itself knows nothing of any of this.
import { execFile } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

/** Debian's Maven repository: holds every plugin the examples need, so builds work offline. */
export const debianMavenRepository = '/usr/share/maven-repo'

/** The system commands the end-to-end tests and the demo run. */
export const requiredCommands = [
  'podman',
  'docker-registry',
  'htpasswd',
  'mvn',
  'java',
  'javac',
  'jar',
  'npx'
] as const

/** storage.conf for podman: vfs (works as root without fuse/overlay), with its own graph and run roots. */
export function storageConf(root: string): string {
  return [
    '[storage]',
    'driver = "vfs"',
    `graphroot = ${JSON.stringify(path.join(root, 'graph'))}`,
    `runroot = ${JSON.stringify(path.join(root, 'run'))}`,
    ''
  ].join('\n')
}

/** registries.conf that lets podman talk plain HTTP to the stand-in's registry endpoint, and nowhere else. */
export function registriesConf(insecureHosts: readonly string[]): string {
  const lines = ['unqualified-search-registries = []', '']
  for (const host of insecureHosts)
    lines.push('[[registry]]', `location = ${JSON.stringify(host)}`, 'insecure = true', '')
  return lines.join('\n')
}

/** settings.xml for Maven: offline, against Debian's repository. */
export function mavenSettings(localRepository = debianMavenRepository): string {
  return [
    '<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">',
    `  <localRepository>${localRepository}</localRepository>`,
    '  <offline>true</offline>',
    '  <interactiveMode>false</interactiveMode>',
    '</settings>',
    ''
  ].join('\n')
}

/**
 * Writes podman's configuration for a run and returns the environment that selects it.
 * `storageRoot` may be shared between runs so image layers are cached.
 */
export function podmanEnvironment(
  dir: string,
  storageRoot: string,
  insecureHosts: readonly string[]
): Record<string, string> {
  fs.mkdirSync(dir, { recursive: true })
  fs.mkdirSync(storageRoot, { recursive: true })
  const storage = path.join(dir, 'storage.conf')
  const registries = path.join(dir, 'registries.conf')
  fs.writeFileSync(storage, storageConf(storageRoot))
  fs.writeFileSync(registries, registriesConf(insecureHosts))
  return { CONTAINERS_STORAGE_CONF: storage, CONTAINERS_REGISTRIES_CONF: registries }
}

/**
 * Writes a Maven user home with an offline settings.xml and returns the environment that selects it.
 * Java takes user.home from the password database, not HOME, hence -Duser.home in MAVEN_OPTS.
 */
export function mavenEnvironment(dir: string): Record<string, string> {
  fs.mkdirSync(path.join(dir, '.m2'), { recursive: true })
  fs.writeFileSync(path.join(dir, '.m2', 'settings.xml'), mavenSettings())
  return { MAVEN_OPTS: `-Duser.home=${dir}` }
}

/** Commands from `commands` that are not on PATH. */
export function missingCommands(
  commands: readonly string[],
  pathVariable = process.env.PATH ?? ''
): string[] {
  const dirs = pathVariable.split(path.delimiter).filter(Boolean)
  return commands.filter(command => !dirs.some(dir => isExecutable(path.join(dir, command))))
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

let node24: Promise<string> | undefined

/**
 * The path of a Node 24 binary (what action.yml's `runs.using: node24` means): this process's own when it runs on
 * Node 24, else the npm package node@24's.
 * Found once per process, and remembered in a file so parallel test workers do not each ask npx.
 */
export function node24Binary(): Promise<string> {
  node24 ??= findNode24()
  return node24
}

/** 24 for "v24.1.0" or "24.1.0". */
export function nodeMajor(version: string): number {
  return Number(version.replace(/^v/, '').split('.')[0])
}

async function findNode24(): Promise<string> {
  if (process.env.NODE24_BINARY) return process.env.NODE24_BINARY
  if (nodeMajor(process.version) === 24) return process.execPath
  const cacheFile = path.join(os.tmpdir(), `release-to-ecs-node24-${process.getuid?.() ?? 'user'}.path`)
  const cached = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile, 'utf8').trim() : ''
  if (cached && isExecutable(cached) && (await majorVersion(cached)) === 24) return cached
  const { stdout } = await execFileAsync('npx', ['-y', 'node@24', '-p', 'process.execPath'], {
    timeout: 180_000
  })
  const binary = stdout.trim().split('\n').pop() ?? ''
  if (!binary || !isExecutable(binary))
    throw new Error(
      `"npx -y node@24 -p process.execPath" gave "${stdout.trim()}", not a Node binary; check npm's registry access.`
    )
  fs.writeFileSync(cacheFile, binary)
  return binary
}

async function majorVersion(binary: string): Promise<number | undefined> {
  try {
    const { stdout } = await execFileAsync(binary, ['-p', 'process.versions.node'])
    return nodeMajor(stdout.trim())
  } catch {
    return undefined
  }
}
