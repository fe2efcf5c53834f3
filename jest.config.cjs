/** Unit tests sit beside the code they test (src/**, harness/**), system tests in test/. */
const transpileOnly = (tsconfig) => ['ts-jest', { tsconfig, diagnostics: false }];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/harness', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Transpile only: `npm run typecheck` is the type check.
    '^.+\\.tsx?$': transpileOnly('tsconfig.json'),
    // ESM-only dependency of openapi-backend, which Jest's CommonJS loader cannot require as it is.
    '/node_modules/@apidevtools/json-schema-ref-parser/.+\\.js$': transpileOnly({ allowJs: true, module: 'commonjs', isolatedModules: true }),
  },
  transformIgnorePatterns: ['/node_modules/(?!@apidevtools/json-schema-ref-parser/)'],
  // System tests run whole scenarios (and real Retry-After waits) through the local Forge host.
  testTimeout: 30_000,
  globalSetup: '<rootDir>/test/setup/global-setup.cjs',
  setupFiles: ['<rootDir>/test/setup/stand-alone.cjs'],
};
