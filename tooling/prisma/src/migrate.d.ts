export { applyMigrations, PrismaToolingError, isPrismaToolingError } from './index.js';
export type { ApplyMigrationsOptions, ApplyMigrationsResult, ProgressLogger } from './index.js';
