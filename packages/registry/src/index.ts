export { buildApp, DEFAULT_BODY_LIMIT, type AppOptions } from './app.js';
export { startServer, closeOnSignals, DEFAULT_DB, type ServerOptions, type RunningServer } from './server.js';
export { RegistryError, type RegistryErrorCode } from './errors.js';
export type { Blocker, Notice } from './schemas.js';
export type { RollbackAnswer } from './checks/rollback.js';
