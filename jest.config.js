/** Unit specs sit beside the code; integration and e2e specs under test/. All run against real PostgreSQL and Redis. */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: '(libs|apps|scripts)/.*\\.spec\\.ts$|test/.*\\.e2e-spec\\.ts$|test/.*\\.int-spec\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json', diagnostics: false }] },
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@app/(common|identity|catalog|tickets)$': '<rootDir>/libs/$1/src',
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
