import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '@rollgate/registry';
import type { RunningServer } from '@rollgate/registry';
import { rollgate } from './helpers.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const V2 = join(ROOT, 'contracts/a/v2/openapi.yaml');

interface JsonChange {
  id: string;
  level: string;
  operation: { method: string; path: string } | null;
  target?: { name?: string };
  consumers?: { service: string; version: string; environments: string[] }[];
}

describe('rollgate diff with the registry: breaking changes annotated with their consumers', () => {
  let server: RunningServer;
  let dir: string;
  const cli = (...args: string[]) => rollgate(args, { cwd: ROOT, env: { ROLLGATE_URL: server.url } });
  // A v2 variant: one edit applied to the released document.
  const variant = (file: string, edit: (text: string) => string): string => {
    const path = join(dir, file);
    const text = readFileSync(V2, 'utf8');
    const edited = edit(text);
    expect(edited).not.toBe(text);
    writeFileSync(path, edited);
    return path;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rollgate-diff-consumers-'));
    server = await startServer({ db: join(dir, 'registry.db'), port: 0, logger: false });
    const env = { ROLLGATE_URL: server.url };
    const steps = [
      ['publish', 'openapi', 'A', '1.0.0', 'contracts/a/v1/openapi.yaml'],
      ['publish', 'openapi', 'A', '2.0.0', 'contracts/a/v2/openapi.yaml'],
      ['publish', 'pact', 'contracts/b/v1/B-A.json', '--version', '1.0.0'],
      ['publish', 'pact', 'contracts/b/v2/B-A.json', '--version', '2.0.0'],
      ['record-deployment', '--service', 'B', '--version', '2.0.0', '--environment', 'production'],
      ['record-deployment', '--service', 'B', '--version', '1.0.0', '--environment', 'staging'],
    ];
    for (const step of steps) expect((await rollgate(step, { cwd: ROOT, env })).code).toBe(0);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names B 2.0.0 in production for the endpoint and the field going back to v1 removes', async () => {
    const text = await cli('diff', V2, 'contracts/a/v1/openapi.yaml', '--service', 'A');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Consumers affected (registry usage of A 2.0.0):');
    expect(text.stdout).toMatch(/ {2}breaking operation-removed GET \/orders\/\{id\}\/tracking: B 2\.0\.0 \[production\]\n/);
    // Optional in A 2.0.0, so only a warning in general, but B 2.0.0 reads it.
    expect(text.stdout).toMatch(/ {2}warning response-optional-property-removed GET \/orders\/\{id\} \$\.estimatedDelivery: B 2\.0\.0 \[production\]\n/);
    expect(text.stdout).not.toMatch(/POST \/orders \$\.estimatedDelivery: B/);

    const json = await cli('diff', V2, 'contracts/a/v1/openapi.yaml', '--service', 'A', '--format', 'json', '--fail-on', 'breaking-in-use');
    expect(json.code).toBe(1);
    const changes = (JSON.parse(json.stdout) as { changes: JsonChange[] }).changes;
    const removed = changes.find((change) => change.id === 'operation-removed');
    expect(removed?.consumers).toEqual([{ service: 'B', version: '2.0.0', environments: ['production'] }]);
  });

  it('fails --fail-on breaking-in-use only when a consumer uses what breaks; unused breaks are still reported', async () => {
    const unused = variant('unused.yaml', (text) =>
      text.replace(/ {2}\/orders:\n {4}get:\n(?: {6}.*\n| {8}.*\n| {10}.*\n| {12}.*\n| {14}.*\n| {16}.*\n| {18}.*\n| {20}.*\n| {22}.*\n)+/, '  /orders:\n'),
    );
    const inUse = await cli('diff', V2, unused, '--service', 'A', '--fail-on', 'breaking-in-use', '--format', 'json');
    expect(inUse.code).toBe(0);
    const changes = (JSON.parse(inUse.stdout) as { changes: JsonChange[] }).changes;
    expect(changes.find((change) => change.id === 'operation-removed')).toMatchObject({ operation: { method: 'GET', path: '/orders' }, consumers: [] });
    const plain = await cli('diff', V2, unused, '--service', 'A');
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('no breaking change touches what a known consumer uses');
  });

  it('matches response fields: a field only some versions read, a field nobody reads', async () => {
    const edited = variant('fields.yaml', (text) =>
      text
        .replace('      required: [id, status, total, lines]\n', '      required: [id, status, lines]\n')
        .replace(/ {8}total:\n {10}type: number\n {8}lines:/, '        lines:')
        .replace(/ {8}trackingNumber:\n {10}type: string\n/, ''),
    );
    const result = await cli('diff', V2, edited, '--service', 'A', '--format', 'json');
    const changes = (JSON.parse(result.stdout) as { changes: JsonChange[] }).changes;
    const total = changes.find((change) => change.operation?.path === '/orders/{id}' && change.target?.name === '$.total');
    expect(total?.level).toBe('breaking');
    expect(total?.consumers?.map((consumer) => consumer.version).sort()).toEqual(['1.0.0', '2.0.0']);
    const tracking = changes.find((change) => change.target?.name === '$.trackingNumber');
    expect(tracking?.consumers).toEqual([]);
  });

  it('names the consumers in markdown, github, junit and sarif too', async () => {
    const args = ['diff', V2, 'contracts/a/v1/openapi.yaml', '--service', 'A'];
    const markdown = await cli(...args, '--format', 'markdown');
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toMatch(/\*\*\d+ breaking changes? affects? consumers\*\*: B 2\.0\.0 \(production\)\./);
    expect(markdown.stdout).toContain('| Level | Rule | Change | Where | Used by |');
    expect(markdown.stdout).toMatch(/`operation-removed` \|.*\| B 2\.0\.0 \(production\) \|\n/);

    const github = await cli(...args, '--format', 'github');
    const tracking = github.stdout.split('\n').find((line) => line.includes('title=operation-removed::GET /orders/{id}/tracking'));
    expect(tracking).toMatch(/^::error file=contracts\/a\/v2\/openapi\.yaml,line=\d+,title=operation-removed::.*; used by B 2\.0\.0 \[production\]/);

    const junit = await cli(...args, '--format', 'junit');
    expect(junit.stdout).toContain('<property name="used-by" value="B 2.0.0 [production]: operation-removed"/>');

    const sarif = await cli(...args, '--format', 'sarif');
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; properties: { consumers?: unknown } }[] }[] }).runs[0]!.results;
    expect(results.find((result) => result.ruleId === 'operation-removed')?.properties.consumers).toEqual([
      { service: 'B', version: '2.0.0', environments: ['production'] },
    ]);
  });

  it('takes failOn: breaking-in-use from rollgate.yaml', async () => {
    const unused = variant('unused-config.yaml', (text) =>
      text.replace(/ {2}\/orders:\n {4}get:\n(?: {6}.*\n| {8}.*\n| {10}.*\n| {12}.*\n| {14}.*\n| {16}.*\n| {18}.*\n| {20}.*\n| {22}.*\n)+/, '  /orders:\n'),
    );
    const config = join(dir, 'gate.yaml');
    writeFileSync(config, 'failOn: breaking-in-use\n');
    expect((await cli('diff', V2, unused, '--service', 'A', '--config', config)).code).toBe(0);
    expect((await cli('diff', V2, 'contracts/a/v1/openapi.yaml', '--service', 'A', '--config', config)).code).toBe(1);
    expect((await cli('diff', V2, unused, '--service', 'A', '--config', config, '--fail-on', 'breaking')).code).toBe(1);
  });

  it('refuses --fail-on breaking-in-use without a service to look up', async () => {
    const result = await rollgate(['diff', V2, 'contracts/a/v1/openapi.yaml', '--fail-on', 'breaking-in-use'], { cwd: ROOT, env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs --service/);
  });
});
