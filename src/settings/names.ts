// The names of every input and output, as action.yml spells them, and the inputs' defaults: the one table.
// A unit test checks it against action.yml.

/** Each input: its name, and the default action.yml gives it (the runner passes it as if it were set). */
export const INPUTS = {
  cluster: { name: 'cluster', default: 'default' },
  service: { name: 'service' },
  taskDefinition: { name: 'task-definition' },
  containerName: { name: 'container-name' },
  ecrRepository: { name: 'ecr-repository' },
  tagTemplate: { name: 'tag-template', default: '{version}-{short-sha}' },
  version: { name: 'version' },
  additionalTags: { name: 'additional-tags' },
  imageReference: { name: 'image-reference', default: 'tag' },
  image: { name: 'image' },
  imageTag: { name: 'image-tag' },
  workingDirectory: { name: 'working-directory', default: '.' },
  javaBuild: { name: 'java-build', default: 'auto' },
  buildCommand: { name: 'build-command' },
  containerEngine: { name: 'container-engine', default: 'docker' },
  dockerfile: { name: 'dockerfile' },
  context: { name: 'context' },
  buildArgs: { name: 'build-args' },
  target: { name: 'target' },
  platform: { name: 'platform' },
  forceNewDeployment: { name: 'force-new-deployment', default: 'false' },
  desiredCount: { name: 'desired-count' },
  onBusy: { name: 'on-busy', default: 'wait' },
  waitForServiceStability: { name: 'wait-for-service-stability', default: 'true' },
  waitForMinutes: { name: 'wait-for-minutes', default: '30' },
  rollbackOnFailure: { name: 'rollback-on-failure', default: 'false' },
  maxTaskFailures: { name: 'max-task-failures', default: '3' },
  // Several services of one release (issue 13).
  services: { name: 'services' },
  servicesOrder: { name: 'services-order', default: 'parallel' },
  rollbackScope: { name: 'rollback-scope', default: 'all' },
  // How a deployment is followed and ended on every path (issue 11).
  waitUntil: { name: 'wait-until', default: 'deployed' },
  onPause: { name: 'on-pause', default: 'wait' },
  onCancel: { name: 'on-cancel', default: 'leave' },
  // CodeDeploy blue/green (CODE_DEPLOY controller): the official deploy action's names.
  codedeployAppspec: { name: 'codedeploy-appspec' },
  codedeployApplication: { name: 'codedeploy-application' },
  codedeployDeploymentGroup: { name: 'codedeploy-deployment-group' },
  codedeployDeploymentConfig: { name: 'codedeploy-deployment-config' },
  codedeployDeploymentDescription: { name: 'codedeploy-deployment-description' },
  runTaskCommand: { name: 'run-task-command' },
  runTaskContainer: { name: 'run-task-container' },
  runTaskTaskDefinition: { name: 'run-task-task-definition' },
  runTaskSubnets: { name: 'run-task-subnets' },
  runTaskSecurityGroups: { name: 'run-task-security-groups' },
  runTaskAssignPublicIp: { name: 'run-task-assign-public-ip' },
  runTaskLaunchType: { name: 'run-task-launch-type' },
  runTaskCapacityProviderStrategy: { name: 'run-task-capacity-provider-strategy' },
  runTaskTimeoutMinutes: { name: 'run-task-timeout-minutes', default: '30' },
  verify: { name: 'verify', default: 'basic' },
  dryRun: { name: 'dry-run', default: 'false' },
  awsRegion: { name: 'aws-region' },
  awsAccessKeyId: { name: 'aws-access-key-id' },
  awsSecretAccessKey: { name: 'aws-secret-access-key' },
  awsSessionToken: { name: 'aws-session-token' },
  roleToAssume: { name: 'role-to-assume' },
  roleSessionName: { name: 'role-session-name', default: 'release-to-ecs' },
  // Task definitions kept in ECS, more containers, per-environment overrides and service settings (issue 12).
  taskDefinitionFamily: { name: 'task-definition-family' },
  taskDefinitionArn: { name: 'task-definition-arn' },
  containerImages: { name: 'container-images' },
  environmentVariables: { name: 'environment-variables' },
  secrets: { name: 'secrets' },
  envFiles: { name: 'env-files' },
  command: { name: 'command' },
  dockerLabels: { name: 'docker-labels' },
  logConfigurationLogDriver: { name: 'log-configuration-log-driver' },
  logConfigurationOptions: { name: 'log-configuration-options' },
  taskRoleArn: { name: 'task-role-arn' },
  executionRoleArn: { name: 'execution-role-arn' },
  cpu: { name: 'cpu' },
  memory: { name: 'memory' },
  propagateTags: { name: 'propagate-tags' },
  enableEcsManagedTags: { name: 'enable-ecs-managed-tags' },
  enableExecuteCommand: { name: 'enable-execute-command' },
  serviceManagedEbsVolumeName: { name: 'service-managed-ebs-volume-name' },
  serviceManagedEbsVolume: { name: 'service-managed-ebs-volume' },
  availabilityZoneRebalancing: { name: 'availability-zone-rebalancing' },
  minimumHealthyPercent: { name: 'minimum-healthy-percent' },
  maximumPercent: { name: 'maximum-percent' },
  healthCheckGracePeriodSeconds: { name: 'health-check-grace-period-seconds' }
} as const satisfies Record<string, { name: string; default?: string }>

type InputKey = keyof typeof INPUTS

/** Input names by key: Inputs.taskDefinition is 'task-definition'. */
export const Inputs = Object.fromEntries(Object.entries(INPUTS).map(([key, spec]) => [key, spec.name])) as {
  [K in InputKey]: (typeof INPUTS)[K]['name']
}

/** The default action.yml gives an input, by its name; undefined when it has none. */
export function inputDefault(name: string): string | undefined {
  const spec = Object.values(INPUTS).find(s => s.name === name)
  return spec && 'default' in spec ? spec.default : undefined
}

/** Output names, as action.yml spells them. */
export const Outputs = {
  image: 'image',
  imageDigest: 'image-digest',
  imageTag: 'image-tag',
  taskDefinition: 'task-definition',
  taskDefinitionArn: 'task-definition-arn',
  taskDefinitionRevision: 'task-definition-revision',
  deploymentId: 'deployment-id',
  previousTaskDefinitionArn: 'previous-task-definition-arn',
  rolloutState: 'rollout-state',
  iamPolicy: 'iam-policy',
  runTaskArn: 'run-task-arn',
  runTaskExitCode: 'run-task-exit-code',
  serviceDeploymentArn: 'service-deployment-arn',
  hookId: 'hook-id',
  codedeployDeploymentId: 'codedeploy-deployment-id',
  services: 'services'
} as const

export type OutputName = (typeof Outputs)[keyof typeof Outputs]

/** Reads one input by its action.yml name ('' when not given). */
export type InputReader = (name: string) => string
