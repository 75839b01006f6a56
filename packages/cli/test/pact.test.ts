import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rollgate } from './helpers.js';

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
    expect(missing.stderr).toContain('nope.json: no such file');
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
