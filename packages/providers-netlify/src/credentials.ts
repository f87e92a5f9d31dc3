import { checkWith, messageOf, type TCredentialCheck } from '@shipyard/deploy-core/provider-kit';
import { createNetlifyApi } from './api';
import { NETLIFY_SCOPES } from './errors';
import { ZNetlifyConnectionOptionsSchema, type TNetlifyConnectionInput } from './options';

export type { TCredentialCheck };

interface TAccount {
  slug: string;
  name?: string;
  roles_allowed?: string[];
}

/**
 * Checks saved Netlify credentials with one cheap authenticated call: the teams the token can
 * reach (`GET /accounts`). It proves the token is valid and, when `accountSlug` is set, that the
 * token's user is a member of that team.
 */
export async function checkCredentials(input: TNetlifyConnectionInput): Promise<TCredentialCheck> {
  return checkWith(ZNetlifyConnectionOptionsSchema.safeParse(input), async (options) => {
    const api = createNetlifyApi(options);
    let accounts: TAccount[];
    try {
      const answer = await api.call<TAccount[]>({ action: 'list the teams the token can reach', scope: 'account' }, { method: 'GET', path: '/accounts', query: { minimal: true } });
      accounts = Array.isArray(answer) ? answer : [];
    } catch (error) {
      return { ok: false, message: api.redact(messageOf(error)) };
    }
    if (options.accountSlug) {
      const team = accounts.find((a) => a.slug === options.accountSlug);
      if (!team) {
        const known = accounts.map((a) => a.slug).join(', ');
        return {
          ok: false,
          message: `Netlify token invalid or missing scope ${NETLIFY_SCOPES.account}: the token works, but its user is not a member of team ${options.accountSlug}${known ? ` (it can reach: ${known})` : ''}. Use a token of a team member or fix accountSlug.`,
        };
      }
      return { ok: true, message: `The token works and can deploy to team ${team.name ?? team.slug} (${team.slug}).` };
    }
    return {
      ok: true,
      message: `The token works; sites go to its default team${accounts[0] ? ` (${accounts[0].slug})` : ''}. Set accountSlug to choose another.`,
    };
  });
}
