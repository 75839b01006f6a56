import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, startRegistry, type TestRegistry } from './registry.js';

const B_V1_PACT = fileURLToPath(new URL('../../../../contracts/b/v1/B-A.json', import.meta.url));

/** The dependency list as a reader sees it, one line per edge. */
function dependencies(body: string): string[] {
  const list = /<ul aria-labelledby="dependencies" class="dependencies">(.*?)<\/ul>/s.exec(body)?.[1] ?? '';
  return [...list.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/&#8594;|→/g, '->'));
}

const nodes = (body: string): string[] => [...body.matchAll(/<g class="node[^"]*" data-name="([^"]+)">/g)].map((m) => m[1]!);
const blockedEdges = (body: string): string[] =>
  [...body.matchAll(/data-from="([^"]+)" data-to="([^"]+)" data-blocked="true"/g)].map((m) => `${m[1]}->${m[2]}`);
const nodeVersion = (body: string, name: string): string | undefined =>
  new RegExp(`data-name="${name}">.*?<text class="version"[^>]*>([^<]*)</text>`).exec(body)?.[1];

// The demo system plus C (a consumer of A running in staging only) and D (running in production,
// with a pact with C, which does not run there): edges appear per environment only when both ends run.
describe('the dependency graph of one environment', () => {
  let registry: TestRegistry;
  const get = (url: string) => registry.app.inject({ url, headers: { accept: 'text/html' } });

  beforeAll(async () => {
    registry = await startRegistry();
    await seedDemo(registry.app);
    const pact = JSON.parse(await readFile(B_V1_PACT, 'utf8')) as { consumer: { name: string }; provider: { name: string } };
    const publish = async (consumer: string, provider: string): Promise<void> => {
      const response = await registry.app.inject({
        method: 'PUT',
        url: `/services/${consumer}/versions/1.0.0/pacts/${provider}`,
        headers: { 'content-type': 'application/json' },
        payload: { ...pact, consumer: { name: consumer }, provider: { name: provider } },
      });
      expect(response.statusCode, response.body).toBe(201);
    };
    await publish('C', 'A');
    await publish('D', 'C');
    for (const [service, environment] of [['C', 'staging'], ['D', 'production']]) {
      const response = await registry.app.inject({ method: 'POST', url: '/deployments', payload: { service, version: '1.0.0', environment } });
      expect(response.statusCode, response.body).toBe(201);
    }
  });
  afterAll(async () => registry?.close());

  it('draws every service and every pact by default', async () => {
    const page = await get('/ui/graph');
    expect(page.statusCode).toBe(200);
    expect(nodes(page.body)).toEqual(['A', 'B', 'C', 'D']);
    expect(dependencies(page.body)).toEqual(['B calls A', 'C calls A', 'D calls C']);
    expect(page.body).toContain('<option value="" selected>All versions (every pact)</option>');
  });

  it('draws only the versions running in the environment and the edges between them', async () => {
    const production = await get('/ui/graph?environment=production');
    expect(production.statusCode).toBe(200);
    expect(production.body).toContain('<h1>Dependency graph: <span class="name">production</span></h1>');
    expect(production.body).toContain('<option value="production" selected>What runs in production</option>');
    // C does not run in production, so D's pact with it draws no edge, and C is not drawn.
    expect(nodes(production.body)).toEqual(['A', 'B', 'D']);
    expect(dependencies(production.body)).toEqual(['B 2.0.0 calls A 2.0.0']);
    expect(production.body).toContain('Without dependencies in production: D.');
    expect(nodeVersion(production.body, 'B')).toBe('2.0.0');

    // In staging B 1.0.0 runs, and C with it; D does not.
    const staging = await get('/ui/graph?environment=staging');
    expect(nodes(staging.body)).toEqual(['A', 'B', 'C']);
    expect(dependencies(staging.body)).toEqual(['B 1.0.0 calls A 2.0.0', 'C 1.0.0 calls A 2.0.0']);
    // The rollback form below starts from the environment shown, and still offers every service.
    expect(staging.body).toMatch(/<select id="graph-environment" name="environment" required>.*<option selected>staging<\/option>/s);
    expect(staging.body).toMatch(/<select id="graph-service"[^>]*>(?:.|\n)*<option>D<\/option>/);
  });

  it('highlights a refused rollback in its environment, with the service at the target version', async () => {
    const page = await get('/ui/graph?service=A&environment=production&to=1.0.0');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Refused: rolling A back from 2.0.0 to 1.0.0 in production');
    expect(nodes(page.body)).toEqual(['A', 'B', 'D']);
    expect(nodeVersion(page.body, 'A')).toBe('2.0.0 → 1.0.0');
    expect(blockedEdges(page.body)).toEqual(['B->A']);
    expect(dependencies(page.body)).toEqual(['B 2.0.0 calls A 1.0.0 blocked']);

    // A consumer going back is drawn with its older version's pacts.
    const back = await get('/ui/graph?service=B&environment=production&to=1.0.0');
    expect(back.body).toContain('Safe: rolling B back from 2.0.0 to 1.0.0 in production');
    expect(dependencies(back.body)).toEqual(['B 1.0.0 calls A 2.0.0']);
    expect(blockedEdges(back.body)).toEqual([]);
  });

  it('says when an environment is unknown and draws every version instead', async () => {
    const page = await get('/ui/graph?environment=moon');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('unknown environment &quot;moon&quot;');
    expect(dependencies(page.body)).toEqual(['B calls A', 'C calls A', 'D calls C']);
  });
});
