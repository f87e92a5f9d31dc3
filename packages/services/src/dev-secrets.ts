export { deriveSecret, loadOrCreateDevSecrets, type TDevSecrets } from '@shipyard/core/config';
