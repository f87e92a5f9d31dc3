import config from '@shipyard/eslint-config';

export default [{ ignores: ['.tmp/**'] }, ...config];
