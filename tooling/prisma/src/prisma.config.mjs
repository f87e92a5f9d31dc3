// Deliberately empty. `shipyard-prisma generate` passes this file as `--config`, so `prisma generate`
// never loads a package's own prisma.config.ts (which may read variables that are not set, or
// point at a database): generation needs only the schema, and no URL.
export default {};
