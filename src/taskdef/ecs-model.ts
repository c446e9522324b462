// The parts of the SDK's ECS model the task definition checks read (schemas and enums), without the package's entry:
// the bundle then keeps the ECS client out of the start-up chunk, loaded only when the first ECS call is made
// (src/aws/clients.ts). The schemas are the ones RegisterTaskDefinition's request reaches, generated from the SDK's
// model (ecs-schema.ts, `npm run ecs-schema`): the SDK's whole model file is every operation's shapes, a good part
// of the start-up's compile time. Jest maps the enums' path to the entry (jest.config.js).
export { ContainerDefinition$, RegisterTaskDefinitionRequest$ } from './ecs-schema.js'
// The enums the checks use; src/types/client-ecs-model.d.ts lists them.
export * from '@aws-sdk/client-ecs/dist-es/models/enums.js'
