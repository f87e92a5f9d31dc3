import { defineProject } from '@shipyard/vitest-config';

export default defineProject({});
