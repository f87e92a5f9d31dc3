// The runtime entry: applying migrations only. It does not load the Prisma CLI, so hosts (the
// platform's Next.js server, the worker) can bundle or import it cheaply at boot.
export { applyMigrations } from './apply.mjs';
export { PrismaToolingError, isPrismaToolingError } from './errors.mjs';
