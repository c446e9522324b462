// What the demo and the end-to-end tests need from the machine, and getting it there: on Debian or Ubuntu the
// project's installer runs by itself when it can (as root, or with sudo that asks no password); when it cannot,
// one line names the command to run. The action itself needs none of this.
import { spawnSync } from 'node:child_process'
import * as path from 'node:path'
import { repoRoot } from './paths.js'
import { missingCommands, requiredCommands } from './tools.js'

export const installer = 'scripts/install-system-deps.sh'
export const installCommand = `sudo bash ${installer}`
/** For a machine without sudo. */
export const rootInstallCommand = `bash ${installer} (as root)`
/** Set (to anything) to be told the command instead of having the packages installed. */
export const noInstallVariable = 'RELEASE_TO_ECS_NO_INSTALL'

/** Who needs the packages, and what to run once they are there. */
export interface Purpose {
  /** "The demo needs", "The end-to-end tests need". */
  needs: string
  /** "npm run demo": what to run again afterwards. */
  again: string
}

export interface MachineFacts {
  /** Packages the installer would install; undefined without apt-get and dpkg (not Debian or Ubuntu). */
  missingPackages: string[] | undefined
  /** Commands the demo and the tests run that are not on PATH. */
  missingCommands: string[]
  /** Root, or sudo that asks no password. */
  canInstall: boolean
  /** sudo is on PATH (it may ask a password). */
  hasSudo: boolean
  /** RELEASE_TO_ECS_NO_INSTALL is set. */
  installRefused: boolean
}

export type SystemStep =
  { action: 'none' } | { action: 'install'; packages: string[] } | { action: 'stop'; message: string }

/** Nothing to do, run the installer, or stop with one line that names the command. */
export function systemStep(facts: MachineFacts, purpose: Purpose): SystemStep {
  const { missingPackages } = facts
  if (missingPackages === undefined) {
    if (facts.missingCommands.length === 0) return { action: 'none' }
    return {
      action: 'stop',
      message:
        `${purpose.needs} ${facts.missingCommands.join(', ')}, not on PATH: install podman, docker-registry, ` +
        `htpasswd, Maven and a JDK (on Debian or Ubuntu: ${installCommand}), then ${purpose.again}.`
    }
  }
  if (missingPackages.length === 0) return { action: 'none' }
  if (facts.canInstall && !facts.installRefused) return { action: 'install', packages: missingPackages }
  return {
    action: 'stop',
    message: `${purpose.needs} ${count(missingPackages.length)} (${missingPackages.join(' ')}): run ${facts.hasSudo ? installCommand : rootInstallCommand}, then ${purpose.again}.`
  }
}

function count(packages: number): string {
  return packages === 1
    ? 'a system package that is not installed'
    : `${packages} system packages that are not installed`
}

/** What this machine has, from the installer's --check, PATH, the user id and `sudo -n true`. */
export function machineFacts(env: NodeJS.ProcessEnv = process.env): MachineFacts {
  const check = spawnSync('bash', [path.join(repoRoot, installer), '--check'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const missingPackages =
    check.status === 0 ? check.stdout.split('\n').filter(line => line.trim() !== '') : undefined
  const root = process.getuid?.() === 0
  const hasSudo = missingCommands(['sudo'], env.PATH ?? '').length === 0
  const sudo =
    !root &&
    hasSudo &&
    missingPackages !== undefined &&
    missingPackages.length > 0 &&
    spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0
  return {
    missingPackages,
    missingCommands: missingCommands(requiredCommands, env.PATH ?? ''),
    canInstall: root || sudo,
    hasSudo,
    installRefused: Boolean(env[noInstallVariable])
  }
}

/**
 * Makes sure the system packages are there, installing them when it can (the installer's output shows).
 * Returns undefined when the machine is ready, else the one line that says what to run.
 */
export function ensureSystemPackages(purpose: Purpose, say: (line: string) => void): string | undefined {
  const step = systemStep(machineFacts(), purpose)
  if (step.action === 'none') return undefined
  if (step.action === 'stop') return step.message
  say(`${purpose.needs} ${step.packages.join(' ')}: installing them with ${installer} ...`)
  const installed = spawnSync('bash', [path.join(repoRoot, installer)], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit']
  })
  if (installed.status === 0) return undefined
  return `${installer} failed (its output is above): fix that, run ${installCommand}, then ${purpose.again}.`
}
