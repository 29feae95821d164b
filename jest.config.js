/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // One real Temporal server and one real PostgreSQL for the whole run (test/setup/globalSetup.ts).
  globalSetup: '<rootDir>/test/setup/globalSetup.ts',
  globalTeardown: '<rootDir>/test/setup/globalTeardown.ts',
  // A retried Temporal call whose connection a test closed must not take the next test file down (see the file).
  setupFiles: ['<rootDir>/test/setup/installClosedChannelGuard.ts'],
  testTimeout: 120_000,
  maxWorkers: 2,
};
