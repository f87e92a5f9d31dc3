import { checkWith, messageOf, type TCredentialCheck } from '@shipyard/deploy-core/provider-kit';
import { createNeonApi } from './api';
import { ZNeonConnectionOptionsSchema, type TNeonConnectionInput } from './options';

export type { TCredentialCheck };

/**
 * Checks a saved Neon API key with one cheap authenticated read: list one project (in `orgId`
 * when set). Works for personal and organization keys alike.
 */
export async function checkCredentials(input: TNeonConnectionInput): Promise<TCredentialCheck> {
  return checkWith(ZNeonConnectionOptionsSchema.safeParse(input), async (options) => {
    const api = createNeonApi(options);
    try {
      await api.call({ action: 'list projects', scope: 'read' }, (req) => api.sdk.listProjects({ limit: 1, ...(options.orgId ? { org_id: options.orgId } : {}) }, req));
      return { ok: true, message: `The API key works${options.orgId ? ` for organization ${options.orgId}` : ''}.` };
    } catch (error) {
      return { ok: false, message: api.redact(messageOf(error)) };
    }
  });
}
