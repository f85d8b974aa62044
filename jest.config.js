/** Dependencies published only as ES modules (content-disposition under @fastify/static; sanitize-html's parser). */
const ESM_ONLY = 'content-disposition|htmlparser2|domhandler|domutils|dom-serializer|entities|domelementtype';

/** Unit specs sit beside the code; integration and e2e specs under test/. All run against real PostgreSQL and Redis. */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: '(libs|apps|scripts)/.*\\.spec\\.ts$|test/.*\\.e2e-spec\\.ts$|test/.*\\.int-spec\\.ts$',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json', diagnostics: false }],
    // Node 20.19+ can require() ES modules, jest cannot: the few ESM-only dependencies are compiled to CommonJS for tests.
    [`^.+/node_modules/(${ESM_ONLY})/.+\\.js$`]: ['ts-jest', { tsconfig: 'tsconfig.spec.json', diagnostics: false }],
  },
  transformIgnorePatterns: [`^(?!.*/node_modules/(${ESM_ONLY})/).*/node_modules/`],
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@app/(common|identity|catalog|tickets|dispatch|notifications|knowledge|intake|callbacks|kpi|reports)$': '<rootDir>/libs/$1/src',
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
};
