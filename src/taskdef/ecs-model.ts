// The parts of the SDK's ECS model the task definition checks read (schemas and enums), from the package's own
// model files rather than its entry: the bundle then keeps the ECS client out of the start-up chunk, loaded only
// when the first ECS call is made (src/aws/clients.ts). Jest maps these paths to the entry (jest.config.js).
export {
  ContainerDefinition$,
  RegisterTaskDefinitionRequest$
} from '@aws-sdk/client-ecs/dist-es/schemas/schemas_0.js'
// The enums the checks use; src/types/client-ecs-model.d.ts lists them.
export * from '@aws-sdk/client-ecs/dist-es/models/enums.js'
