import { checkWith, messageOf, type TCredentialCheck } from '@shipyard/deploy-core/provider-kit';
import { createCloudflareApi } from './api';
import { CLOUDFLARE_SCOPES, type TCloudflareScope } from './errors';
import { ZCloudflareConnectionOptionsSchema, type TCloudflareConnectionInput } from './options';

export type TCredentialCheckScope = Extract<TCloudflareScope, 'pages' | 'zone' | 'registrar'>;

export type { TCredentialCheck };

/**
 * Checks saved Cloudflare credentials with one cheap authenticated read per scope (default: Pages
 * only). A read inside the account proves what `/user/tokens/verify` cannot: that the account id
 * is right and that the token has the permission the provider needs — and it also works for
 * account-owned tokens, which `/user/tokens/verify` rejects.
 */
export async function checkCredentials(
  input: TCloudflareConnectionInput,
  opts: { scopes?: TCredentialCheckScope[] } = {},
): Promise<TCredentialCheck> {
  return checkWith(ZCloudflareConnectionOptionsSchema.safeParse(input), async (options) => {
    const api = createCloudflareApi(options);
    const account_id = options.accountId;
    const checks: Record<TCredentialCheckScope, () => Promise<unknown>> = {
      pages: () =>
        api.call({ action: 'list the Pages projects of the account', scope: 'pages' }, (req) => api.sdk.pages.projects.list({ account_id, per_page: 1 }, req)),
      zone: () =>
        api.call({ action: 'list the zones of the account', scope: 'zone' }, (req) => api.sdk.zones.list({ account: { id: account_id }, per_page: 1 }, req)),
      registrar: () =>
        api.call({ action: 'list the domain registrations of the account', scope: 'registrar' }, (req) =>
          api.sdk.registrar.registrations.list({ account_id, per_page: 1 }, req),
        ),
    };
    const scopes = opts.scopes?.length ? opts.scopes : (['pages'] as const);
    for (const scope of scopes) {
      try {
        await checks[scope]();
      } catch (error) {
        return { ok: false, message: api.redact(messageOf(error)) };
      }
    }
    return {
      ok: true,
      message: `The token works for account ${account_id}: ${scopes.map((s) => CLOUDFLARE_SCOPES[s]).join(', ')}.`,
    };
  });
}
