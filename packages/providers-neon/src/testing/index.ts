// @shipyard/providers-neon/testing: a local stand-in for the Neon API and its SQL-over-HTTP
// endpoint, with each project's database on a real PostgreSQL server, for test suites and offline
// checks of a setup — never loaded by the package's main entry.
import { API_KEY, ORG_ID, type FakeNeon } from './fake-neon';

export {
  API_KEY,
  FakeNeon,
  LOCAL_POSTGRES,
  ORG_ID,
  OTHER_ORG_KEY,
  REGIONS,
  type TFakeNeonPostgres,
  type TFakeProject as TFakeNeonProject,
  type TFault as TFakeNeonFault,
  type TRecordedRequest as TFakeNeonRequest,
} from './fake-neon';

/**
 * Options for `neonDatabases` that point at `fake` (started) with its organization's API key, in
 * region `aws-us-east-2`, and short retry, poll and connect waits so failures surface quickly.
 */
export function fakeNeonOptions(fake: FakeNeon) {
  return {
    apiKey: API_KEY,
    orgId: ORG_ID,
    apiBaseUrl: fake.apiBaseUrl,
    regionId: 'aws-us-east-2',
    maxRetries: 4,
    retryBaseDelayMs: 10,
    maxRetryAfterMs: 2_000,
    pollIntervalMs: 10,
    operationTimeoutMs: 5_000,
    connectTimeoutMs: 5_000,
  };
}
