import { describe, expect, it } from '@jest/globals'
import {
  installCommand,
  machineFacts,
  noInstallVariable,
  systemStep,
  type MachineFacts
} from '../../scripts/lib/system.js'
import { requiredCommands } from '../../scripts/lib/tools.js'

const demo = { needs: 'The demo needs', again: 'npm run demo again' }
const debian = (facts: Partial<MachineFacts>): MachineFacts => ({
  missingPackages: [],
  missingCommands: [],
  canInstall: false,
  hasSudo: true,
  installRefused: false,
  ...facts
})

describe('what the demo and the end-to-end tests do about system packages', () => {
  it('does nothing when every package is installed', () => {
    expect(systemStep(debian({ canInstall: true }), demo)).toEqual({ action: 'none' })
  })

  it('installs the missing packages as root or with sudo that asks no password', () => {
    const facts = debian({ missingPackages: ['podman', 'docker-registry'], canInstall: true })
    expect(systemStep(facts, demo)).toEqual({ action: 'install', packages: ['podman', 'docker-registry'] })
  })

  it('stops with one line naming the packages and the exact command when it cannot install', () => {
    const step = systemStep(debian({ missingPackages: ['podman', 'maven'] }), demo)
    expect(step).toEqual({
      action: 'stop',
      message:
        'The demo needs 2 system packages that are not installed (podman maven): ' +
        'run sudo bash scripts/install-system-deps.sh, then npm run demo again.'
    })
  })

  it('names the command for root on a machine without sudo', () => {
    const step = systemStep(debian({ missingPackages: ['podman'], hasSudo: false }), demo)
    expect(step).toEqual({
      action: 'stop',
      message:
        'The demo needs a system package that is not installed (podman): ' +
        'run bash scripts/install-system-deps.sh (as root), then npm run demo again.'
    })
  })

  it(`names the command instead of installing when ${noInstallVariable} is set`, () => {
    const facts = debian({ missingPackages: ['junit4'], canInstall: true, installRefused: true })
    const step = systemStep(facts, { needs: 'The end-to-end tests need', again: 'npm test again' })
    expect(step).toEqual({
      action: 'stop',
      message: `The end-to-end tests need a system package that is not installed (junit4): run ${installCommand}, then npm test again.`
    })
  })

  it('without apt-get, names the commands missing from PATH and what to install', () => {
    const facts = debian({ missingPackages: undefined, missingCommands: ['podman', 'mvn'], canInstall: true })
    const step = systemStep(facts, demo)
    expect(step.action).toBe('stop')
    const message = step.action === 'stop' ? step.message : ''
    expect(message).toMatch(/^The demo needs podman, mvn, not on PATH: install podman, docker-registry, /)
    expect(message).toContain(installCommand)
    expect(message).not.toContain('\n')
    expect(systemStep(debian({ missingPackages: undefined }), demo)).toEqual({ action: 'none' })
  })
})

describe('the facts about this machine', () => {
  it(`reads PATH and ${noInstallVariable} from the environment it is given`, () => {
    const facts = machineFacts({ PATH: '', [noInstallVariable]: '1' })
    expect(facts.missingCommands).toEqual([...requiredCommands])
    expect(facts.installRefused).toBe(true)
    expect(machineFacts({ PATH: process.env.PATH }).installRefused).toBe(false)
  })
})
