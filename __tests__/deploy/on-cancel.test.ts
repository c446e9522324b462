// What a cancelled run does about each service's deployment: nothing before the update, leave (how to follow and
// stop it), or rollback through the path; with several services, each in flight, at once, named.
import { describe, expect, it } from '@jest/globals'
import { cancelAction, cancelledCause, settleCancellation } from '../../src/deploy/on-cancel.js'
import type { DeploymentPath, StartedDeployment } from '../../src/deploy/path.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'

const td = (n: number) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/web:${n}`
const started = (id: string, arn?: string): StartedDeployment => ({
  id,
  alreadyServing: false,
  ...(arn ? { serviceDeploymentArn: arn } : {})
})
const base = {
  cluster: 'prod',
  service: 'web',
  rolloutEnded: false,
  previousTaskDefinitionArn: td(7),
  done: []
}

function path(answer: string | Error): DeploymentPath & { cancelled: StartedDeployment[] } {
  const cancelled: StartedDeployment[] = []
  return {
    cancelled,
    label: 'ECS rolling update',
    waitForIdle: async () => undefined,
    start: async () => started('x'),
    follow: async () => {
      throw new Error('not followed here')
    },
    rollBack: async failed => failed,
    cancel: async s => {
      cancelled.push(s)
      if (answer instanceof Error) throw answer
      return answer
    }
  }
}

describe('cancelAction', () => {
  it('has nothing to roll back before the update, or once the rollout ended, and says what was done', () => {
    expect(
      cancelAction({
        ...base,
        onCancel: 'rollback',
        done: ['pushed image x', 'registered web:8 (not deployed)']
      })
    ).toEqual({
      kind: 'nothing-started',
      lines: [
        'The service was not updated, so there is nothing to roll back.',
        'Done before the cancellation: pushed image x; registered web:8 (not deployed).'
      ]
    })
    expect(
      cancelAction({ ...base, onCancel: 'rollback', started: started('ecs-svc/2'), rolloutEnded: true }).kind
    ).toBe('nothing-started')
  })

  it('leave without service deployments: how to follow it with describe-services and roll it back with update-service', () => {
    expect(cancelAction({ ...base, onCancel: 'leave', started: started('ecs-svc/2') })).toEqual({
      kind: 'leave',
      lines: [
        'on-cancel is leave: deployment ecs-svc/2 goes on in ECS; this run no longer follows it.',
        'Follow it: aws ecs describe-services --cluster prod --services web --query "services[0].deployments"',
        `Roll it back: aws ecs update-service --cluster prod --service web --task-definition ${td(7)}`
      ]
    })
  })
})

describe('settleCancellation', () => {
  it('rolls back every service in flight at once, names each, and leaves the finished ones alone', async () => {
    const web = path(
      'on-cancel is rollback: asked ECS to roll back service deployment A (StopServiceDeployment ROLLBACK).'
    )
    const worker = path('never asked')
    const logger = new RecordingLogger()
    const report = await settleCancellation(
      {
        signal: 'SIGINT',
        stage: 'Rollout',
        onCancel: 'rollback',
        done: [],
        alsoDone: [],
        targets: [
          { ...base, name: 'web', path: web, started: started('ecs-svc/2', 'A') },
          {
            ...base,
            name: 'worker',
            service: 'worker',
            path: worker,
            started: started('ecs-svc/3'),
            rolloutEnded: true
          }
        ]
      },
      logger
    )
    expect(web.cancelled).toEqual([started('ecs-svc/2', 'A')])
    expect(worker.cancelled).toEqual([])
    expect(report.lines).toEqual([
      'web: on-cancel is rollback: asked ECS to roll back service deployment A (StopServiceDeployment ROLLBACK).'
    ])
    expect(logger.lines).toEqual(report.lines)
    expect(cancelledCause(report)).toBe(`The workflow run was cancelled during "Rollout": ${report.lines[0]}`)
  })

  it('says so when ECS refuses the rollback, and that the deployment goes on', async () => {
    const refused = path(Object.assign(new Error('already STOPPED'), { name: 'ConflictException' }))
    const report = await settleCancellation(
      {
        signal: 'SIGINT',
        onCancel: 'rollback',
        done: [],
        alsoDone: ['Stopped one-off task t1'],
        targets: [{ ...base, path: refused, started: started('ecs-svc/2', 'A') }]
      },
      new RecordingLogger()
    )
    expect(report.lines[0]).toMatch(
      /^on-cancel is rollback, but the rollback of deployment ecs-svc\/2 could not be asked for: .*already STOPPED.*It goes on in ECS/
    )
    expect(report.lines.at(-1)).toBe('Stopped one-off task t1')
  })
})
