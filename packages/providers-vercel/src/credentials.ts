import { createVercelApi } from './api';
import { ZVercelConnectionOptionsSchema, type TVercelConnectionInput } from './options';

export interface TCredentialCheck {
  ok: boolean;
  /** What works, or what is wrong and how to fix it. Never contains the token. */
  message: string;
}

/**
 * Checks saved Vercel credentials with one cheap authenticated call: list one project of the team
 * (`GET /v10/projects?limit=1&teamId=`). It proves the token is valid and its scope includes the
 * team, which `/v2/user` alone would not.
 */
export async function checkCredentials(input: TVercelConnectionInput): Promise<TCredentialCheck> {
  const parsed = ZVercelConnectionOptionsSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join(' ') };
  }
  const options = { ...parsed.data, maxRetries: Math.min(parsed.data.maxRetries, 2), maxRetryAfterMs: Math.min(parsed.data.maxRetryAfterMs, 10_000) };
  const api = createVercelApi(options);
  try {
    await api.call({ action: 'list the projects', scope: 'projects' }, (req) => api.sdk.projects.getProjects({ limit: '1', ...api.team }, req));
  } catch (error) {
    return { ok: false, message: api.redact(error instanceof Error ? error.message : String(error)) };
  }
  return { ok: true, message: `The token works for ${options.teamId ? `team ${options.teamId}` : 'the personal account'}.` };
}
