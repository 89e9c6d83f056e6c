// The fault drills (`npm run test:faults`): whole built processes started, killed and restarted by the tests.
// Same transform and aliases as the integration suites; never part of a plain `jest` run.
const root = require('../../jest.config.cjs');

const integration = root.projects.find((p) => p.displayName === 'integration');

module.exports = {
  testTimeout: 300000,
  projects: [
    {
      ...integration,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
    },
  ],
};
