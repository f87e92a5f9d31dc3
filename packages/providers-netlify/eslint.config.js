export { default } from '@shipyard/eslint-config';
