import { checkWith, messageOf, type TCredentialCheck } from '@shipyard/deploy-core/provider-kit';
import { createTursoApi } from './api';
import { ZTursoConnectionOptionsSchema, type TTursoConnectionInput } from './options';

export type { TCredentialCheck };

/**
 * Checks saved Turso credentials with one cheap authenticated read: the group databases go to
 * (`GET /v1/organizations/{org}/groups/{group}`). It proves the token, the organization slug and
 * the group in one call.
 */
export async function checkCredentials(input: TTursoConnectionInput & { group?: string }): Promise<TCredentialCheck> {
  return checkWith(ZTursoConnectionOptionsSchema.safeParse(input), async (options) => {
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
      return { ok: false, message: api.redact(messageOf(error)) };
    }
  });
}
