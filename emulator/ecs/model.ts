// The stand-in's ECS: task definitions, clusters, services and tasks, with rolling deployments simulated lazily.
// Every call first advances the simulation to options.now(), replaying what was scheduled in between at its
// own (scheduled) time, so nothing runs in the background and tests drive time by hand.
import { randomUUID } from 'node:crypto'
import type { CallerIdentity, EcsModel, EcsModelOptions, IamCheck } from '../contract.js'
import { AwsError } from '../errors.js'
import { arns, clusterName, lastSegment, parseTaskDefinitionRef, type Account } from './arns.js'
import { iamChecks } from './iam.js'
import {
  isObject,
  optArray,
  optBool,
  optNumber,
  optObject,
  optString,
  optStringArray,
  reqString,
  type Json
} from './input.js'
import { circuitBreakerThreshold, messages, newDeploymentId, newTaskId, planRollingStep } from './rules.js'
import { defaultScenario, mergeScenario, type EcsScenario, type ScenarioFailure } from './scenario.js'
import {
  preRunning,
  type ClusterRecord,
  type ContainerRecord,
  type DeploymentConfig,
  type DeploymentRecord,
  type ServiceRecord,
  type TaskDefinitionRecord,
  type TaskFate,
  type TaskRecord
} from './state.js'
import { buildTaskDefinition, validateRegistration } from './taskdef.js'

const maxEvents = 100
const maxHistory = 50
const maxStoppedTasks = 1000
const maxLogStreams = 1000
/** ECS seconds between placement retries (and "unable to place" events) while nothing can be placed. */
const placementRetrySeconds = 30
/** Stopped tasks stay visible for about an hour of ECS time, but never less than this much real time. */
const minStoppedRetentionMs = 5 * 60 * 1000
/** Safety net against a scenario that schedules forever at one instant. */
const maxStepsPerAdvance = 1_000_000

interface ScheduledStep {
  at: number
  seq: number
  run: () => void
}

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000)

function notFound(type: 'cluster' | 'service'): AwsError {
  return type === 'cluster'
    ? new AwsError('ClusterNotFoundException', 'Cluster not found.')
    : new AwsError('ServiceNotFoundException', 'Service not found.')
}

function page<T>(items: T[], input: Json): { items: T[]; nextToken?: string } {
  const max = optNumber(input, 'maxResults') ?? 100
  const token = optString(input, 'nextToken')
  const start = token === undefined ? 0 : Number(Buffer.from(token, 'base64').toString('utf8'))
  if (!Number.isInteger(start) || start < 0) {
    throw new AwsError(
      'InvalidParameterException',
      'nextToken is not one this API returned; start again without it.'
    )
  }
  const slice = items.slice(start, start + max)
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined
  return next === undefined ? { items: slice } : { items: slice, nextToken: next }
}

export class EcsSimulation implements EcsModel {
  private readonly account: Account
  private scenario: EcsScenario = { ...defaultScenario }
  private readonly families = new Map<string, TaskDefinitionRecord[]>()
  private readonly clusters = new Map<string, ClusterRecord>()
  private readonly services = new Map<string, ServiceRecord>() // key: cluster/service
  private readonly tasks = new Map<string, TaskRecord>() // key: task id
  private readonly logs = new Map<string, { timestamp: number; message: string }[]>()
  private readonly imageExists = new Map<string, boolean | undefined>()
  private queue: ScheduledStep[] = []
  private seq = 0
  private time: number

  constructor(private readonly options: EcsModelOptions) {
    if (!(options.speed > 0))
      throw new Error(
        `EcsModelOptions.speed must be > 0 (ECS seconds per real second), got ${options.speed}.`
      )
    this.account = { region: options.region, accountId: options.accountId }
    this.time = options.now()
  }

  // ---- the EcsModel interface ----

  async handle(operation: string, input: Record<string, unknown>, caller: CallerIdentity): Promise<unknown> {
    await this.refreshImages(input)
    this.advanceTo(this.options.now())
    switch (operation) {
      case 'RegisterTaskDefinition':
        return this.registerTaskDefinition(input, caller)
      case 'DescribeTaskDefinition':
        return this.describeTaskDefinition(input)
      case 'DeregisterTaskDefinition':
        return this.deregisterTaskDefinition(input)
      case 'ListTaskDefinitions':
        return this.listTaskDefinitions(input)
      case 'CreateCluster':
        return this.createCluster(input)
      case 'DescribeClusters':
        return this.describeClusters(input)
      case 'ListClusters':
        return { clusterArns: [...this.clusters.values()].map(c => c.arn) }
      case 'CreateService':
        return this.createService(input, caller)
      case 'DescribeServices':
        return this.describeServices(input)
      case 'UpdateService':
        return this.updateService(input)
      case 'DeleteService':
        return this.deleteService(input)
      case 'ListServices':
        return this.listServices(input)
      case 'ListTasks':
        return this.listTasks(input)
      case 'DescribeTasks':
        return this.describeTasks(input)
      case 'RunTask':
        return this.runTask(input)
      case 'StopTask':
        return this.stopTask(input)
      case 'ListServiceDeployments':
        return this.listServiceDeployments(input)
      case 'DescribeServiceDeployments':
        return this.describeServiceDeployments(input)
      default:
        throw new AwsError('UnknownOperationException', `The stand-in's ECS does not implement ${operation}.`)
    }
  }

  iamChecks(operation: string, input: Record<string, unknown>): IamCheck[] {
    return iamChecks(
      this.account,
      {
        resolve: ref => {
          const td = this.findTaskDefinition(ref)
          if (!td) return undefined
          const roles: { arn: string; taskRoleArn?: string; executionRoleArn?: string } = { arn: td.arn }
          if (typeof td.body.taskRoleArn === 'string') roles.taskRoleArn = td.body.taskRoleArn
          if (typeof td.body.executionRoleArn === 'string') roles.executionRoleArn = td.body.executionRoleArn
          return roles
        },
        nextArn: family =>
          arns.taskDefinition(this.account, family, (this.families.get(family)?.length ?? 0) + 1)
      },
      operation,
      input
    )
  }

  setScenario(partial: Record<string, unknown>): void {
    // What happened until now happened under the old scenario.
    this.advanceTo(this.options.now())
    this.scenario = mergeScenario(this.scenario, partial)
  }

  snapshot(): unknown {
    this.advanceTo(this.options.now())
    return {
      now: this.time,
      scenario: this.scenario,
      taskDefinitions: [...this.families.values()].flat().map(td => ({ ...td.body, tags: td.tags })),
      clusters: [...this.clusters.values()].map(c => this.clusterJson(c)),
      services: [...this.services.values()].map(s => ({
        ...this.serviceJson(s),
        deployments: s.deployments.map(d => ({
          ...this.deploymentJson(s, d),
          rolloutStateChangedAt: d.rolloutStateChangedAt
        })),
        deploymentHistory: s.history.map(d => ({
          ...this.deploymentJson(s, d),
          rolloutStateChangedAt: d.rolloutStateChangedAt
        }))
      })),
      tasks: [...this.tasks.values()].map(t => this.taskJson(t, true))
    }
  }

  drainDelaySeconds(): number {
    return this.ms(this.scenario.drainSeconds) / 1000
  }

  targetGroupArns(): Set<string> {
    // A deleted service leaves its target group behind, as in AWS, so every record counts.
    const arns = [...this.services.values()]
      .flatMap(s => s.loadBalancers)
      .map(lb => lb.targetGroupArn)
      .filter((arn): arn is string => typeof arn === 'string')
    return new Set(arns)
  }

  logStreams(): Map<string, { timestamp: number; message: string }[]> {
    this.advanceTo(this.options.now())
    return new Map([...this.logs].map(([key, lines]) => [key, [...lines]]))
  }

  // ---- time ----

  private ms(ecsSeconds: number): number {
    return (ecsSeconds * 1000) / this.options.speed
  }

