import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, rollgate, scratch } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/pact/', import.meta.url));
const cwd = FIXTURES;

describe('rollgate pact verify', () => {
  it('exits 0 on a compatible pact', async () => {
    const result = await rollgate(['pact', 'verify', 'compatible/pact.json', 'compatible/openapi.yaml'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('storefront -> orders');
    expect(result.stdout).toContain('compatible (0 errors, 0 warnings)');
  });

  it('exits 1 and names the interaction, the field and both places', async () => {
    const result = await rollgate(['pact', 'verify', 'matcher-type-enum/pact.json', 'matcher-type-enum/openapi.yaml', '--format', 'json'], { cwd });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { compatible: boolean; summary: object; findings: { interaction: string; pactPointer: string; specPointer: string }[] };
    expect(report.compatible).toBe(false);
    expect(report.summary).toEqual({ errors: 2, warnings: 0 });
    expect(report.findings[0]).toMatchObject({
      interaction: 'an order on hold, exactly',
      pactPointer: '/interactions/1/response/body/status',
      specPointer: '/components/schemas/Order/properties/status/enum',
    });
  });

  it('makes relied-on optional fields fail with --optional-field-level error', async () => {
    const args = ['pact', 'verify', 'optional-nullable-field/pact.json', 'optional-nullable-field/openapi.yaml'];
    expect((await rollgate(args, { cwd })).code).toBe(0);
    expect((await rollgate([...args, '--optional-field-level', 'error'], { cwd })).code).toBe(1);
  });

  it('writes GitHub annotations at the line of the pact and JUnit with one case per interaction', async () => {
    const github = await rollgate(['pact', 'verify', 'unknown-status/pact.json', 'unknown-status/openapi.yaml', '--format', 'github'], { cwd });
    expect(github.stdout).toMatch(/^::error file=unknown-status\/pact\.json,line=8,title=response\.status\.unknown%3A an order that is gone::the operation never responds 410/m);
    const junit = await rollgate(['pact', 'verify', 'v4-message-interaction/pact.json', 'v4-message-interaction/openapi.yaml', '--format', 'junit'], { cwd });
    expect(junit.code).toBe(0);
    expect(junit.stdout).toContain('<testcase name="an order by id" classname="storefront.orders"/>');
    expect(junit.stdout).toContain('<skipped message="Asynchronous/Messages interactions are not checked against OpenAPI"/>');
  });

  it('says on stderr when a pact has no interactions, and does not fail the gate for it', async () => {
    const pact = JSON.parse(readFileSync(`${FIXTURES}/compatible/pact.json`, 'utf8')) as { interactions: unknown[] };
    const empty = JSON.stringify({ ...pact, interactions: [] });
    const result = await rollgate(['pact', 'verify', '-', 'compatible/openapi.yaml'], { cwd, stdin: empty });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('rollgate: -: the pact has no interactions, so nothing was checked against the provider\n');
    const full = await rollgate(['pact', 'verify', 'compatible/pact.json', 'compatible/openapi.yaml'], { cwd });
    expect(full.stderr).toBe('');
  });

  it('reads the spec from standard input', async () => {
    const spec = readFileSync(`${FIXTURES}/compatible/openapi.yaml`, 'utf8');
    const result = await rollgate(['pact', 'verify', 'compatible/pact.json', '-', '--format', 'markdown'], { cwd, stdin: spec });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('**Compatible**');
  });

  it('exits 2 on a malformed pact, naming the interaction and field', async () => {
    const result = await rollgate(['pact', 'verify', 'malformed-pact/pact.json', 'malformed-pact/openapi.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('interaction 0 ("an order by id"): response.status "200" must be an integer from 100 to 599 [PACT_INVALID]');
    const missing = await rollgate(['pact', 'verify', 'nope.json', 'compatible/openapi.yaml'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('rollgate: nope.json: no such file [PACT_NOT_FOUND]\n');
  });
});

describe('rollgate pact diff', () => {
  it('lists what a new pact version adds and drops', async () => {
    const result = await rollgate(['pact', 'diff', 'compatible/pact.json', 'response-field-missing/pact.json', '--provider', 'compatible/openapi.yaml'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Interactions added:\n  "an order with its delivery estimate"');
    expect(result.stdout).toContain('Operations no longer used:\n  GET /health');
    expect(result.stdout).toContain('GET /orders/{orderId} response-field $.estimatedDelivery');
    const json = await rollgate(['pact', 'diff', 'compatible/pact.json', 'compatible/pact.json', '--format', 'json'], { cwd });
    expect(JSON.parse(json.stdout)).toMatchObject({ interactions: { added: [], removed: [], changed: [] }, operations: { added: [], removed: [] } });
  });
});

describe('rollgate pact with git revisions', () => {
  // A consumer repository: v1 of the pact and of the provider's spec are committed and tagged,
  // then the working tree moves on to a pact that reads a field the tagged spec lacks.
  const repo = scratch('rollgate-pact-git-');
  const fixture = (name: string, file: string): string => readFileSync(join(FIXTURES, name, file), 'utf8');

  beforeAll(() => {
    mkdirSync(join(repo.dir, 'pacts'));
    mkdirSync(join(repo.dir, 'api'));
    git(repo.dir, 'init', '--quiet');
    repo.write('pacts/storefront-orders.json', fixture('compatible', 'pact.json'));
    repo.write('api/openapi.yaml', fixture('compatible', 'openapi.yaml'));
    git(repo.dir, 'add', '.');
    git(repo.dir, 'commit', '--quiet', '-m', 'v1');
    git(repo.dir, 'tag', 'v1');
    repo.write('pacts/storefront-orders.json', fixture('response-field-missing', 'pact.json'));
    repo.write('api/openapi.yaml', fixture('response-field-missing', 'openapi.yaml'));
  });
  afterAll(() => repo.cleanup());

  it('verifies a pact and a spec both read from a revision', async () => {
    const result = await rollgate(['pact', 'verify', 'v1:pacts/storefront-orders.json', 'v1:api/openapi.yaml'], { cwd: repo.dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('pact v1:pacts/storefront-orders.json against Orders');
  });

  it('checks the working tree\'s pact against the tagged spec, annotating the pact\'s path in the repository', async () => {
    const result = await rollgate(['pact', 'verify', 'pacts/storefront-orders.json', 'v1:api/openapi.yaml', '--format', 'github'], { cwd: repo.dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=pacts\/storefront-orders\.json,line=\d+,title=response\.body\.incompatible%3A an order with its delivery estimate::/m);
    const fromRevision = await rollgate(['pact', 'verify', 'v1:pacts/storefront-orders.json', 'api/openapi.yaml'], { cwd: repo.dir });
    expect(fromRevision.code).toBe(0);
  });

  it('reads paths starting with ./ relative to the working directory, as for specs', async () => {
    const result = await rollgate(['pact', 'verify', 'v1:./storefront-orders.json', 'v1:../api/openapi.yaml', '--format', 'json'], { cwd: join(repo.dir, 'pacts') });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ compatible: true, summary: { errors: 0, warnings: 0 } });
  });

  it('diffs a pact between a revision and the working tree, keyed by the tagged spec', async () => {
    const result = await rollgate(['pact', 'diff', 'v1:pacts/storefront-orders.json', 'pacts/storefront-orders.json', '--provider', 'v1:api/openapi.yaml', '--format', 'json'], { cwd: repo.dir });
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout) as { interactions: { added: { description: string }[] }; fields: { added: { method: string; path: string; name: string }[] } };
    expect(diff.interactions.added.map((i) => i.description)).toEqual(['an order with its delivery estimate']);
    expect(diff.fields.added).toContainEqual(expect.objectContaining({ method: 'GET', path: '/orders/{orderId}', name: '$.estimatedDelivery' }));
    const same = await rollgate(['pact', 'diff', 'v1:pacts/storefront-orders.json', 'HEAD:pacts/storefront-orders.json', '--format', 'json'], { cwd: repo.dir });
    expect(JSON.parse(same.stdout)).toMatchObject({ interactions: { added: [], removed: [], changed: [] } });
  });

  it('exits 2 naming a missing revision or a path the revision lacks', async () => {
    const noRevision = await rollgate(['pact', 'verify', 'v9:pacts/storefront-orders.json', 'api/openapi.yaml'], { cwd: repo.dir });
    expect(noRevision.code).toBe(2);
    expect(noRevision.stderr).toContain('v9:pacts/storefront-orders.json: git revision "v9" does not exist');
    const noPath = await rollgate(['pact', 'diff', 'v1:pacts/web-orders.json', 'pacts/storefront-orders.json'], { cwd: repo.dir });
    expect(noPath.code).toBe(2);
    expect(noPath.stderr).toContain('v1:pacts/web-orders.json: path "pacts/web-orders.json" does not exist in git revision "v1"');
    const noSpec = await rollgate(['pact', 'verify', 'pacts/storefront-orders.json', 'v1:api/missing.yaml'], { cwd: repo.dir });
    expect(noSpec.code).toBe(2);
    expect(noSpec.stderr).toContain('path "api/missing.yaml" does not exist in git revision "v1"');
  });
});
