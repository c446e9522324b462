// CodeDeploy: the one wrapper of CodeDeployClient, for ECS blue/green deployments. Loaded only through the factory
// in clients.ts, so it is a chunk of its own: a run that never deploys to CodeDeploy never loads it.
import {
  CodeDeployClient,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  GetApplicationCommand,
  GetDeploymentCommand,
  GetDeploymentConfigCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  RegisterApplicationRevisionCommand,
  StopDeploymentCommand,
  type ApplicationInfo,
  type DeploymentConfigInfo,
  type DeploymentGroupInfo,
  type DeploymentInfo,
  type ECSTarget,
  type RevisionLocation
} from '@aws-sdk/client-codedeploy'
import { awsCall, AwsCallError, errorName } from './errors.js'

export interface CreateDeploymentRequest {
  application: string
  deploymentGroup: string
  /** The AppSpec, YAML or JSON, with the task definition this run registered. */
  appSpecContent: string
  deploymentConfig?: string
  description?: string
}

export interface CodeDeployApi {
  /** undefined when CodeDeploy has no application of that name. */
  getApplication(name: string): Promise<ApplicationInfo | undefined>
  /** undefined when the application has no deployment group of that name. */
  getDeploymentGroup(application: string, group: string): Promise<DeploymentGroupInfo | undefined>
  /** undefined when no deployment configuration has that name. */
  getDeploymentConfig(name: string): Promise<DeploymentConfigInfo | undefined>
  /** Records the AppSpec as a revision of the application (CreateDeployment needs the same permission). */
  registerApplicationRevision(request: CreateDeploymentRequest): Promise<void>
  /** CreateDeployment; returns the deployment id (d-...). */
  createDeployment(request: CreateDeploymentRequest): Promise<string>
  getDeployment(id: string): Promise<DeploymentInfo | undefined>
  /** The ECS target (`<cluster>:<service>`) of a deployment: lifecycle events and task sets. */
  getDeploymentTarget(id: string, targetId: string): Promise<ECSTarget | undefined>
  /** StopDeployment; with autoRollbackEnabled CodeDeploy puts traffic back on the original task set. */
  stopDeployment(
    id: string,
    autoRollbackEnabled: boolean
  ): Promise<{ status?: string; statusMessage?: string }>
  /** ContinueDeployment: READY_WAIT reroutes traffic of a deployment waiting in Ready. */
  continueDeployment(id: string, waitType: 'READY_WAIT' | 'TERMINATION_WAIT'): Promise<void>
}

/** The revision CreateDeployment and RegisterApplicationRevision take: the AppSpec inline. */
export function appSpecRevision(content: string): RevisionLocation {
  return { revisionType: 'AppSpecContent', appSpecContent: { content } }
}

const missing = async <T>(what: string, names: string[], call: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await awsCall(what, call)
  } catch (e) {
    if (e instanceof AwsCallError && names.includes(errorName(e.cause) ?? '')) return undefined
    throw e
  }
}

export function createCodeDeployApi(client: CodeDeployClient): CodeDeployApi {
  return {
    async getApplication(name) {
      const response = await missing(
        `Reading CodeDeploy application ${name} (codedeploy:GetApplication)`,
        ['ApplicationDoesNotExistException'],
        () => client.send(new GetApplicationCommand({ applicationName: name }))
      )
      return response?.application
    },

    async getDeploymentGroup(application, group) {
      const response = await missing(
        `Reading CodeDeploy deployment group ${group} of ${application} (codedeploy:GetDeploymentGroup)`,
        ['DeploymentGroupDoesNotExistException', 'ApplicationDoesNotExistException'],
        () =>
          client.send(
            new GetDeploymentGroupCommand({ applicationName: application, deploymentGroupName: group })
          )
      )
      return response?.deploymentGroupInfo
    },

    async getDeploymentConfig(name) {
      const response = await missing(
        `Reading CodeDeploy deployment configuration ${name} (codedeploy:GetDeploymentConfig)`,
        ['DeploymentConfigDoesNotExistException'],
        () => client.send(new GetDeploymentConfigCommand({ deploymentConfigName: name }))
      )
      return response?.deploymentConfigInfo
    },

    async registerApplicationRevision(request) {
      await awsCall(
        `Registering the AppSpec as a revision of ${request.application} (codedeploy:RegisterApplicationRevision)`,
        () =>
          client.send(
            new RegisterApplicationRevisionCommand({
              applicationName: request.application,
              revision: appSpecRevision(request.appSpecContent),
              ...(request.description ? { description: request.description } : {})
            })
          )
      )
    },

    async createDeployment(request) {
      const response = await awsCall(
        `Creating a CodeDeploy deployment in ${request.application}/${request.deploymentGroup} (codedeploy:CreateDeployment)`,
        () =>
          client.send(
            new CreateDeploymentCommand({
              applicationName: request.application,
              deploymentGroupName: request.deploymentGroup,
              revision: appSpecRevision(request.appSpecContent),
              ...(request.deploymentConfig ? { deploymentConfigName: request.deploymentConfig } : {}),
              ...(request.description ? { description: request.description } : {})
            })
          )
      )
      if (!response.deploymentId)
        throw new AwsCallError(
          'codedeploy:CreateDeployment',
          new Error('CodeDeploy returned no deploymentId')
        )
      return response.deploymentId
    },

    async getDeployment(id) {
      const response = await awsCall(`Reading CodeDeploy deployment ${id} (codedeploy:GetDeployment)`, () =>
        client.send(new GetDeploymentCommand({ deploymentId: id }))
      )
      return response.deploymentInfo
    },

    async getDeploymentTarget(id, targetId) {
      const response = await awsCall(
        `Reading target ${targetId} of CodeDeploy deployment ${id} (codedeploy:GetDeploymentTarget)`,
        () => client.send(new GetDeploymentTargetCommand({ deploymentId: id, targetId }))
      )
      return response.deploymentTarget?.ecsTarget
    },

    async stopDeployment(id, autoRollbackEnabled) {
      const response = await awsCall(`Stopping CodeDeploy deployment ${id} (codedeploy:StopDeployment)`, () =>
        client.send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled }))
      )
      return { status: response.status, statusMessage: response.statusMessage }
    },

    async continueDeployment(id, waitType) {
      await awsCall(`Continuing CodeDeploy deployment ${id} (codedeploy:ContinueDeployment)`, () =>
        client.send(new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: waitType }))
      )
    }
  }
}
