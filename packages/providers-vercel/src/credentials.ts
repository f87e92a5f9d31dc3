import { checkWith, messageOf, type TCredentialCheck } from '@shipyard/deploy-core/provider-kit';
import { createVercelApi } from './api';
import { ZVercelConnectionOptionsSchema, type TVercelConnectionInput } from './options';

export type { TCredentialCheck };

/**
 * Checks saved Vercel credentials with one cheap authenticated call: list one project of the team
 * (`GET /v10/projects?limit=1&teamId=`). It proves the token is valid and its scope includes the
 * team, which `/v2/user` alone would not.
 */
export async function checkCredentials(input: TVercelConnectionInput): Promise<TCredentialCheck> {
  return checkWith(ZVercelConnectionOptionsSchema.safeParse(input), async (options) => {
    const api = createVercelApi(options);
    try {
      await api.call({ action: 'list the projects', scope: 'projects' }, (req) => api.sdk.projects.getProjects({ limit: '1', ...api.team }, req));
    } catch (error) {
      return { ok: false, message: api.redact(messageOf(error)) };
    }
    return { ok: true, message: `The token works for ${options.teamId ? `team ${options.teamId}` : 'the personal account'}.` };
  });
}
