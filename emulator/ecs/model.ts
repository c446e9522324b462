// The stand-in's ECS: task definitions, clusters, services and tasks, with rolling deployments simulated lazily.
// Every call first advances the simulation to options.now(), replaying what was scheduled in between at its
// own (scheduled) time, so nothing runs in the background and tests drive time by hand.
import { randomUUID } from 'node:crypto'
import type { CallerIdentity, EcsModel, EcsModelOptions, IamCheck } from '../contract.js'
import { AwsError } from '../errors.js'
import { arns, lastSegment } from './arns.js'
import { advanceTo, ms, schedule } from './clock.js'
import { deploymentConfig } from './deployment-config.js'
import { iamChecks } from './iam.js'
import {
  isObject,
  optArray,
  optBool,
  optNumber,
  optObject,
  optString,
  optStringArray,
  page,
  reqString,
  type Json
} from './input.js'
import {
  containersOf,
  deploymentTasks,
  findService,
  findTask,
  findTaskDefinition,
  notFound,
  requireCluster,
  requireTaskDefinition,
  serviceKey,
  serviceOf,
  serviceTasks
} from './lookup.js'
import { createCluster, describeClusters, listClusters } from './operations/clusters.js'
import { describeServiceDeployments, listServiceDeployments } from './operations/service-deployments.js'
import {
  checkTaskDefinitionForService,
  deregisterTaskDefinition,
  describeTaskDefinition,
  listTaskDefinitions,
  registerTaskDefinition
} from './operations/task-definitions.js'
import { refreshImages } from './registry-images.js'
import { circuitBreakerThreshold, messages, newDeploymentId, newTaskId, planRollingStep } from './rules.js'
import { mergeScenario, type ScenarioFailure } from './scenario.js'
import {
  createState,
  type ClusterRecord,
  type ContainerRecord,
  type DeploymentRecord,
  type EcsState,
  type ServiceRecord,
  type TaskDefinitionRecord,
  type TaskFate,
  type TaskRecord
} from './state.js'
import { serviceJson, snapshotJson, taskJson } from './views.js'

const maxEvents = 100
const maxHistory = 50
const maxLogStreams = 1000
/** ECS seconds between placement retries (and "unable to place" events) while nothing can be placed. */
const placementRetrySeconds = 30

export class EcsSimulation implements EcsModel {
  private readonly state: EcsState

  constructor(options: EcsModelOptions) {
    this.state = createState(options)
  }

  private advance(): void {
    advanceTo(this.state, this.state.options.now(), () => {})
  }

  // ---- the EcsModel interface ----

  async handle(operation: string, input: Record<string, unknown>, caller: CallerIdentity): Promise<unknown> {
    await refreshImages(this.state, input)
    this.advance()
    switch (operation) {
      case 'RegisterTaskDefinition':
        return registerTaskDefinition(this.state, input, caller)
      case 'DescribeTaskDefinition':
        return describeTaskDefinition(this.state, input)
      case 'DeregisterTaskDefinition':
        return deregisterTaskDefinition(this.state, input)
      case 'ListTaskDefinitions':
        return listTaskDefinitions(this.state, input)
      case 'CreateCluster':
        return createCluster(this.state, input)
      case 'DescribeClusters':
        return describeClusters(this.state, input)
      case 'ListClusters':
        return listClusters(this.state)
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
        return listServiceDeployments(this.state, input)
      case 'DescribeServiceDeployments':
        return describeServiceDeployments(this.state, input)
      default:
        throw new AwsError('UnknownOperationException', `The stand-in's ECS does not implement ${operation}.`)
    }
  }

  iamChecks(operation: string, input: Record<string, unknown>): IamCheck[] {
    return iamChecks(
      this.state.account,
      {
        resolve: ref => {
          const td = findTaskDefinition(this.state, ref)
          if (!td) return undefined
          const roles: { arn: string; taskRoleArn?: string; executionRoleArn?: string } = { arn: td.arn }
          if (typeof td.body.taskRoleArn === 'string') roles.taskRoleArn = td.body.taskRoleArn
          if (typeof td.body.executionRoleArn === 'string') roles.executionRoleArn = td.body.executionRoleArn
          return roles
        },
        nextArn: family =>
          arns.taskDefinition(this.state.account, family, (this.state.families.get(family)?.length ?? 0) + 1)
      },
      operation,
      input
    )
  }

