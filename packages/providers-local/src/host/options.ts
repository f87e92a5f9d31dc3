import { z } from 'zod';

/** The host's options as a schema, for a provider registry that validates configuration at start-up. */
export const ZLocalHostOptionsSchema = z.object({
  dataDir: z.string().min(1),
  port: z.number().int().min(0).max(65_535).optional(),
  listenHost: z.string().min(1).optional(),
  baseDomain: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'use a lower-case host name such as localhost or apps.example.test')
    .optional(),
  appsPerCell: z.number().int().min(1).max(200).optional(),
  keepDeployments: z.number().int().min(2).max(1_000).optional(),
  requestLogSize: z.number().int().min(10).max(100_000).optional(),
  drainTimeoutMs: z.number().int().min(0).max(600_000).optional(),
  envKey: z.string().min(1).optional(),
  outboundAllow: z.array(z.string().min(1)).optional(),
});
