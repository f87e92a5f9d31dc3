// @shipyard/providers-turso/testing: a local stand-in for the Turso Platform API with a real libSQL
// server per database, for test suites and offline checks of a setup — never loaded by the
// package's main entry.
import { API_TOKEN, ORG, type FakeTurso } from './fake-turso';

export {
  API_TOKEN,
  FakeTurso,
  MEMBER_TOKEN,
  ORG,
  type TFakeDatabase as TFakeTursoDatabase,
  type TFault as TFakeTursoFault,
} from './fake-turso';

/**
 * Options for `tursoDatabases` that point at `fake` (started) with its organization and admin
 * token, in group `default`, without TLS (the fake's libSQL servers speak plain HTTP), and with
 * short retry waits so failures surface quickly.
 */
export function fakeTursoOptions(fake: FakeTurso) {
  return {
    organization: ORG,
    apiToken: API_TOKEN,
    apiBaseUrl: fake.baseUrl,
    group: 'default',
    tls: false,
    maxRetries: 4,
    retryBaseDelayMs: 10,
    maxRetryAfterMs: 2_000,
  };
}
