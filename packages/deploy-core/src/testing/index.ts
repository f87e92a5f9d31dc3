// @shipyard/deploy-core/testing: harnesses for provider test suites — never loaded by the
// package's main entry.
export {
  startDeployHarness,
  type TDeployHarness,
  type TDeployStack,
  type TDeployStackOptions,
  type THostingStackOptions,
} from './deploy-harness';
export { APP, artifact, expectAppError, SITE_V1, stepContext } from './fixtures';
export {
  FakeHttpError,
  FakeVendorApi,
  type TFakeFault,
  type TFakeRequest,
  type TRecordedRequest,
} from './fake-vendor-api';
export {
  startHranaTestServer,
  type THranaTestServer,
} from '../runtime/remote-db/hrana-test-server';
