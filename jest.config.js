// Two projects: fast unit tests, and end-to-end tests that run the bundle against the local stand-in.
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    // The ECS model files the bundle imports (src/taskdef/ecs-model.ts) are the entry's exports: tests use the entry.
    '^@aws-sdk/client-ecs/dist-es/.*$': '@aws-sdk/client-ecs',
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: ['TS151001'] } }
    ]
  },
  testEnvironment: 'node'
}

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts', '<rootDir>/emulator/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/e2e/']
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'],
      // System packages and Node 24: only when an end-to-end test runs.
      globalSetup: '<rootDir>/__tests__/e2e/global-setup.js'
    }
  ]
}
