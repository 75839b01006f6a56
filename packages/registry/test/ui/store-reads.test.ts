import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { seedDemo } from './registry.js';

/** The real store, with every call it answers written down (method and arguments). */
function recording(store: Store, calls: string[]): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(`${String(property)}(${JSON.stringify(args)})`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const repeated = (calls: string[]): string[] => [...new Set(calls.filter((call, i) => calls.indexOf(call) !== i))];

// Each page reads what it needs once. The revision read is the checks' cache validation, made
// once per question by design; the checks' first answer to a question reads what that question
// needs, so pages asking the checks are counted once their answers are cached, as most visits are.
describe('store reads of each UI page (demo registry)', () => {
  let dir: string;
  let app: FastifyInstance;
  const calls: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rollgate-ui-reads-'));
    app = await buildApp({ store: recording(await openStore(join(dir, 'registry.db')), calls), closeStore: true, logger: false });
    await seedDemo(app);
  });

  afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const visit = async (url: string): Promise<string[]> => {
    calls.length = 0;
    const page = await app.inject({ url, headers: { accept: 'text/html' } });
    expect(page.statusCode, `${url}: ${page.body.slice(0, 200)}`).toBeLessThan(500);
    return calls.filter((call) => !call.startsWith('revision('));
  };

  it('parses a spec once for the service page and the diff, sharing the checks\' models', async () => {
    const reads = [...(await visit('/ui/services/A?version=1.0.0')), ...(await visit('/ui/services/A/diff?from=1.0.0&to=2.0.0'))];
    // Specs come from the checks' models by content hash (read at most once, here or when the
    // demo was published and judged), never parsed again from the version's record.
    expect(reads.filter((call) => call.startsWith('getOpenApi('))).toEqual([]);
    expect(repeated(reads.filter((call) => call.startsWith('getContent(')))).toEqual([]);
  });

  it('never reads the same thing twice for one page', async () => {
    const pages = [
      '/ui/',
      '/ui/services/A',
      '/ui/services/B',
      '/ui/services/A/diff?from=2.0.0&to=1.0.0',
      '/ui/services/A/versions.json',
      '/ui/rollback?service=A',
      '/ui/graph',
      '/ui/graph?environment=production',
      '/ui/graph?environment=moon',
    ];
    for (const url of pages) expect(repeated(await visit(url)), url).toEqual([]);
    for (const url of ['/ui/services/B/pacts', '/ui/rollback?service=A&environment=production&to=1.0.0', '/ui/graph?service=A&environment=production&to=1.0.0']) {
      await visit(url);
      expect(repeated(await visit(url)), url).toEqual([]);
    }
  });

  it('reads a consumer\'s calls once per provider, not once per version', async () => {
    const reads = await visit('/ui/services/B');
    expect(reads.filter((call) => call.startsWith('usagesOf'))).toEqual([
      'usagesOfProvider(["B"])',
      'usagesOfProvider(["A",{"consumerVersions":[{"service":"B","version":"1.0.0"},{"service":"B","version":"2.0.0"}]}])',
    ]);
  });
});