  private schedule(at: number, run: () => void): void {
    const step = { at, seq: this.seq++, run }
    const index = this.queue.findIndex(s => s.at > at)
    if (index === -1) this.queue.push(step)
    else this.queue.splice(index, 0, step)
  }

  private advanceTo(target: number): void {
    let steps = 0
    while (this.queue[0] !== undefined && this.queue[0].at <= target) {
      const step = this.queue.shift()!
      this.time = Math.max(this.time, step.at)
      step.run()
      // A long idle stretch can replay thousands of task lifecycles: keep the stopped ones bounded meanwhile.
      if (++steps % 500 === 0) this.pruneStoppedTasks()
      if (steps > maxStepsPerAdvance)
        throw new AwsError('ServerException', 'The ECS simulation did not settle.', 500)
    }
    this.time = Math.max(this.time, target)
    this.pruneStoppedTasks()
  }

  private pruneStoppedTasks(): void {
    const retention = Math.max(this.ms(3600), minStoppedRetentionMs)
    const stopped = [...this.tasks.values()].filter(t => t.lastStatus === 'STOPPED')
    const tooMany = stopped.length - maxStoppedTasks
    stopped
      .sort((a, b) => (a.stoppedAt ?? 0) - (b.stoppedAt ?? 0))
      .forEach((task, index) => {
        if (index < tooMany || (task.stoppedAt ?? 0) < this.time - retention) this.tasks.delete(task.id)
      })
  }

  // ---- images ----

  /** Ask the registry about images that deployments may launch now (async, so before the simulation runs). */
  private async refreshImages(input: Json): Promise<void> {
    if (!this.options.images) return
    const images = new Set<string>()
    const addFrom = (td: TaskDefinitionRecord | undefined): void => {
      for (const c of this.containersOf(td)) images.add(c.image)
    }
    for (const service of this.services.values()) {
      for (const d of service.deployments) addFrom(this.findTaskDefinition(d.taskDefinitionArn))
    }
    if (typeof input.taskDefinition === 'string') addFrom(this.findTaskDefinition(input.taskDefinition))
    if (isObject(this.scenario.concurrentDeployment) && this.scenario.concurrentDeployment.taskDefinition) {
      addFrom(this.findTaskDefinition(this.scenario.concurrentDeployment.taskDefinition))
    }
    for (const image of images) {
      if (this.imageExists.get(image) === true) continue
      this.imageExists.set(image, await this.options.images.exists(image))
    }
  }

  private containersOf(
    td: TaskDefinitionRecord | undefined
  ): { name: string; image: string; essential: boolean }[] {
    const list = Array.isArray(td?.body.containerDefinitions) ? td.body.containerDefinitions : []
    return list
      .filter(isObject)
      .map(c => ({ name: String(c.name), image: String(c.image), essential: c.essential !== false }))
  }

  // ---- task definitions ----

  private findTaskDefinition(ref: string): TaskDefinitionRecord | undefined {
    const parsed = parseTaskDefinitionRef(ref)
    if (!parsed) return undefined
    const revisions = this.families.get(parsed.family) ?? []
    if (parsed.revision !== undefined) return revisions.find(r => r.revision === parsed.revision)
    return [...revisions].reverse().find(r => r.status === 'ACTIVE')
  }

  private registerTaskDefinition(input: Json, caller: CallerIdentity): Json {
    validateRegistration(input)
    const family = String(input.family)
    const revisions = this.families.get(family) ?? []
    const revision = revisions.length + 1
    const arn = arns.taskDefinition(this.account, family, revision)
    const body = buildTaskDefinition(input, {
      arn,
      revision,
      registeredAt: this.time / 1000,
      registeredBy: caller.arn
    })
    const tags = (optArray(input, 'tags') ?? []).filter(isObject)
    revisions.push({ family, revision, arn, body, tags, status: 'ACTIVE' })
    this.families.set(family, revisions)
    return { taskDefinition: body, tags }
  }

  private requireTaskDefinition(ref: string): TaskDefinitionRecord {
    const td = this.findTaskDefinition(ref)
    if (!td) throw new AwsError('ClientException', 'Unable to describe task definition.')
    return td
  }

  private describeTaskDefinition(input: Json): Json {
    const td = this.requireTaskDefinition(reqString(input, 'taskDefinition', 'DescribeTaskDefinition'))
    const include = optStringArray(input, 'include') ?? []
    return include.includes('TAGS') ? { taskDefinition: td.body, tags: td.tags } : { taskDefinition: td.body }
  }

  private deregisterTaskDefinition(input: Json): Json {
    const ref = reqString(input, 'taskDefinition', 'DeregisterTaskDefinition')
    if (parseTaskDefinitionRef(ref)?.revision === undefined) {
      throw new AwsError(
        'InvalidParameterException',
        `taskDefinition "${ref}" has no revision; DeregisterTaskDefinition needs family:revision or a full task definition ARN.`
      )
    }
    const td = this.requireTaskDefinition(ref)
    if (td.status === 'ACTIVE') {
      td.status = 'INACTIVE'
      td.body = { ...td.body, status: 'INACTIVE', deregisteredAt: this.time / 1000 }
    }
    return { taskDefinition: td.body }
  }

