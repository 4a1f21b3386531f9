// One Jest run covers every workspace package, action and the cross-cutting tests.
// ts-jest transpiles only (isolatedModules); `pnpm typecheck` does the type checking.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>'],
  testMatch: ['**/test/**/*.test.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '/dist/',
    '/\\.tmp/',
    '/\\.tools/',
    '<rootDir>/action-templates/',
  ],
  modulePathIgnorePatterns: ['<rootDir>/actions/[^/]+/dist/', '/\\.tmp/', '<rootDir>/\\.tools/'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  reporters: ['default', '<rootDir>/scripts/jest-tally-reporter.js'],
  testTimeout: 60_000,
  slowTestThreshold: 1,
};
