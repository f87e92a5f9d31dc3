import config from '@shipyard/eslint-config';

// Fixture apps are generated-app sources compiled by the deploy build, not by this package.
export default [...config, { ignores: ['integration-tests/fixtures/*/**'] }];