  private listTaskDefinitions(input: Json): Json {
    const family = optString(input, 'familyPrefix')
    const status = optString(input, 'status') ?? 'ACTIVE'
    const sort = optString(input, 'sort') ?? 'ASC'
    if (status !== 'ACTIVE' && status !== 'INACTIVE' && status !== 'DELETE_IN_PROGRESS') {
      throw new AwsError(
        'InvalidParameterException',
        `status must be ACTIVE, INACTIVE or DELETE_IN_PROGRESS, got "${status}".`
      )
    }
    if (sort !== 'ASC' && sort !== 'DESC')
      throw new AwsError('InvalidParameterException', `sort must be ASC or DESC, got "${sort}".`)
    const all = [...this.families.values()]
      .flat()
      .filter(td => td.status === status && (family === undefined || td.family === family))
      .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision)
    if (sort === 'DESC') all.reverse()
    const { items, nextToken } = page(
      all.map(td => td.arn),
      input
    )
    return nextToken === undefined ? { taskDefinitionArns: items } : { taskDefinitionArns: items, nextToken }
  }

  // ---- clusters ----

  private createCluster(input: Json): Json {
    const name = optString(input, 'clusterName') ?? 'default'
    if (!/^[a-zA-Z0-9_-]{1,255}$/.test(name)) {
      throw new AwsError(
        'InvalidParameterException',
        `clusterName "${name}" is invalid: up to 255 letters (uppercase and lowercase), numbers, underscores and hyphens are allowed.`
      )
    }
    let cluster = this.clusters.get(name)
    if (!cluster) {
      cluster = {
        name,
        arn: arns.cluster(this.account, name),
        tags: (optArray(input, 'tags') ?? []).filter(isObject),
        settings: (optArray(input, 'settings') ?? []).filter(isObject)
      }
      this.clusters.set(name, cluster)
    }
    return { cluster: this.clusterJson(cluster) }
  }

  private requireCluster(nameOrArn: string | undefined): ClusterRecord {
    const cluster = this.clusters.get(clusterName(nameOrArn))
    if (!cluster) throw notFound('cluster')
    return cluster
  }

  private clusterJson(cluster: ClusterRecord): Json {
    const tasks = [...this.tasks.values()].filter(
      t => t.clusterName === cluster.name && t.desiredStatus === 'RUNNING'
    )
    return {
      clusterArn: cluster.arn,
      clusterName: cluster.name,
      status: 'ACTIVE',
      registeredContainerInstancesCount: 0,
      runningTasksCount: tasks.filter(t => t.lastStatus === 'RUNNING').length,
      pendingTasksCount: tasks.filter(t => preRunning.includes(t.lastStatus)).length,
      activeServicesCount: [...this.services.values()].filter(
        s => s.clusterName === cluster.name && s.status === 'ACTIVE'
      ).length,
      statistics: [],
      tags: cluster.tags,
      settings: cluster.settings,
      capacityProviders: [],
      defaultCapacityProviderStrategy: []
    }
  }

  private describeClusters(input: Json): Json {
    const names = optStringArray(input, 'clusters') ?? ['default']
    const clusters: Json[] = []
    const failures: Json[] = []
    for (const name of names) {
      const cluster = this.clusters.get(clusterName(name))
      if (cluster) clusters.push(this.clusterJson(cluster))
      else failures.push({ arn: arns.cluster(this.account, clusterName(name)), reason: 'MISSING' })
    }
    return { clusters, failures }
  }

  // ---- services ----

  private serviceKey(cluster: string, service: string): string {
    return `${cluster}/${lastSegment(service)}`
  }

  private findService(cluster: ClusterRecord, nameOrArn: string): ServiceRecord | undefined {
    return this.services.get(this.serviceKey(cluster.name, nameOrArn))
  }

  private requireActiveService(input: Json, operation: string): ServiceRecord {
    const cluster = this.requireCluster(optString(input, 'cluster'))
    const service = this.findService(cluster, reqString(input, 'service', operation))
    if (!service) throw notFound('service')
    if (service.status !== 'ACTIVE')
      throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.')
    return service
  }

  private deploymentConfig(raw: Json | undefined, current?: DeploymentConfig): DeploymentConfig {
    const config: DeploymentConfig = current
      ? { ...current, circuitBreaker: { ...current.circuitBreaker }, extra: { ...current.extra } }
      : {
          maximumPercent: 200,
          minimumHealthyPercent: 100,
          circuitBreaker: { enable: false, rollback: false },
          extra: {}
        }
    if (!raw) return config
    const max = optNumber(raw, 'maximumPercent')
    const min = optNumber(raw, 'minimumHealthyPercent')
    if (max !== undefined) config.maximumPercent = max
    if (min !== undefined) config.minimumHealthyPercent = min
    const breaker = optObject(raw, 'deploymentCircuitBreaker')
    if (breaker) {
      config.circuitBreaker = {
        enable: optBool(breaker, 'enable') ?? false,
        rollback: optBool(breaker, 'rollback') ?? false
      }
    }
    for (const [key, value] of Object.entries(raw)) {
      if (!['maximumPercent', 'minimumHealthyPercent', 'deploymentCircuitBreaker'].includes(key))
        config.extra[key] = value
    }
    if (config.minimumHealthyPercent < 0 || config.minimumHealthyPercent > 100) {
      throw new AwsError(
        'InvalidParameterException',
        `deploymentConfiguration.minimumHealthyPercent must be between 0 and 100, got ${config.minimumHealthyPercent}.`
      )
    }
    if (config.maximumPercent < 100 || config.maximumPercent < config.minimumHealthyPercent) {
      throw new AwsError(
        'InvalidParameterException',
        `deploymentConfiguration.maximumPercent must be at least 100 and at least minimumHealthyPercent, got ${config.maximumPercent}.`
      )
    }
    return config
  }

  private checkTaskDefinitionForService(
    ref: string,
    launchType: string,
    networkConfiguration: Json | undefined
  ): TaskDefinitionRecord {
    const td = this.findTaskDefinition(ref)
    if (!td) throw new AwsError('ClientException', 'TaskDefinition not found.')
    if (td.status !== 'ACTIVE')
      throw new AwsError('ClientException', `TaskDefinition is inactive: ${td.arn}. Register a new revision.`)
    const compatibilities = Array.isArray(td.body.compatibilities) ? td.body.compatibilities : []
    if (launchType === 'FARGATE' && !compatibilities.includes('FARGATE')) {
      throw new AwsError('InvalidParameterException', 'Task definition does not support launch_type FARGATE.')
    }
    if (
      td.body.networkMode === 'awsvpc' &&
      !(networkConfiguration && isObject(networkConfiguration.awsvpcConfiguration))
    ) {
      throw new AwsError(
        'InvalidParameterException',
        "Network Configuration must be provided when networkMode 'awsvpc' is specified."
      )
    }
    return td
  }

  private createService(input: Json, caller: CallerIdentity): Json {
    const cluster = this.requireCluster(optString(input, 'cluster'))
    const name = reqString(input, 'serviceName', 'CreateService')
    if (!/^[a-zA-Z0-9_-]{1,255}$/.test(name)) {
      throw new AwsError(
        'InvalidParameterException',
        `serviceName "${name}" is invalid: use up to 255 letters, numbers, underscores and hyphens.`
      )
    }
    const existing = this.findService(cluster, name)
    if (existing && existing.status !== 'INACTIVE') {
      throw new AwsError('InvalidParameterException', 'Creation of service was not idempotent.')
    }
    // Other controllers are kept and shown, so a client can see them; their deployments are not modelled.
    const controller = String(optObject(input, 'deploymentController')?.type ?? 'ECS')
    if (!['ECS', 'CODE_DEPLOY', 'EXTERNAL'].includes(controller))
      throw new AwsError('InvalidParameterException', `Invalid deployment controller type: ${controller}`)
    const launchType = optString(input, 'launchType') ?? 'EC2'
    const networkConfiguration = optObject(input, 'networkConfiguration')
    const td = this.checkTaskDefinitionForService(
      reqString(input, 'taskDefinition', 'CreateService'),
      launchType,
      networkConfiguration
    )
    const desiredCount = optNumber(input, 'desiredCount') ?? 0
    if (!Number.isInteger(desiredCount) || desiredCount < 0) {
      throw new AwsError(
        'InvalidParameterException',
        `desiredCount must be a whole number >= 0, got ${desiredCount}.`
      )
    }
    const service: ServiceRecord = {
      name,
      arn: arns.service(this.account, cluster.name, name),
      clusterName: cluster.name,
      clusterArn: cluster.arn,
      status: 'ACTIVE',
      desiredCount,
      launchType,
      taskDefinitionArn: td.arn,
      deploymentController: controller,
      deploymentConfiguration: this.deploymentConfig(optObject(input, 'deploymentConfiguration')),
      loadBalancers: (optArray(input, 'loadBalancers') ?? []).filter(isObject),
      tags: (optArray(input, 'tags') ?? []).filter(isObject),
      enableECSManagedTags: optBool(input, 'enableECSManagedTags') ?? false,
      propagateTags: optString(input, 'propagateTags') ?? 'NONE',
      enableExecuteCommand: optBool(input, 'enableExecuteCommand') ?? false,
      createdAt: this.time,
      createdBy: caller.arn,
      deployments: [],
      history: [],
      events: [],
      steady: false,
      placementRetryPending: false
    }
    if (launchType === 'FARGATE') service.platformVersion = optString(input, 'platformVersion') ?? 'LATEST'
    if (networkConfiguration) service.networkConfiguration = networkConfiguration
    const grace = optNumber(input, 'healthCheckGracePeriodSeconds')
    if (grace !== undefined) service.healthCheckGracePeriodSeconds = grace
    this.services.set(this.serviceKey(cluster.name, name), service)
    this.startDeployment(service, td.arn)
    this.reconcile(service)
    return { service: this.serviceJson(service) }
  }

  private describeServices(input: Json): Json {
    const cluster = this.requireCluster(optString(input, 'cluster'))
    const names = optStringArray(input, 'services') ?? []
    const include = optStringArray(input, 'include') ?? []
    const services: Json[] = []
    const failures: Json[] = []
    for (const name of names) {
      const service = this.findService(cluster, name)
      if (!service) {
        failures.push({ arn: arns.service(this.account, cluster.name, lastSegment(name)), reason: 'MISSING' })
        continue
      }
      const json = this.serviceJson(service)
      if (!include.includes('TAGS')) delete json.tags
      services.push(json)
    }
    return { services, failures }
  }

  private updateService(input: Json): Json {
    const service = this.requireActiveService(input, 'UpdateService')
    const desiredCount = optNumber(input, 'desiredCount')
    if (desiredCount !== undefined && (!Number.isInteger(desiredCount) || desiredCount < 0)) {
      throw new AwsError(
        'InvalidParameterException',
        `desiredCount must be a whole number >= 0, got ${desiredCount}.`
      )
    }
    const networkConfiguration = optObject(input, 'networkConfiguration') ?? service.networkConfiguration
    const ref = optString(input, 'taskDefinition')
    if (ref !== undefined && service.deploymentController !== 'ECS')
      throw new AwsError(
        'InvalidParameterException',
        `Unable to update task definition on services with a ${service.deploymentController} deployment controller.`
      )
    const td =
      ref !== undefined
        ? this.checkTaskDefinitionForService(ref, service.launchType, networkConfiguration)
        : undefined
    const config = this.deploymentConfig(
      optObject(input, 'deploymentConfiguration'),
      service.deploymentConfiguration
    )
    const force = optBool(input, 'forceNewDeployment') ?? false
    const networkChanged =
      optObject(input, 'networkConfiguration') !== undefined &&
      JSON.stringify(networkConfiguration) !== JSON.stringify(service.networkConfiguration)

    service.deploymentConfiguration = config
    if (networkConfiguration) service.networkConfiguration = networkConfiguration
    if (desiredCount !== undefined) service.desiredCount = desiredCount
    const grace = optNumber(input, 'healthCheckGracePeriodSeconds')
    if (grace !== undefined) service.healthCheckGracePeriodSeconds = grace
    const newTaskDefinition = td !== undefined && td.arn !== service.taskDefinitionArn
    if (newTaskDefinition || force || networkChanged) {
      this.startDeployment(service, td?.arn ?? service.taskDefinitionArn)
      this.scheduleConcurrentDeployment(service)
    }
    this.reconcile(service)
    return { service: this.serviceJson(service) }
  }

  /** Scenario: somebody else updates the same service a while after this update. */
  private scheduleConcurrentDeployment(service: ServiceRecord): void {
    const concurrent = this.scenario.concurrentDeployment
    if (!concurrent) return
    delete this.scenario.concurrentDeployment
    this.schedule(this.time + this.ms(concurrent.afterSeconds), () => {
      if (service.status !== 'ACTIVE') return
      const td =
        concurrent.taskDefinition !== undefined
          ? this.findTaskDefinition(concurrent.taskDefinition)
          : undefined
      this.startDeployment(service, td?.arn ?? service.taskDefinitionArn)
      this.reconcile(service)
    })
  }

  private deleteService(input: Json): Json {
    const cluster = this.requireCluster(optString(input, 'cluster'))
    const service = this.findService(cluster, reqString(input, 'service', 'DeleteService'))
    if (!service) throw notFound('service')
    if (service.status !== 'ACTIVE')
      throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.')
    if (service.desiredCount > 0 && optBool(input, 'force') !== true) {
      throw new AwsError(
        'InvalidParameterException',
        'The service cannot be stopped while it is scaled above 0. Set desiredCount to 0 first, or pass force.'
      )
    }
    service.status = 'DRAINING'
    service.desiredCount = 0
    this.reconcile(service)
    return { service: this.serviceJson(service) }
  }

  private listServices(input: Json): Json {
    const cluster = this.requireCluster(optString(input, 'cluster'))
    const all = [...this.services.values()]
      .filter(s => s.clusterName === cluster.name && s.status !== 'INACTIVE')
      .map(s => s.arn)
    const { items, nextToken } = page(all, input)
    return nextToken === undefined ? { serviceArns: items } : { serviceArns: items, nextToken }
  }

  private startDeployment(
    service: ServiceRecord,
    taskDefinitionArn: string,
    rollbackOf?: DeploymentRecord
  ): DeploymentRecord {
    const previous = service.deployments[0]
    if (previous) {
      previous.status = 'ACTIVE'
      if (previous.rolloutState === 'IN_PROGRESS') previous.superseded = true
      previous.updatedAt = this.time
    }
    const id = newDeploymentId()
    const deployment: DeploymentRecord = {
      id,
      status: 'PRIMARY',
      taskDefinitionArn,
      failedTasks: 0,
      createdAt: this.time,
      updatedAt: this.time,
      launchType: service.launchType,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: rollbackOf ? messages.rollingBackReason(rollbackOf.id) : messages.inProgress(id),
      rolloutStateChangedAt: this.time,
      sourceIds: service.deployments.map(d => d.id)
    }
    if (service.platformVersion !== undefined) deployment.platformVersion = service.platformVersion
    if (service.networkConfiguration) deployment.networkConfiguration = service.networkConfiguration
    if (rollbackOf) deployment.rollbackOf = rollbackOf.id
    service.deployments.unshift(deployment)
    service.history.unshift(deployment)
    service.history.splice(maxHistory)
    service.taskDefinitionArn = taskDefinitionArn
    service.steady = false
    return deployment
  }

  private addEvent(service: ServiceRecord, message: string): void {
    service.events.unshift({ id: randomUUID(), createdAt: this.time, message })
    service.events.splice(maxEvents)
  }

  private serviceTasks(service: ServiceRecord): TaskRecord[] {
    return [...this.tasks.values()].filter(
      t => t.clusterName === service.clusterName && t.serviceName === service.name
    )
  }

  private deploymentTasks(service: ServiceRecord, deployment: DeploymentRecord): TaskRecord[] {
    return this.serviceTasks(service).filter(t => t.deploymentId === deployment.id)
  }

  // ---- the service scheduler ----

  /** Start and stop tasks towards the primary deployment, then settle deployments (drained, completed). */
  private reconcile(service: ServiceRecord): void {
    const primary = service.deployments[0]
    if (!primary || service.status === 'INACTIVE') return
    const active = this.serviceTasks(service).filter(t => t.desiredStatus === 'RUNNING')
    const config = service.deploymentConfiguration
    const plan = planRollingStep({
      desiredCount: service.desiredCount,
      minimumHealthyPercent: config.minimumHealthyPercent,
      maximumPercent: config.maximumPercent,
      primaryDeploymentId: primary.id,
      active: active.map(t => ({ id: t.id, deploymentId: t.deploymentId ?? '', healthy: t.healthy }))
    })
    const toStop = active.filter(t => plan.stop.includes(t.id))
    if (toStop.length > 0) {
      this.stopTasks(toStop, messages.scalingActivity(primary.id), 'ServiceSchedulerInitiated', service)
    }
    if (plan.start > 0) {
      if (this.scenario.placementFailure) this.placementFailed(service)
      else this.startServiceTasks(service, primary, plan.start)
    }
    this.settle(service)
  }

  private placementFailed(service: ServiceRecord): void {
    const last = service.lastPlacementEventAt
    if (last === undefined || this.time - last >= this.ms(placementRetrySeconds)) {
      service.lastPlacementEventAt = this.time
      this.addEvent(service, messages.unableToPlace(service.name))
    }
    if (!service.placementRetryPending) {
      service.placementRetryPending = true
      this.schedule(this.time + this.ms(placementRetrySeconds), () => {
        service.placementRetryPending = false
        this.reconcile(service)
      })
    }
  }

  private startServiceTasks(service: ServiceRecord, deployment: DeploymentRecord, count: number): void {
    const td = this.findTaskDefinition(deployment.taskDefinitionArn)
    if (!td) return
    const tasks = this.launchTasks(td, count, {
      cluster: this.requireCluster(service.clusterName),
      serviceName: service.name,
      deploymentId: deployment.id,
      startedBy: deployment.id,
      group: `service:${service.name}`,
      launchType: service.launchType,
      tags: service.propagateTags === 'SERVICE' ? service.tags : [],
      overrides: {}
    })
    deployment.updatedAt = this.time
    this.addEvent(
      service,
      messages.started(
        service.name,
        tasks.map(t => t.id)
      )
    )
  }

  /** Remove drained deployments, mark COMPLETED, and note a steady state. */
  private settle(service: ServiceRecord): void {
    for (const deployment of service.deployments.slice(1)) {
      const left = this.deploymentTasks(service, deployment).some(t => t.lastStatus !== 'STOPPED')
      if (!left) {
        deployment.status = 'INACTIVE'
        deployment.finishedAt ??= this.time
        deployment.updatedAt = this.time
        service.deployments = service.deployments.filter(d => d !== deployment)
      }
    }
    if (service.status === 'DRAINING') {
      if (this.serviceTasks(service).every(t => t.lastStatus === 'STOPPED')) {
        service.status = 'INACTIVE'
        for (const d of service.deployments) d.status = 'INACTIVE'
      }
      return
    }
    const primary = service.deployments[0]
    if (!primary) return
    const tasks = this.deploymentTasks(service, primary).filter(t => t.desiredStatus === 'RUNNING')
    const steady =
      service.deployments.length === 1 && tasks.length === service.desiredCount && tasks.every(t => t.healthy)
    if (!steady) {
      service.steady = false
      return
    }
    if (primary.rolloutState === 'IN_PROGRESS') {
      this.setRolloutState(primary, 'COMPLETED', messages.completed(primary.id))
      primary.finishedAt = this.time
      service.lastCompleted = primary
      this.addEvent(service, messages.deploymentCompleted(service.name, primary.id))
    }
    if (!service.steady) {
      service.steady = true
      this.addEvent(service, messages.steadyState(service.name))
    }
  }

  private setRolloutState(
    deployment: DeploymentRecord,
    state: DeploymentRecord['rolloutState'],
    reason: string
  ): void {
    deployment.rolloutState = state
    deployment.rolloutStateReason = reason
    deployment.rolloutStateChangedAt = this.time
    deployment.updatedAt = this.time
  }

  /** Count failed tasks of a service deployment and trip the circuit breaker when they reach the threshold. */
  private countFailures(service: ServiceRecord, deploymentId: string, count: number): void {
    const deployment = service.deployments.find(d => d.id === deploymentId)
    if (!deployment) return
    deployment.failedTasks += count
    deployment.updatedAt = this.time
    const breaker = service.deploymentConfiguration.circuitBreaker
    if (!breaker.enable || deployment !== service.deployments[0] || deployment.rolloutState !== 'IN_PROGRESS')
      return
    if (deployment.failedTasks < circuitBreakerThreshold(service.desiredCount)) return
    this.setRolloutState(deployment, 'FAILED', messages.circuitBreakerFailed)
    deployment.finishedAt = this.time
    this.addEvent(service, messages.deploymentFailed(service.name, deployment.id))
    const target = service.lastCompleted
    if (breaker.rollback && target && target !== deployment) {
      const rollback = this.startDeployment(service, target.taskDefinitionArn, target)
      deployment.rolledBackBy = rollback.id
      this.addEvent(service, messages.rollingBack(service.name, target.id))
    }
  }

  // ---- tasks ----

  private failureFor(td: TaskDefinitionRecord): TaskFate | undefined {
    const containers = this.containersOf(td)
    const first = containers.find(c => c.essential) ?? containers[0]
    for (const failure of this.scenario.failures) {
      if (failure.taskDefinition !== undefined) {
        const ref = failure.taskDefinition
        if (ref !== td.family && ref !== `${td.family}:${td.revision}` && ref !== td.arn) continue
      }
      const container =
        failure.image !== undefined ? containers.find(c => c.image.includes(failure.image ?? '')) : first
      if (container) return { failure, container: container.name, image: container.image }
    }
    if (this.options.images) {
      const missing = containers.find(c => this.imageExists.get(c.image) === false)
      if (missing) return { failure: { kind: 'pull' }, container: missing.name, image: missing.image }
    }
    return undefined
  }

  private launchTasks(
    td: TaskDefinitionRecord,
    count: number,
    how: {
      cluster: ClusterRecord
      serviceName?: string
      deploymentId?: string
      startedBy?: string
      group: string
      launchType: string
      tags: Json[]
      overrides: Json
    }
  ): TaskRecord[] {
    const fate = this.failureFor(td)
    const definitions = Array.isArray(td.body.containerDefinitions)
      ? td.body.containerDefinitions.filter(isObject)
      : []
    const tasks: TaskRecord[] = []
    for (let i = 0; i < count; i++) {
      const id = newTaskId()
      const containers: ContainerRecord[] = definitions.map(c => {
        const container: ContainerRecord = {
          name: String(c.name),
          image: String(c.image),
          arn: arns.container(this.account, how.cluster.name, id, randomUUID()),
          lastStatus: 'PENDING',
          essential: c.essential !== false,
          healthStatus: 'UNKNOWN'
        }
        if (isObject(c.logConfiguration)) container.logConfiguration = c.logConfiguration
        if (c.cpu !== undefined) container.cpu = String(c.cpu)
        if (c.memory !== undefined) container.memory = String(c.memory)
        if (c.memoryReservation !== undefined) container.memoryReservation = String(c.memoryReservation)
        return container
      })
      const task: TaskRecord = {
        id,
        arn: arns.task(this.account, how.cluster.name, id),
        clusterName: how.cluster.name,
        clusterArn: how.cluster.arn,
        taskDefinition: td,
        group: how.group,
        launchType: how.launchType,
        lastStatus: 'PROVISIONING',
        desiredStatus: 'RUNNING',
        healthy: false,
        healthStatus: 'UNKNOWN',
        createdAt: this.time,
        containers,
        version: 1,
        tags: how.tags,
        overrides: how.overrides
      }
      if (how.serviceName !== undefined) task.serviceName = how.serviceName
      if (how.deploymentId !== undefined) task.deploymentId = how.deploymentId
      if (how.startedBy !== undefined) task.startedBy = how.startedBy
      if (fate) task.fate = fate
      this.tasks.set(id, task)
      tasks.push(task)
    }
    this.scheduleLifecycle(tasks, fate?.failure)
    return tasks
  }

  private serviceOf(task: TaskRecord): ServiceRecord | undefined {
    return task.serviceName === undefined
      ? undefined
      : this.services.get(this.serviceKey(task.clusterName, task.serviceName))
  }

  private touch(task: TaskRecord, lastStatus: string): void {
    task.lastStatus = lastStatus
    task.version += 1
    const service = this.serviceOf(task)
    const deployment = service?.deployments.find(d => d.id === task.deploymentId)
    if (deployment) deployment.updatedAt = this.time
  }

  /** After a step: let every service whose tasks changed react at this instant. */
  private reconcileServicesOf(tasks: TaskRecord[]): void {
    const services = new Set(
      tasks.map(t => this.serviceOf(t)).filter((s): s is ServiceRecord => s !== undefined)
    )
    for (const service of services) this.reconcile(service)
  }

  /** PROVISIONING → PENDING → ACTIVATING → RUNNING → healthy, or the scenario's failure on the way. */
  private scheduleLifecycle(batch: TaskRecord[], failure: ScenarioFailure | undefined): void {
    const start = this.time
    const startSeconds = Math.max(1, this.scenario.taskStartSeconds)
    const healthySeconds = this.scenario.healthyAfterSeconds
    const live = (): TaskRecord[] => batch.filter(t => t.desiredStatus === 'RUNNING')
    const step = (atSeconds: number, run: (tasks: TaskRecord[]) => void): void => {
      this.schedule(start + this.ms(atSeconds), () => {
        const tasks = live()
        if (tasks.length > 0) run(tasks)
      })
    }

    step(0.2 * startSeconds, tasks => {
      for (const t of tasks) {
        this.touch(t, 'PENDING')
        t.pullStartedAt = this.time
      }
    })
    if (failure?.kind === 'pull') {
      step(0.5 * startSeconds, tasks => this.failTasks(tasks))
      return
    }
    step(0.7 * startSeconds, tasks => {
      for (const t of tasks) {
        this.touch(t, 'ACTIVATING')
        t.pullStoppedAt = this.time
        t.connectivityAt = this.time
      }
    })
    step(startSeconds, tasks => {
      for (const t of tasks) {
        this.touch(t, 'RUNNING')
        t.startedAt = this.time
        for (const c of t.containers) {
          c.lastStatus = 'RUNNING'
          c.runtimeId = `${t.id}-${c.name}`
        }
      }
      this.targetEvents(tasks, 'registered')
      this.reconcileServicesOf(tasks)
    })
    if (failure?.kind === 'exit') {
      step(startSeconds + Math.min(1, healthySeconds / 2), tasks => this.failTasks(tasks))
      return
    }
    step(startSeconds + healthySeconds, tasks => {
      if (failure?.kind === 'health-check') {
        this.failTasks(tasks)
        return
      }
      for (const t of tasks) {
        t.healthy = true
        t.healthStatus = this.hasHealthCheck(t) ? 'HEALTHY' : 'UNKNOWN'
        for (const c of t.containers) if (this.containerHasHealthCheck(t, c.name)) c.healthStatus = 'HEALTHY'
        t.version += 1
        const service = this.serviceOf(t)
        const deployment = service?.deployments.find(d => d.id === t.deploymentId)
        // failedTasks counts consecutive failures: a task that runs healthily resets it.
        if (deployment) deployment.failedTasks = 0
      }
      this.reconcileServicesOf(tasks)
    })
  }

  private containerHasHealthCheck(task: TaskRecord, name: string): boolean {
    const defs = Array.isArray(task.taskDefinition.body.containerDefinitions)
      ? task.taskDefinition.body.containerDefinitions
      : []
    return defs.some(c => isObject(c) && c.name === name && isObject(c.healthCheck))
  }

  private hasHealthCheck(task: TaskRecord): boolean {
    return task.containers.some(c => this.containerHasHealthCheck(task, c.name))
  }

  private targetEvents(tasks: TaskRecord[], verb: 'registered' | 'deregistered'): void {
    const byService = new Map<ServiceRecord, number>()
    for (const t of tasks) {
      const service = this.serviceOf(t)
      if (service) byService.set(service, (byService.get(service) ?? 0) + 1)
    }
    for (const [service, count] of byService) {
      for (const lb of service.loadBalancers) {
        const targetGroup = typeof lb.targetGroupArn === 'string' ? lb.targetGroupArn : undefined
        if (targetGroup === undefined) continue
        this.addEvent(
          service,
          verb === 'registered'
            ? messages.registeredTargets(service.name, count, targetGroup)
            : messages.deregisteredTargets(service.name, count, targetGroup)
        )
      }
    }
  }

  /** The scenario's failure happens to these tasks now. */
  private failTasks(tasks: TaskRecord[]): void {
    const first = tasks[0]
    const fate = first?.fate
    if (!first || !fate) return
    const kind = fate.failure.kind
    for (const t of tasks) {
      for (const c of t.containers) {
        const failing = c.name === fate.container
        if (kind === 'pull') {
          c.lastStatus = 'STOPPED'
          if (failing) c.reason = messages.pullFailed(fate.image)
        } else if (kind === 'exit') {
          c.lastStatus = 'STOPPED'
          c.exitCode = failing ? (fate.failure.exitCode ?? 1) : 143
        } else if (failing) {
          c.healthStatus = 'UNHEALTHY'
        }
      }
      if (kind === 'health-check') t.healthStatus = 'UNHEALTHY'
      this.writeLogs(t, fate)
      const service = this.serviceOf(t)
      if (kind === 'health-check' && service)
        this.addEvent(service, messages.healthCheckFailed(service.name, t.id))
    }
    if (kind === 'health-check') {
      this.stopTasks(tasks, messages.healthCheckStopped, 'ServiceSchedulerInitiated', undefined)
    } else {
      const reason = kind === 'pull' ? messages.pullFailed(fate.image) : messages.essentialExited
      const stopCode = kind === 'pull' ? 'TaskFailedToStart' : 'EssentialContainerExited'
      for (const t of tasks) {
        t.desiredStatus = 'STOPPED'
        t.stoppingAt = this.time
        t.executionStoppedAt = this.time
        t.stoppedReason = reason
        t.stopCode = stopCode
        this.touch(t, 'DEPROVISIONING')
      }
      this.schedule(this.time + this.ms(1), () => {
        for (const t of tasks) {
          t.stoppedAt = this.time
          this.touch(t, 'STOPPED')
        }
        this.reconcileServicesOf(tasks)
      })
    }
    const byDeployment = new Map<string, { service: ServiceRecord; count: number }>()
    for (const t of tasks) {
      const service = this.serviceOf(t)
      if (!service || t.deploymentId === undefined) continue
      const entry = byDeployment.get(t.deploymentId) ?? { service, count: 0 }
      entry.count += 1
      byDeployment.set(t.deploymentId, entry)
    }
    for (const [deploymentId, { service, count }] of byDeployment)
      this.countFailures(service, deploymentId, count)
    this.reconcileServicesOf(tasks)
  }

  /** The failing container's log lines, spread over its life, in its awslogs stream. */
  private writeLogs(task: TaskRecord, fate: TaskFate): void {
    const lines = fate.failure.logLines ?? []
    const container = task.containers.find(c => c.name === fate.container)
    const options =
      container?.logConfiguration && isObject(container.logConfiguration.options)
        ? container.logConfiguration.options
        : {}
    const group = options['awslogs-group']
    const prefix = options['awslogs-stream-prefix']
    if (lines.length === 0 || typeof group !== 'string' || typeof prefix !== 'string') return
    const key = `${group}\n${prefix}/${fate.container}/${task.id}`
    const from = task.startedAt ?? task.pullStartedAt ?? task.createdAt
    const span = Math.max(0, this.time - from)
    const stream = this.logs.get(key) ?? []
    lines.forEach((message, index) => {
      stream.push({ timestamp: Math.round(from + (span * index) / Math.max(1, lines.length)), message })
    })
    this.logs.set(key, stream)
    // Oldest streams go first once there are many (a failing service left alone writes one per task).
    for (const oldest of this.logs.keys()) {
      if (this.logs.size <= maxLogStreams) break
      this.logs.delete(oldest)
    }
  }

  /** Stop tasks the way ECS does: running ones behind a load balancer drain first (DEACTIVATING), then STOPPING, DEPROVISIONING, STOPPED. */
  private stopTasks(
    tasks: TaskRecord[],
    reason: string,
    stopCode: string,
    announceFor: ServiceRecord | undefined
  ): void {
    const wasRunning = tasks.filter(t => t.lastStatus === 'RUNNING')
    const notRunning = tasks.filter(t => t.lastStatus !== 'RUNNING')
    for (const t of tasks) {
      t.desiredStatus = 'STOPPED'
      t.stoppingAt = this.time
      t.stoppedReason = reason
      t.stopCode = stopCode
    }
    const finish = (group: TaskRecord[], drainMs: number): void => {
      this.schedule(this.time + drainMs, () => {
        for (const t of group) this.touch(t, 'STOPPING')
        if (announceFor && group === wasRunning) {
          this.addEvent(
            announceFor,
            messages.stopped(
              announceFor.name,
              group.map(t => t.id)
            )
          )
        }
      })
      this.schedule(this.time + drainMs + this.ms(1), () => {
        for (const t of group) {
          t.executionStoppedAt = this.time
          for (const c of t.containers) {
            if (c.lastStatus === 'RUNNING') c.exitCode ??= 143
            c.lastStatus = 'STOPPED'
          }
          this.touch(t, 'DEPROVISIONING')
        }
      })
      this.schedule(this.time + drainMs + this.ms(2), () => {
        for (const t of group) {
          t.stoppedAt = this.time
          this.touch(t, 'STOPPED')
        }
        this.reconcileServicesOf(group)
      })
    }
    if (wasRunning.length > 0) {
      // Behind a load balancer a task drains (DEACTIVATING) for the deregistration delay, or not at all when its
      // target holds no connections; without one it stops at once.
      const service = announceFor ?? this.serviceOf(wasRunning[0]!)
      const behindTargetGroups = (service?.loadBalancers ?? []).some(
        lb => typeof lb.targetGroupArn === 'string'
      )
      if (service && behindTargetGroups) {
        for (const t of wasRunning) this.touch(t, 'DEACTIVATING')
        this.addEvent(service, messages.draining(service.name, wasRunning.length))
        this.targetEvents(wasRunning, 'deregistered')
      }
      const drains = behindTargetGroups && !this.scenario.idleTargets
      finish(wasRunning, drains ? this.ms(this.scenario.drainSeconds) : 0)
    }
    if (notRunning.length > 0) finish(notRunning, 0)
  }

  private runTask(input: Json): Json {
    const cluster = this.requireCluster(optString(input, 'cluster'))
    const td = this.requireTaskDefinition(reqString(input, 'taskDefinition', 'RunTask'))
    if (td.status !== 'ACTIVE')
      throw new AwsError('ClientException', `TaskDefinition is inactive: ${td.arn}. Register a new revision.`)
    const count = optNumber(input, 'count') ?? 1
    if (!Number.isInteger(count) || count < 1 || count > 10) {
      throw new AwsError(
        'InvalidParameterException',
        `count must be a whole number from 1 to 10, got ${count}.`
      )
    }
    const launchType = optString(input, 'launchType') ?? 'EC2'
    this.checkTaskDefinitionForService(td.arn, launchType, optObject(input, 'networkConfiguration'))
    if (this.scenario.placementFailure) {
      throw new AwsError('InvalidParameterException', 'No Container Instances were found in your cluster.')
    }
    const startedBy = optString(input, 'startedBy')
    const tasks = this.launchTasks(td, count, {
      cluster,
      group: optString(input, 'group') ?? `family:${td.family}`,
      launchType,
      tags: (optArray(input, 'tags') ?? []).filter(isObject),
      overrides: optObject(input, 'overrides') ?? {},
      ...(startedBy !== undefined ? { startedBy } : {})
    })
    return { tasks: tasks.map(t => this.taskJson(t, false)), failures: [] }
  }

  private findTask(cluster: ClusterRecord, idOrArn: string): TaskRecord | undefined {
    const task = this.tasks.get(lastSegment(idOrArn))
    return task && task.clusterName === cluster.name ? task : undefined
  }

  private stopTask(input: Json): Json {
    const cluster = this.requireCluster(optString(input, 'cluster'))
    const ref = reqString(input, 'task', 'StopTask')
    const task = this.findTask(cluster, ref)
    if (!task) throw new AwsError('InvalidParameterException', `The referenced task was not found: ${ref}.`)
    if (task.desiredStatus === 'RUNNING') {
      this.stopTasks([task], optString(input, 'reason') ?? 'Task stopped by user', 'UserInitiated', undefined)
      const service = this.serviceOf(task)
      if (service) this.reconcile(service)
    }
    return { task: this.taskJson(task, false) }
  }

  private listTasks(input: Json): Json {
    const cluster = this.requireCluster(optString(input, 'cluster'))
    const serviceName = optString(input, 'serviceName')
    if (serviceName !== undefined && !this.findService(cluster, serviceName)) throw notFound('service')
    const family = optString(input, 'family')
    const startedBy = optString(input, 'startedBy')
    const desiredStatus = optString(input, 'desiredStatus') ?? 'RUNNING'
    const launchType = optString(input, 'launchType')
    const all = [...this.tasks.values()]
      .filter(
        t =>
          t.clusterName === cluster.name &&
          t.desiredStatus === desiredStatus &&
          (serviceName === undefined || t.serviceName === lastSegment(serviceName)) &&
          (family === undefined || t.taskDefinition.family === family) &&
          (startedBy === undefined || t.startedBy === startedBy) &&
          (launchType === undefined || t.launchType === launchType)
      )
      .map(t => t.arn)
    const { items, nextToken } = page(all, input)
    return nextToken === undefined ? { taskArns: items } : { taskArns: items, nextToken }
  }

  private describeTasks(input: Json): Json {
    const cluster = this.requireCluster(optString(input, 'cluster'))
    const refs = optStringArray(input, 'tasks') ?? []
    if (refs.length === 0 || refs.length > 100) {
      throw new AwsError(
        'InvalidParameterException',
        `tasks must list 1 to 100 task ids or ARNs, got ${refs.length}.`
      )
    }
    const withTags = (optStringArray(input, 'include') ?? []).includes('TAGS')
    const tasks: Json[] = []
    const failures: Json[] = []
    for (const ref of refs) {
      const task = this.findTask(cluster, ref)
      if (task) tasks.push(this.taskJson(task, withTags))
      else
        failures.push({
          arn: ref.startsWith('arn:') ? ref : arns.task(this.account, cluster.name, ref),
          reason: 'MISSING'
        })
    }
    return { tasks, failures }
  }

  // ---- service deployments (the newer API) ----

  private serviceDeploymentStatus(
    service: ServiceRecord,
    d: DeploymentRecord
  ): { status: string; statusReason: string } {
    if (d.rolloutState === 'COMPLETED') return { status: 'SUCCESSFUL', statusReason: d.rolloutStateReason }
    if (d.rolloutState === 'FAILED') {
      const rollback = service.history.find(h => h.id === d.rolledBackBy)
      if (!rollback) return { status: 'STOPPED', statusReason: d.rolloutStateReason }
      const status =
        rollback.rolloutState === 'COMPLETED'
          ? 'ROLLBACK_SUCCESSFUL'
          : rollback.rolloutState === 'FAILED'
            ? 'ROLLBACK_FAILED'
            : 'ROLLBACK_IN_PROGRESS'
      return { status, statusReason: d.rolloutStateReason }
    }
    if (d.superseded) return { status: 'STOPPED', statusReason: 'Superseded by a newer service deployment.' }
    return { status: 'IN_PROGRESS', statusReason: d.rolloutStateReason }
  }

  /** Rollback deployments belong to the deployment they roll back, as in the service deployments API. */
  private visibleServiceDeployments(service: ServiceRecord): DeploymentRecord[] {
    return service.history.filter(d => d.rollbackOf === undefined)
  }

  private listServiceDeployments(input: Json): Json {
    const cluster = this.requireCluster(optString(input, 'cluster'))
    const service = this.findService(cluster, reqString(input, 'service', 'ListServiceDeployments'))
    if (!service) throw notFound('service')
    const statuses = optStringArray(input, 'status')
    const all = this.visibleServiceDeployments(service)
      .map(d => {
        const { status, statusReason } = this.serviceDeploymentStatus(service, d)
        const brief: Json = {
          serviceDeploymentArn: arns.serviceDeployment(this.account, cluster.name, service.name, d.id),
          serviceArn: service.arn,
          clusterArn: cluster.arn,
          startedAt: seconds(d.createdAt),
          createdAt: seconds(d.createdAt),
          targetServiceRevisionArn: arns.serviceRevision(this.account, cluster.name, service.name, d.id),
          status,
          statusReason
        }
        if (d.finishedAt !== undefined && status !== 'IN_PROGRESS') brief.finishedAt = seconds(d.finishedAt)
        return brief
      })
      .filter(b => statuses === undefined || statuses.includes(String(b.status)))
    const { items, nextToken } = page(all, input)
    return nextToken === undefined ? { serviceDeployments: items } : { serviceDeployments: items, nextToken }
  }

  private describeServiceDeployments(input: Json): Json {
    const refs = optStringArray(input, 'serviceDeploymentArns') ?? []
    const found: Json[] = []
    const failures: Json[] = []
    for (const arn of refs) {
      const match = /:service-deployment\/([^/]+)\/([^/]+)\/(\d+)$/.exec(arn)
      const service = match ? this.services.get(`${match[1]}/${match[2]}`) : undefined
      const d = service?.history.find(h => h.id === `ecs-svc/${match?.[3]}`)
      if (!service || !d) {
        failures.push({ arn, reason: 'MISSING' })
        continue
      }
      const revision = (of: DeploymentRecord): Json => {
        const tasks = this.deploymentTasks(service, of).filter(t => t.desiredStatus === 'RUNNING')
        return {
          arn: arns.serviceRevision(this.account, service.clusterName, service.name, of.id),
          requestedTaskCount: of.status === 'PRIMARY' ? service.desiredCount : tasks.length,
          runningTaskCount: tasks.filter(t => t.lastStatus === 'RUNNING').length,
          pendingTaskCount: tasks.filter(t => preRunning.includes(t.lastStatus)).length
        }
      }
      const { status, statusReason } = this.serviceDeploymentStatus(service, d)
      const breaker = service.deploymentConfiguration.circuitBreaker
      const json: Json = {
        serviceDeploymentArn: arn,
        serviceArn: service.arn,
        clusterArn: service.clusterArn,
        createdAt: seconds(d.createdAt),
        startedAt: seconds(d.createdAt),
        updatedAt: seconds(d.updatedAt),
        sourceServiceRevisions: d.sourceIds
          .map(id => service.history.find(h => h.id === id))
          .filter((h): h is DeploymentRecord => h !== undefined)
          .map(revision),
        targetServiceRevision: revision(d),
        status,
        statusReason,
        deploymentConfiguration: this.deploymentConfigJson(service.deploymentConfiguration),
        deploymentCircuitBreaker: {
          status: !breaker.enable ? 'DISABLED' : d.rolloutState === 'FAILED' ? 'TRIGGERED' : 'MONITORING',
          failureCount: d.failedTasks,
          threshold: circuitBreakerThreshold(service.desiredCount)
        }
      }
      if (d.finishedAt !== undefined && status !== 'IN_PROGRESS') json.finishedAt = seconds(d.finishedAt)
      const rollback = service.history.find(h => h.id === d.rolledBackBy)
      if (rollback) {
        json.rollback = {
          reason: messages.circuitBreakerFailed,
          startedAt: seconds(rollback.createdAt),
          serviceRevisionArn: arns.serviceRevision(
            this.account,
            service.clusterName,
            service.name,
            rollback.id
          )
        }
      }
      found.push(json)
    }
    return { serviceDeployments: found, failures }
  }

  // ---- JSON views (timestamps in epoch seconds, as the JSON protocol carries them) ----

  private deploymentConfigJson(config: DeploymentConfig): Json {
    return {
      ...config.extra,
      deploymentCircuitBreaker: {
        enable: config.circuitBreaker.enable,
        rollback: config.circuitBreaker.rollback
      },
      maximumPercent: config.maximumPercent,
      minimumHealthyPercent: config.minimumHealthyPercent
    }
  }

  private deploymentJson(service: ServiceRecord, d: DeploymentRecord): Json {
    const tasks = this.deploymentTasks(service, d).filter(t => t.desiredStatus === 'RUNNING')
    const json: Json = {
      id: d.id,
      status: d.status,
      taskDefinition: d.taskDefinitionArn,
      desiredCount: d.status === 'PRIMARY' ? service.desiredCount : tasks.length,
      pendingCount: tasks.filter(t => preRunning.includes(t.lastStatus)).length,
      runningCount: tasks.filter(t => t.lastStatus === 'RUNNING').length,
      failedTasks: d.failedTasks,
      createdAt: seconds(d.createdAt),
      updatedAt: seconds(d.updatedAt),
      launchType: d.launchType,
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason
    }
    if (d.platformVersion !== undefined) json.platformVersion = d.platformVersion
    if (d.networkConfiguration) json.networkConfiguration = d.networkConfiguration
    return json
  }

  private serviceJson(service: ServiceRecord): Json {
    const active = this.serviceTasks(service).filter(t => t.desiredStatus === 'RUNNING')
    const json: Json = {
      serviceArn: service.arn,
      serviceName: service.name,
      clusterArn: service.clusterArn,
      loadBalancers: service.loadBalancers,
      serviceRegistries: [],
      status: service.status,
      desiredCount: service.desiredCount,
      runningCount: active.filter(t => t.lastStatus === 'RUNNING').length,
      pendingCount: active.filter(t => preRunning.includes(t.lastStatus)).length,
      launchType: service.launchType,
      taskDefinition: service.taskDefinitionArn,
      deploymentConfiguration: this.deploymentConfigJson(service.deploymentConfiguration),
      deployments: service.deployments.map(d => this.deploymentJson(service, d)),
      events: service.events.map(e => ({ id: e.id, createdAt: seconds(e.createdAt), message: e.message })),
      createdAt: seconds(service.createdAt),
      placementConstraints: [],
      placementStrategy: [],
      schedulingStrategy: 'REPLICA',
      deploymentController: { type: service.deploymentController },
      createdBy: service.createdBy,
      enableECSManagedTags: service.enableECSManagedTags,
      propagateTags: service.propagateTags,
      enableExecuteCommand: service.enableExecuteCommand,
      tags: service.tags
    }
    if (service.platformVersion !== undefined) {
      json.platformVersion = service.platformVersion
      json.platformFamily = 'Linux'
    }
    if (service.networkConfiguration) json.networkConfiguration = service.networkConfiguration
    if (service.healthCheckGracePeriodSeconds !== undefined)
      json.healthCheckGracePeriodSeconds = service.healthCheckGracePeriodSeconds
    const primary = service.deployments[0]
    if (primary) {
      json.currentServiceDeployment = arns.serviceDeployment(
        this.account,
        service.clusterName,
        service.name,
        primary.id
      )
    }
    return json
  }

  private taskJson(task: TaskRecord, withTags: boolean): Json {
    const body = task.taskDefinition.body
    const json: Json = {
      attachments: [],
      attributes: [],
      availabilityZone: `${this.account.region}a`,
      clusterArn: task.clusterArn,
      connectivity: task.connectivityAt !== undefined ? 'CONNECTED' : undefined,
      connectivityAt: seconds(task.connectivityAt),
      containers: task.containers.map(c => {
        const container: Json = {
          containerArn: c.arn,
          taskArn: task.arn,
          name: c.name,
          image: c.image,
          lastStatus: c.lastStatus,
          networkInterfaces: [],
          healthStatus: c.healthStatus
        }
        if (c.runtimeId !== undefined) container.runtimeId = c.runtimeId
        if (c.exitCode !== undefined) container.exitCode = c.exitCode
        if (c.reason !== undefined) container.reason = c.reason
        if (c.cpu !== undefined) container.cpu = c.cpu
        if (c.memory !== undefined) container.memory = c.memory
        if (c.memoryReservation !== undefined) container.memoryReservation = c.memoryReservation
        return container
      }),
      cpu: typeof body.cpu === 'string' ? body.cpu : undefined,
      createdAt: seconds(task.createdAt),
      desiredStatus: task.desiredStatus,
      enableExecuteCommand: false,
      executionStoppedAt: seconds(task.executionStoppedAt),
      group: task.group,
      healthStatus: task.healthStatus,
      lastStatus: task.lastStatus,
      launchType: task.launchType,
      memory: typeof body.memory === 'string' ? body.memory : undefined,
      overrides: {
        containerOverrides: task.containers.map(c => ({ name: c.name })),
        inferenceAcceleratorOverrides: [],
        ...task.overrides
      },
      platformVersion: task.launchType === 'FARGATE' ? '1.4.0' : undefined,
      platformFamily: task.launchType === 'FARGATE' ? 'Linux' : undefined,
      pullStartedAt: seconds(task.pullStartedAt),
      pullStoppedAt: seconds(task.pullStoppedAt),
      startedAt: seconds(task.startedAt),
      startedBy: task.startedBy,
      stopCode: task.stopCode,
      stoppedAt: seconds(task.stoppedAt),
      stoppedReason: task.stoppedReason,
      stoppingAt: seconds(task.stoppingAt),
      taskArn: task.arn,
      taskDefinitionArn: task.taskDefinition.arn,
      version: task.version
    }
    if (withTags) json.tags = task.tags
    // Absent members stay absent on the wire, as in ECS's responses.
    for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key]
    return json
  }
}
