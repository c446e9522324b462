// The plan's view of a service deployment path: wait-until against the path.
import { describe, expect, it } from '@jest/globals'
import { waitUntilProblem } from '../../src/deploy/staged-plan.js'

describe('waitUntilProblem', () => {
  it('a stage needs a staged strategy, and one ECS always passes', () => {
    expect(waitUntilProblem('ecs-staged', 'LINEAR', { kind: 'deployed' })).toBeUndefined()
    expect(waitUntilProblem('ecs-staged', 'LINEAR', { kind: 'stage', stage: 'BAKE_TIME' })).toBeUndefined()
    expect(waitUntilProblem('ecs-rolling', 'ROLLING', { kind: 'stage', stage: 'BAKE_TIME' })).toMatch(
      /^wait-until is BAKE_TIME, but the service deploys with the ROLLING strategy/
    )
    expect(waitUntilProblem('ecs-staged', 'CANARY', { kind: 'stage', stage: 'RECONCILE_SERVICE' })).toMatch(
      /^wait-until is RECONCILE_SERVICE/
    )
  })
})
