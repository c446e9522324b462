// The stand-in's ECS behind the EcsModel seam: each operation is a function of the one state object, in
// operations/ (one file per resource); the simulation behind them is in clock.ts (time), task-lifecycle.ts and
// task-stop.ts (tasks), scheduler.ts and the deployment engines (rolling.ts). See emulator/README.md.
import type { CallerIdentity, EcsModel, EcsModelOptions, IamCheck } from '../contract.js'
import { codeDeployIamChecks } from '../codedeploy/iam.js'
import { handleCodeDeploy } from '../codedeploy/operations.js'
import { AwsError } from '../errors.js'
import { arns } from './arns.js'
import { advanceTo, ms } from './clock.js'
import { iamChecks } from './iam.js'
import { findTaskDefinition } from './lookup.js'
import { createCluster, describeClusters, listClusters } from './operations/clusters.js'
import {
  continueServiceDeployment,
  describeServiceRevisions,
  stopServiceDeployment
} from './operations/service-deployment-actions.js'
import { describeServiceDeployments, listServiceDeployments } from './operations/service-deployments.js'
import {
  createService,
  deleteService,
  describeServices,
  listServices,
  updateService
} from './operations/services.js'
import {
  deregisterTaskDefinition,
  describeTaskDefinition,
  listTaskDefinitions,
  registerTaskDefinition
} from './operations/task-definitions.js'
import { describeTasks, listTasks, runTask, stopTask } from './operations/tasks.js'
import { refreshImages } from './registry-images.js'
import { mergeRunTaskScenario, runTaskScenarioKeys } from './run-task-scenario.js'
import { mergeScenario } from './scenario.js'
import { reactToTaskChanges } from './scheduler.js'
import { createState, type EcsState } from './state.js'
import { snapshotJson } from './views.js'

export class EcsSimulation implements EcsModel {
  private readonly state: EcsState

  constructor(options: EcsModelOptions) {
    this.state = createState(options)
  }

  async handle(operation: string, input: Record<string, unknown>, caller: CallerIdentity): Promise<unknown> {
    await refreshImages(this.state, input)
    this.advance()
    const state = this.state
    switch (operation) {
      case 'RegisterTaskDefinition':
        return registerTaskDefinition(state, input, caller)
      case 'DescribeTaskDefinition':
        return describeTaskDefinition(state, input)
      case 'DeregisterTaskDefinition':
        return deregisterTaskDefinition(state, input)
      case 'ListTaskDefinitions':
        return listTaskDefinitions(state, input)
      case 'CreateCluster':
        return createCluster(state, input)
      case 'DescribeClusters':
        return describeClusters(state, input)
      case 'ListClusters':
        return listClusters(state)
      case 'CreateService':
        return createService(state, input, caller)
      case 'DescribeServices':
        return describeServices(state, input)
      case 'UpdateService':
        return updateService(state, input)
      case 'DeleteService':
        return deleteService(state, input)
      case 'ListServices':
        return listServices(state, input)
      case 'ListTasks':
        return listTasks(state, input)
      case 'DescribeTasks':
        return describeTasks(state, input)
      case 'RunTask':
        return runTask(state, input)
      case 'StopTask':
        return stopTask(state, input)
      case 'ListServiceDeployments':
        return listServiceDeployments(state, input)
      case 'DescribeServiceDeployments':
        return describeServiceDeployments(state, input)
      case 'StopServiceDeployment':
        return stopServiceDeployment(state, input)
      case 'ContinueServiceDeployment':
        return continueServiceDeployment(state, input)
      case 'DescribeServiceRevisions':
        return describeServiceRevisions(state, input)
      default:
        throw new AwsError('UnknownOperationException', `The stand-in's ECS does not implement ${operation}.`)
    }
  }

  iamChecks(operation: string, input: Record<string, unknown>): IamCheck[] {
    const state = this.state
    return iamChecks(
      state.account,
      {
        resolve: ref => {
          const td = findTaskDefinition(state, ref)
          if (!td) return undefined
          const roles: { arn: string; taskRoleArn?: string; executionRoleArn?: string } = { arn: td.arn }
          if (typeof td.body.taskRoleArn === 'string') roles.taskRoleArn = td.body.taskRoleArn
          if (typeof td.body.executionRoleArn === 'string') roles.executionRoleArn = td.body.executionRoleArn
          return roles
        },
        nextArn: family =>
          arns.taskDefinition(state.account, family, (state.families.get(family)?.length ?? 0) + 1)
      },
      operation,
      input
    )
  }

  async codeDeploy(operation: string, input: Record<string, unknown>): Promise<unknown> {
    this.advance()
    return handleCodeDeploy(this.state, operation, input)
  }

  codeDeployIamChecks(operation: string, input: Record<string, unknown>): IamCheck[] {
    const deployments = this.state.codeDeploy.deployments
    return codeDeployIamChecks(this.state.account, operation, input, id => {
      const d = deployments.get(id)
      return d ? { app: d.applicationName, group: d.groupName } : undefined
    })
  }

  setScenario(partial: Record<string, unknown>): void {
    // What happened until now happened under the old scenario.
    this.advance()
    const { [runTaskScenarioKeys[0]]: runTasks, [runTaskScenarioKeys[1]]: runTaskFailures, ...rest } = partial
    this.state.runTaskScenario = mergeRunTaskScenario(this.state.runTaskScenario, {
      runTasks,
      runTaskFailures
    })
    this.state.scenario = mergeScenario(this.state.scenario, rest)
  }

  snapshot(): unknown {
    this.advance()
    return snapshotJson(this.state)
  }

  drainDelaySeconds(): number {
    return ms(this.state, this.state.scenario.drainSeconds) / 1000
  }

  targetGroupArns(): Set<string> {
    // A deleted service leaves its target group behind, as in AWS, so every record counts.
    const arns = [...this.state.services.values()]
      .flatMap(s => s.loadBalancers)
      .map(lb => lb.targetGroupArn)
      .filter((arn): arn is string => typeof arn === 'string')
    return new Set(arns)
  }

  logStreams(): Map<string, { timestamp: number; message: string }[]> {
    this.advance()
    return new Map([...this.state.logs].map(([key, lines]) => [key, [...lines]]))
  }

  /** Replay everything scheduled up to now; the service scheduler reacts after each step. */
  private advance(): void {
    advanceTo(this.state, this.state.options.now(), () => reactToTaskChanges(this.state))
  }
}
