export type * from './types.js';
export type { Database } from './schema.js';
export { openStore, parseStoreUrl, redact, DEFAULT_SQLITE_PATH } from './open.js';
export type { StoreTarget } from './open.js';
export { canonicalJson, hashContent, sha256 } from './canonical.js';
export { sortVersions } from './version-order.js';
export { StoreBusyError } from './rows.js';
export type { VersionKey } from './version-order.js';
