// Jest runs in its native ESM mode (node --experimental-vm-modules) because
// NestJS 12 ships ES modules only.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/', '/.tools/'],
  setupFiles: ['<rootDir>/test/hulp/jest-setup.ts'],
  testTimeout: 60_000,
  // The suite is long and ESM test modules are never freed from a process
  // (vm modules), so one in-band process ran out of heap after ~30 minutes.
  // A memory limit makes jest run the files in a worker it replaces once the
  // worker's heap passes the limit.
  workerIdleMemoryLimit: '1.5GB',
};
