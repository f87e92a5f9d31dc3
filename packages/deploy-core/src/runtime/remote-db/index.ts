export {
  createRemoteD1,
  remoteDbRuntime,
  remoteDbShimSource,
  wrapEnvWithRemoteDb,
  type RemoteD1Database,
  type RemoteD1PreparedStatement,
  type TD1ExecResult,
  type TD1Meta,
  type TD1Result,
  type TD1Value,
  type TRemoteD1Options,
  type TRemoteDbRuntime,
} from './remote-d1.js';
