import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { AppOptions } from '../../src/app.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';

/** The repository root, where `contracts/` lives. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Reads a file of the demo system (`contracts/a/v1/openapi.yaml`). */
export function contract(relative: string): Promise<string> {
  return readFile(path.join(ROOT, 'contracts', relative), 'utf8');
}

/** PostgreSQL of the test machines: trust auth, database `test`. */
export const POSTGRES_URL = process.env.ROLLGATE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True when a PostgreSQL server answers on the test address. */
export async function postgresReachable(): Promise<boolean> {
  const { hostname, port } = new URL(POSTGRES_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A registry app on a fresh database, and how to dispose of both. */
export interface TestRegistry {
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

/** Opens a fresh store: a new SQLite file, or a new PostgreSQL schema. */
export async function freshStore(dialect: 'sqlite' | 'postgres'): Promise<{ store: Store; dispose(): Promise<void> }> {
  if (dialect === 'postgres') {
    const schema = `rollgate_api_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const store = await openStore(POSTGRES_URL, { schema });
    return {
      store,
      dispose: async () => {
        await store.close();
        const { default: pg } = await import('pg');
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      },
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'rollgate-api-'));
  const store = await openStore(path.join(dir, 'registry.db'));
  return {
    store,
    dispose: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Builds the app on a fresh store, quiet. */
export async function testRegistry(
  options: Omit<AppOptions, 'store'> & { dialect?: 'sqlite' | 'postgres' } = {},
): Promise<TestRegistry> {
  const { dialect = 'sqlite', ...appOptions } = options;
  const { store, dispose } = await freshStore(dialect);
  const app = await buildApp({ logger: false, ...appOptions, store });
  return {
    app,
    store,
    close: async () => {
      await app.close();
      await dispose();
    },
  };
}

/** The JSON body of an injected response. */
export function body<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return response.json() as T;
}

/** Publishes the demo system: A 1.0.0 and 2.0.0 specs, B 1.0.0 and 2.0.0 pacts. */
export async function publishDemo(app: FastifyInstance, headers: Record<string, string> = {}): Promise<void> {
  const uploads: [string, string, string][] = [
    ['/services/A/versions/1.0.0/openapi', 'a/v1/openapi.yaml', 'application/yaml'],
    ['/services/A/versions/2.0.0/openapi', 'a/v2/openapi.yaml', 'application/yaml'],
    ['/services/B/versions/1.0.0/pacts/A', 'b/v1/B-A.json', 'application/json'],
    ['/services/B/versions/2.0.0/pacts/A', 'b/v2/B-A.json', 'application/json'],
  ];
  for (const [url, file, type] of uploads) {
    const response = await app.inject({ method: 'PUT', url, payload: await contract(file), headers: { ...headers, 'content-type': type } });
    if (response.statusCode !== 201) throw new Error(`publishing ${file}: ${response.statusCode} ${response.body}`);
  }
}

/** Records a deployment through the API. */
export async function deploy(
  app: FastifyInstance,
  service: string,
  version: string,
  environment: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/deployments', payload: { service, version, environment }, headers });
}
