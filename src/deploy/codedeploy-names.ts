// What the CodeDeploy path shares without loading it: the names the ECS console gives a service's application and
// deployment group, the path's label and its error.

/** "prod" from a cluster ARN, "web" from a service ARN; a name stays a name. */
export function resourceName(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').at(-1) ?? nameOrArn) : nameOrArn
}

/** The names the ECS console gives a service's CodeDeploy application and deployment group. */
export function consoleNames(
  cluster: string,
  service: string
): { application: string; deploymentGroup: string } {
  const c = resourceName(cluster)
  const s = resourceName(service)
  return { application: `AppECS-${c}-${s}`, deploymentGroup: `DgpECS-${c}-${s}` }
}

export const CODEDEPLOY_LABEL = 'CodeDeploy blue/green deployment'

/** A CodeDeploy problem found before or while deploying, said in the user's words. */
export class CodeDeployError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CodeDeployError'
  }
}