  setScenario(partial: Record<string, unknown>): void {
    // What happened until now happened under the old scenario.
    this.advance()
    this.state.scenario = mergeScenario(this.state.scenario, partial)
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

  // ---- time ----

  // ---- images ----

  // ---- task definitions ----

  // ---- clusters ----

  // ---- services ----

  private requireActiveService(input: Json, operation: string): ServiceRecord {
    const cluster = requireCluster(this.state, optString(input, 'cluster'))
    const service = findService(this.state, cluster, reqString(input, 'service', operation))
    if (!service) throw notFound('service')
    if (service.status !== 'ACTIVE')
      throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.')
    return service
  }

  private createService(input: Json, caller: CallerIdentity): Json {
    const cluster = requireCluster(this.state, optString(input, 'cluster'))
    const name = reqString(input, 'serviceName', 'CreateService')
    if (!/^[a-zA-Z0-9_-]{1,255}$/.test(name)) {
      throw new AwsError(
        'InvalidParameterException',
        `serviceName "${name}" is invalid: use up to 255 letters, numbers, underscores and hyphens.`
      )
    }
    const existing = findService(this.state, cluster, name)
    if (existing && existing.status !== 'INACTIVE') {
      throw new AwsError('InvalidParameterException', 'Creation of service was not idempotent.')
    }
    const controller = optObject(input, 'deploymentController')
    if (controller && controller.type !== undefined && controller.type !== 'ECS') {
      throw new AwsError(
        'InvalidParameterException',
        `The stand-in only models the ECS deployment controller, not ${String(controller.type)}.`
      )
    }
    const launchType = optString(input, 'launchType') ?? 'EC2'
    const networkConfiguration = optObject(input, 'networkConfiguration')
    const td = checkTaskDefinitionForService(
      this.state,
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
      arn: arns.service(this.state.account, cluster.name, name),
      clusterName: cluster.name,
      clusterArn: cluster.arn,
      status: 'ACTIVE',
      desiredCount,
      launchType,
      taskDefinitionArn: td.arn,
      deploymentConfiguration: deploymentConfig(optObject(input, 'deploymentConfiguration')),
      loadBalancers: (optArray(input, 'loadBalancers') ?? []).filter(isObject),
      tags: (optArray(input, 'tags') ?? []).filter(isObject),
      enableECSManagedTags: optBool(input, 'enableECSManagedTags') ?? false,
      propagateTags: optString(input, 'propagateTags') ?? 'NONE',
      enableExecuteCommand: optBool(input, 'enableExecuteCommand') ?? false,
      createdAt: this.state.time,
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
    this.state.services.set(serviceKey(cluster.name, name), service)
    this.startDeployment(service, td.arn)
    this.reconcile(service)
    return { service: serviceJson(this.state, service) }
  }

  private describeServices(input: Json): Json {
    const cluster = requireCluster(this.state, optString(input, 'cluster'))
    const names = optStringArray(input, 'services') ?? []
    const include = optStringArray(input, 'include') ?? []
    const services: Json[] = []
    const failures: Json[] = []
    for (const name of names) {
      const service = findService(this.state, cluster, name)
      if (!service) {
        failures.push({
          arn: arns.service(this.state.account, cluster.name, lastSegment(name)),
          reason: 'MISSING'
        })
        continue
      }
      const json = serviceJson(this.state, service)
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
    const td =
      ref !== undefined
        ? checkTaskDefinitionForService(this.state, ref, service.launchType, networkConfiguration)
        : undefined
    const config = deploymentConfig(
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
    return { service: serviceJson(this.state, service) }
  }

  /** Scenario: somebody else updates the same service a while after this update. */
  private scheduleConcurrentDeployment(service: ServiceRecord): void {
    const concurrent = this.state.scenario.concurrentDeployment
    if (!concurrent) return
    delete this.state.scenario.concurrentDeployment
    schedule(this.state, this.state.time + ms(this.state, concurrent.afterSeconds), () => {
      if (service.status !== 'ACTIVE') return
      const td =
        concurrent.taskDefinition !== undefined
          ? findTaskDefinition(this.state, concurrent.taskDefinition)
          : undefined
      this.startDeployment(service, td?.arn ?? service.taskDefinitionArn)
      this.reconcile(service)
    })
  }

  private deleteService(input: Json): Json {
    const cluster = requireCluster(this.state, optString(input, 'cluster'))
    const service = findService(this.state, cluster, reqString(input, 'service', 'DeleteService'))
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
    return { service: serviceJson(this.state, service) }
  }

  private listServices(input: Json): Json {
    const cluster = requireCluster(this.state, optString(input, 'cluster'))
    const all = [...this.state.services.values()]
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
      previous.updatedAt = this.state.time
    }
    const id = newDeploymentId()
    const deployment: DeploymentRecord = {
      id,
      status: 'PRIMARY',
      taskDefinitionArn,
      failedTasks: 0,
      createdAt: this.state.time,
      updatedAt: this.state.time,
      launchType: service.launchType,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: rollbackOf ? messages.rollingBackReason(rollbackOf.id) : messages.inProgress(id),
      rolloutStateChangedAt: this.state.time,
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
    service.events.unshift({ id: randomUUID(), createdAt: this.state.time, message })
    service.events.splice(maxEvents)
  }

  // ---- the service scheduler ----

  /** Start and stop tasks towards the primary deployment, then settle deployments (drained, completed). */
  private reconcile(service: ServiceRecord): void {
    const primary = service.deployments[0]
    if (!primary || service.status === 'INACTIVE') return
    const active = serviceTasks(this.state, service).filter(t => t.desiredStatus === 'RUNNING')
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
      if (this.state.scenario.placementFailure) this.placementFailed(service)
      else this.startServiceTasks(service, primary, plan.start)
    }
    this.settle(service)
  }

  private placementFailed(service: ServiceRecord): void {
    const last = service.lastPlacementEventAt
    if (last === undefined || this.state.time - last >= ms(this.state, placementRetrySeconds)) {
      service.lastPlacementEventAt = this.state.time
      this.addEvent(service, messages.unableToPlace(service.name))
    }
    if (!service.placementRetryPending) {
      service.placementRetryPending = true
      schedule(this.state, this.state.time + ms(this.state, placementRetrySeconds), () => {
        service.placementRetryPending = false
        this.reconcile(service)
      })
    }
  }

  private startServiceTasks(service: ServiceRecord, deployment: DeploymentRecord, count: number): void {
    const td = findTaskDefinition(this.state, deployment.taskDefinitionArn)
    if (!td) return
    const tasks = this.launchTasks(td, count, {
      cluster: requireCluster(this.state, service.clusterName),
      serviceName: service.name,
      deploymentId: deployment.id,
      startedBy: deployment.id,
      group: `service:${service.name}`,
      launchType: service.launchType,
      tags: service.propagateTags === 'SERVICE' ? service.tags : [],
      overrides: {}
    })
    deployment.updatedAt = this.state.time
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
      const left = deploymentTasks(this.state, service, deployment).some(t => t.lastStatus !== 'STOPPED')
      if (!left) {
        deployment.status = 'INACTIVE'
        deployment.finishedAt ??= this.state.time
        deployment.updatedAt = this.state.time
        service.deployments = service.deployments.filter(d => d !== deployment)
      }
    }
    if (service.status === 'DRAINING') {
      if (serviceTasks(this.state, service).every(t => t.lastStatus === 'STOPPED')) {
        service.status = 'INACTIVE'
        for (const d of service.deployments) d.status = 'INACTIVE'
      }
      return
    }
    const primary = service.deployments[0]
    if (!primary) return
    const tasks = deploymentTasks(this.state, service, primary).filter(t => t.desiredStatus === 'RUNNING')
    const steady =
      service.deployments.length === 1 && tasks.length === service.desiredCount && tasks.every(t => t.healthy)
    if (!steady) {
      service.steady = false
      return
    }
    if (primary.rolloutState === 'IN_PROGRESS') {
      this.setRolloutState(primary, 'COMPLETED', messages.completed(primary.id))
      primary.finishedAt = this.state.time
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
    deployment.rolloutStateChangedAt = this.state.time
    deployment.updatedAt = this.state.time
  }

  /** Count failed tasks of a service deployment and trip the circuit breaker when they reach the threshold. */
  private countFailures(service: ServiceRecord, deploymentId: string, count: number): void {
    const deployment = service.deployments.find(d => d.id === deploymentId)
    if (!deployment) return
    deployment.failedTasks += count
    deployment.updatedAt = this.state.time
    const breaker = service.deploymentConfiguration.circuitBreaker
    if (!breaker.enable || deployment !== service.deployments[0] || deployment.rolloutState !== 'IN_PROGRESS')
      return
    if (deployment.failedTasks < circuitBreakerThreshold(service.desiredCount)) return
    this.setRolloutState(deployment, 'FAILED', messages.circuitBreakerFailed)
    deployment.finishedAt = this.state.time
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
    const containers = containersOf(td)
    const first = containers.find(c => c.essential) ?? containers[0]
    for (const failure of this.state.scenario.failures) {
      if (failure.taskDefinition !== undefined) {
        const ref = failure.taskDefinition
        if (ref !== td.family && ref !== `${td.family}:${td.revision}` && ref !== td.arn) continue
      }
      const container =
        failure.image !== undefined ? containers.find(c => c.image.includes(failure.image ?? '')) : first
      if (container) return { failure, container: container.name, image: container.image }
    }
    if (this.state.options.images) {
      const missing = containers.find(c => this.state.imageExists.get(c.image) === false)
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
          arn: arns.container(this.state.account, how.cluster.name, id, randomUUID()),
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
        arn: arns.task(this.state.account, how.cluster.name, id),
        clusterName: how.cluster.name,
        clusterArn: how.cluster.arn,
        taskDefinition: td,
        group: how.group,
        launchType: how.launchType,
        lastStatus: 'PROVISIONING',
        desiredStatus: 'RUNNING',
        healthy: false,
        healthStatus: 'UNKNOWN',
        createdAt: this.state.time,
        containers,
        version: 1,
        tags: how.tags,
        overrides: how.overrides
      }
      if (how.serviceName !== undefined) task.serviceName = how.serviceName
      if (how.deploymentId !== undefined) task.deploymentId = how.deploymentId
      if (how.startedBy !== undefined) task.startedBy = how.startedBy
      if (fate) task.fate = fate
      this.state.tasks.set(id, task)
      tasks.push(task)
    }
    this.scheduleLifecycle(tasks, fate?.failure)
    return tasks
  }

  private touch(task: TaskRecord, lastStatus: string): void {
    task.lastStatus = lastStatus
    task.version += 1
    const service = serviceOf(this.state, task)
    const deployment = service?.deployments.find(d => d.id === task.deploymentId)
    if (deployment) deployment.updatedAt = this.state.time
  }

  /** After a step: let every service whose tasks changed react at this instant. */
  private reconcileServicesOf(tasks: TaskRecord[]): void {
    const services = new Set(
      tasks.map(t => serviceOf(this.state, t)).filter((s): s is ServiceRecord => s !== undefined)
    )
    for (const service of services) this.reconcile(service)
  }

  /** PROVISIONING → PENDING → ACTIVATING → RUNNING → healthy, or the scenario's failure on the way. */
  private scheduleLifecycle(batch: TaskRecord[], failure: ScenarioFailure | undefined): void {
    const start = this.state.time
    const startSeconds = Math.max(1, this.state.scenario.taskStartSeconds)
    const healthySeconds = this.state.scenario.healthyAfterSeconds
    const live = (): TaskRecord[] => batch.filter(t => t.desiredStatus === 'RUNNING')
    const step = (atSeconds: number, run: (tasks: TaskRecord[]) => void): void => {
      schedule(this.state, start + ms(this.state, atSeconds), () => {
        const tasks = live()
        if (tasks.length > 0) run(tasks)
      })
    }

    step(0.2 * startSeconds, tasks => {
      for (const t of tasks) {
        this.touch(t, 'PENDING')
        t.pullStartedAt = this.state.time
      }
    })
    if (failure?.kind === 'pull') {
      step(0.5 * startSeconds, tasks => this.failTasks(tasks))
      return
    }
    step(0.7 * startSeconds, tasks => {
      for (const t of tasks) {
        this.touch(t, 'ACTIVATING')
        t.pullStoppedAt = this.state.time
        t.connectivityAt = this.state.time
      }
    })
    step(startSeconds, tasks => {
      for (const t of tasks) {
        this.touch(t, 'RUNNING')
        t.startedAt = this.state.time
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
        const service = serviceOf(this.state, t)
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
      const service = serviceOf(this.state, t)
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
      const service = serviceOf(this.state, t)
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
        t.stoppingAt = this.state.time
        t.executionStoppedAt = this.state.time
        t.stoppedReason = reason
        t.stopCode = stopCode
        this.touch(t, 'DEPROVISIONING')
      }
      schedule(this.state, this.state.time + ms(this.state, 1), () => {
        for (const t of tasks) {
          t.stoppedAt = this.state.time
          this.touch(t, 'STOPPED')
        }
        this.reconcileServicesOf(tasks)
      })
    }
    const byDeployment = new Map<string, { service: ServiceRecord; count: number }>()
    for (const t of tasks) {
      const service = serviceOf(this.state, t)
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
    const span = Math.max(0, this.state.time - from)
    const stream = this.state.logs.get(key) ?? []
    lines.forEach((message, index) => {
      stream.push({ timestamp: Math.round(from + (span * index) / Math.max(1, lines.length)), message })
    })
    this.state.logs.set(key, stream)
    // Oldest streams go first once there are many (a failing service left alone writes one per task).
    for (const oldest of this.state.logs.keys()) {
      if (this.state.logs.size <= maxLogStreams) break
      this.state.logs.delete(oldest)
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
      t.stoppingAt = this.state.time
      t.stoppedReason = reason
      t.stopCode = stopCode
    }
    const finish = (group: TaskRecord[], drainMs: number): void => {
      schedule(this.state, this.state.time + drainMs, () => {
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
      schedule(this.state, this.state.time + drainMs + ms(this.state, 1), () => {
        for (const t of group) {
          t.executionStoppedAt = this.state.time
          for (const c of t.containers) {
            if (c.lastStatus === 'RUNNING') c.exitCode ??= 143
            c.lastStatus = 'STOPPED'
          }
          this.touch(t, 'DEPROVISIONING')
        }
      })
      schedule(this.state, this.state.time + drainMs + ms(this.state, 2), () => {
        for (const t of group) {
          t.stoppedAt = this.state.time
          this.touch(t, 'STOPPED')
        }
        this.reconcileServicesOf(group)
      })
    }
    if (wasRunning.length > 0) {
      // Behind a load balancer a task drains (DEACTIVATING) for the deregistration delay, or not at all when its
      // target holds no connections; without one it stops at once.
      const service = announceFor ?? serviceOf(this.state, wasRunning[0]!)
      const behindTargetGroups = (service?.loadBalancers ?? []).some(
        lb => typeof lb.targetGroupArn === 'string'
      )
      if (service && behindTargetGroups) {
        for (const t of wasRunning) this.touch(t, 'DEACTIVATING')
        this.addEvent(service, messages.draining(service.name, wasRunning.length))
        this.targetEvents(wasRunning, 'deregistered')
      }
      const drains = behindTargetGroups && !this.state.scenario.idleTargets
      finish(wasRunning, drains ? ms(this.state, this.state.scenario.drainSeconds) : 0)
    }
    if (notRunning.length > 0) finish(notRunning, 0)
  }

  private runTask(input: Json): Json {
    const cluster = requireCluster(this.state, optString(input, 'cluster'))
    const td = requireTaskDefinition(this.state, reqString(input, 'taskDefinition', 'RunTask'))
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
    checkTaskDefinitionForService(this.state, td.arn, launchType, optObject(input, 'networkConfiguration'))
    if (this.state.scenario.placementFailure) {
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
    return { tasks: tasks.map(t => taskJson(this.state, t, false)), failures: [] }
  }

  private stopTask(input: Json): Json {
    const cluster = requireCluster(this.state, optString(input, 'cluster'))
    const ref = reqString(input, 'task', 'StopTask')
    const task = findTask(this.state, cluster, ref)
    if (!task) throw new AwsError('InvalidParameterException', `The referenced task was not found: ${ref}.`)
    if (task.desiredStatus === 'RUNNING') {
      this.stopTasks([task], optString(input, 'reason') ?? 'Task stopped by user', 'UserInitiated', undefined)
      const service = serviceOf(this.state, task)
      if (service) this.reconcile(service)
    }
    return { task: taskJson(this.state, task, false) }
  }

  private listTasks(input: Json): Json {
    const cluster = requireCluster(this.state, optString(input, 'cluster'))
    const serviceName = optString(input, 'serviceName')
    if (serviceName !== undefined && !findService(this.state, cluster, serviceName)) throw notFound('service')
    const family = optString(input, 'family')
    const startedBy = optString(input, 'startedBy')
    const desiredStatus = optString(input, 'desiredStatus') ?? 'RUNNING'
    const launchType = optString(input, 'launchType')
    const all = [...this.state.tasks.values()]
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
    const cluster = requireCluster(this.state, optString(input, 'cluster'))
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
      const task = findTask(this.state, cluster, ref)
      if (task) tasks.push(taskJson(this.state, task, withTags))
      else
        failures.push({
          arn: ref.startsWith('arn:') ? ref : arns.task(this.state.account, cluster.name, ref),
          reason: 'MISSING'
        })
    }
    return { tasks, failures }
  }

  // ---- service deployments (the newer API) ----

  // ---- JSON views (timestamps in epoch seconds, as the JSON protocol carries them) ----
}
