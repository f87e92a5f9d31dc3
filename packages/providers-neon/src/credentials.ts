import { createNeonApi } from './api';
import { ZNeonConnectionOptionsSchema, type TNeonConnectionInput } from './options';

export interface TCredentialCheck {
  ok: boolean;
  /** What works, or what is wrong and how to fix it. Never contains the key. */
  message: string;
}

/**
 * Checks a saved Neon API key with one cheap authenticated read: list one project (in `orgId`
 * when set). Works for personal and organization keys alike.
 */
export async function checkCredentials(input: TNeonConnectionInput): Promise<TCredentialCheck> {
  const parsed = ZNeonConnectionOptionsSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join(' ') };
  }
  const options = { ...parsed.data, maxRetries: Math.min(parsed.data.maxRetries, 2), maxRetryAfterMs: Math.min(parsed.data.maxRetryAfterMs, 10_000) };
  const api = createNeonApi(options);
  try {
    await api.call({ action: 'list projects', scope: 'read' }, (req) => api.sdk.listProjects({ limit: 1, ...(options.orgId ? { org_id: options.orgId } : {}) }, req));
    return { ok: true, message: `The API key works${options.orgId ? ` for organization ${options.orgId}` : ''}.` };
  } catch (error) {
    return { ok: false, message: api.redact(error instanceof Error ? error.message : String(error)) };
  }
}
