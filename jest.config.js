/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/after-env.ts'],
  // Many files start whole apps (catalogue, classifiers trained at start, Redis, BullMQ) in a hook:
  // seconds of CPU each, which a loaded 2-core CI machine stretched past 20 s.
  testTimeout: 60000,
  // CI machines have 2 cores, so jest would run every file in its own process ("in band") and
  // that process grew past V8's 4 GB heap after ~170 files (a clean CI run died of it). A memory
  // limit makes jest use a worker process (even with one) and replace it once it holds more.
  workerIdleMemoryLimit: '1GB',
  // Two workers on the 2-core CI machine (jest's default is cores - 1 = one): with one, a file's
  // JavaScript ran on one core while the other mostly idled (measured on 36 files: 43% of a
  // file's time its worker waited on Chromium, child processes, Redis or timers). Test files
  // share the run's Redis and isolate themselves with random ids and queue names.
  maxWorkers: 2,
};
