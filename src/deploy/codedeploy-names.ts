// The names of a service's CodeDeploy application and deployment group, as the ECS console makes them (pure).

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
