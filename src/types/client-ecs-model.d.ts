// Types for the ECS model file src/taskdef/ecs-model.ts imports: the same values the package's entry exports.
declare module '@aws-sdk/client-ecs/dist-es/models/enums.js' {
  export {
    ApplicationProtocol,
    Compatibility,
    ContainerCondition,
    CPUArchitecture,
    IpcMode,
    LogDriver,
    NetworkMode,
    OSFamily,
    PidMode,
    TransportProtocol
  } from '@aws-sdk/client-ecs'
}
