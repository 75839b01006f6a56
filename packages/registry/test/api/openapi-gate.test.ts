import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSpecs, gatePredicate, parseSpecText } from '@rollgate/openapi';
import type { LoadedSpec } from '@rollgate/openapi';
import { contract, testRegistry } from './helpers.js';
import type { TestRegistry } from './helpers.js';

// The registry's HTTP API is a public contract: its description must not break against the last
// released copy (contracts/registry/openapi.json), judged by our own diff engine.
describe("the registry's API description", () => {
  let registry: TestRegistry;
  let current: LoadedSpec;
  let released: LoadedSpec;

  beforeAll(async () => {
    registry = await testRegistry();
    const response = await registry.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    current = await parseSpecText(response.body, { kind: 'text', name: 'GET /openapi.json' }, { validate: true });
    released = await parseSpecText(await contract('registry/openapi.json'), { kind: 'file', name: 'contracts/registry/openapi.json' });
  });
  afterAll(async () => registry?.close());

  it('is a valid OpenAPI document', () => {
    expect(current.specVersion).toBe('3.0');
    expect(current.title).toBe('Rollgate registry');
  });

  it('has no breaking change against the released copy', () => {
    const report = compareSpecs(released, current);
    const fails = gatePredicate('breaking');
    const breaking = report.changes.filter(fails).map((change) => `${change.id} ${change.operation?.method ?? ''} ${change.operation?.path ?? ''}: ${change.message}`);
    expect(breaking).toEqual([]);
  });

  it('lists on every operation the 500 and the 503 of a busy store, with its Retry-After header', () => {
    const paths = (current.document as { paths: Record<string, Record<string, { responses: Record<string, { description: string; headers?: Record<string, unknown> }> }>> }).paths;
    const lacking: string[] = [];
    for (const [route, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const busy = operation.responses['503'];
        if (!operation.responses['500'] || !busy?.headers?.['retry-after'] || !busy.description.includes('STORE_BUSY')) lacking.push(`${method.toUpperCase()} ${route}`);
      }
    }
    expect(lacking).toEqual([]);
    expect(Object.keys(paths['/deployments']!.post!.responses).sort()).toEqual(['200', '201', '400', '401', '403', '404', '413', '415', '500', '503']);
  });

  it('would catch a breaking change: a removed endpoint and a removed response field', () => {
    const document = structuredClone(released.document) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    delete document.paths['/rollback-check'];
    const blocker = document.components.schemas.Blocker!;
    delete blocker.properties!.consumer;
    blocker.required = blocker.required!.filter((name) => name !== 'consumer');
    const narrowed: LoadedSpec = { ...released, document };
    const ids = compareSpecs(released, narrowed).changes.filter(gatePredicate('breaking')).map((change) => change.id);
    expect(ids).toEqual(expect.arrayContaining(['operation-removed', 'response-property-removed']));
  });
});
