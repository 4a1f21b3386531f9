// One Jest run covers every workspace package, action and the cross-cutting tests.
// esbuild strips the types (test/support/esbuild-transform.js); `pnpm typecheck` checks them.
import os from 'node:os';

/** @type {import('jest').Config} */
export default {
  // Most suites wait on child processes, emulators and servers rather than compute: Jest's default
  // (cores - 1, one worker on a 2-core machine) left the CPU idle most of a run, and two workers
  // per core left it 14-60 % idle once lint, typecheck and check-dist (beside the tests in CI) had
  // ended. Three per core kept it busy; four only added contention (clean-clone CI: 2/core 337 s,
  // 3/core 305 s, 4/core 313-340 s). With the planned order (test-order.js), 3.5 per core left
  // 15-19 CPU-seconds idle against 40-41 for 3, but each file used more CPU (271 against 257-259
  // CPU-s): 226-227 s against 230-231 s, in two pairs of clean-clone CI runs. Verdicts depend on
  // simulated time only, so the count changes how long a run takes, not what it finds. Each
  // file's wall and CPU time: .tmp/jest-suite-times.tsv.
  maxWorkers: Math.max(2, Math.round(os.availableParallelism() * 3.5)),
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
    '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js',
  },
  setupFilesAfterEnv: ['<rootDir>/test/support/cpu-time-setup.js'],
  // Every scratch folder of the run goes in one folder of its own, removed at the end (temp-root.js).
  globalSetup: '<rootDir>/test/support/temp-root-setup.js',
  globalTeardown: '<rootDir>/test/support/temp-root-teardown.js',
  reporters: ['default', '<rootDir>/scripts/jest-tally-reporter.js'],
  // An order that keeps the CPU busy and starts the longest files first (test-order.js).
  testSequencer: '<rootDir>/test/support/test-order-sequencer.js',
  // A hang guard, not a verdict on speed: a loaded CI machine (load 16-30 on 2 cores) runs a test
  // several times slower than an idle one.
  testTimeout: 180_000,
  slowTestThreshold: 1,
};
