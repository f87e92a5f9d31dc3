import { createTursoApi } from './api';
import { ZTursoConnectionOptionsSchema, type TTursoConnectionInput } from './options';

export interface TCredentialCheck {
  ok: boolean;
  /** What works, or what is wrong and how to fix it. Never contains the token. */
  message: string;
}

/**
 * Checks saved Turso credentials with one cheap authenticated read: the group databases go to
 * (`GET /v1/organizations/{org}/groups/{group}`). It proves the token, the organization slug and
 * the group in one call.
 */
export async function checkCredentials(input: TTursoConnectionInput & { group?: string }): Promise<TCredentialCheck> {
  const parsed = ZTursoConnectionOptionsSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join(' ') };
  }
  const options = { ...parsed.data, maxRetries: Math.min(parsed.data.maxRetries, 2), maxRetryAfterMs: Math.min(parsed.data.maxRetryAfterMs, 10_000) };
  const group = input.group ?? 'default';
  const api = createTursoApi(options);
  try {
    await api.call(
      { action: `read the group ${group}`, scope: 'read', resource: `the group ${group}` },
      'GET',
      `${api.organizationPath}/groups/${encodeURIComponent(group)}`,
    );
    return { ok: true, message: `The token works for organization ${options.organization}; group ${group} exists.` };
  } catch (error) {
    return { ok: false, message: api.redact(error instanceof Error ? error.message : String(error)) };
  }
}
