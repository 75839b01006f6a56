import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { AppOptions } from './app.js';
import { DEFAULT_SQLITE_PATH, openStore } from './store/index.js';

/** Where the embedded store lives unless `--db` or `DATABASE_URL` says otherwise. */
export const DEFAULT_DB = DEFAULT_SQLITE_PATH;

/** Options of `startServer`. */
export interface ServerOptions extends Omit<AppOptions, 'store' | 'closeStore'> {
  /** SQLite file path or `postgres://` URL (default `./.rollgate/registry.db`). */
  db?: string;
  /** TCP port; 0 picks a free one (default 8080). */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
}

/** A started registry. */
export interface RunningServer {
  app: FastifyInstance;
  /** Base URL clients use, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Stops accepting connections, finishes in-flight requests, then closes the store. */
  close(): Promise<void>;
}

/** Opens the store (running migrations), builds the app and listens; on failure both are closed again. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const store = await openStore(options.db ?? DEFAULT_DB);
  const { db: _db, port = 8080, host = '127.0.0.1', ...appOptions } = options;
  let app: FastifyInstance;
  try {
    app = await buildApp({ ...appOptions, store, closeStore: true });
  } catch (error) {
    await store.close();
    throw error;
  }
  try {
    await app.listen({ port, host });
  } catch (error) {
    // The app owns the store now: closing it ends the database pool, whose idle connections would
    // otherwise keep the process alive for their timeout after a failure it cannot recover from.
    await app.close().catch((closing: unknown) => app.log.warn({ err: closing }, 'closing after a failed listen failed'));
    throw error;
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  app.log.info({ store: store.location, dialect: store.dialect }, 'registry started');
  return { app, url: `http://${shownHost}:${boundPort}`, close: () => app.close() };
}

/**
 * Closes the server on SIGTERM or SIGINT so in-flight requests finish and the store closes
 * cleanly; a second signal exits at once. Returns a function removing the handlers.
 */
export function closeOnSignals(server: RunningServer, onClosed: () => void = () => undefined): () => void {
  let closing = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (closing) process.exit(1);
    closing = true;
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(onClosed, (error: unknown) => {
      server.app.log.error({ err: error }, 'shutdown failed');
      process.exitCode = 1;
      onClosed();
    });
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}
