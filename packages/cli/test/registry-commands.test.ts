import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '@rollgate/registry';
import type { RunningServer } from '@rollgate/registry';
import { rollgate } from './helpers.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const TOKEN = 'cli-test-token';

describe('registry commands against a running registry', () => {
  let server: RunningServer;
  let dir: string;
  let env: Record<string, string>;
  const cli = (...args: string[]) => rollgate(args, { cwd: ROOT, env });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rollgate-cli-registry-'));
    server = await startServer({ db: join(dir, 'registry.db'), port: 0, logger: false, writeToken: TOKEN });
    env = { ROLLGATE_URL: server.url, ROLLGATE_TOKEN: TOKEN };
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes specs and pacts: published, then already published, then refused with exit 1', async () => {
    const first = await cli('publish', 'openapi', 'A', '1.0.0', 'contracts/a/v1/openapi.yaml');
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/^A 1\.0\.0 openapi \(contracts\/a\/v1\/openapi\.yaml\) published \(sha256 [0-9a-f]{12}\)\n$/);
    const again = await cli('publish', 'openapi', 'A', '1.0.0', 'contracts/a/v1/openapi.yaml');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already published with the same content (sha256 ');
    const conflict = await cli('publish', 'openapi', 'A', '1.0.0', 'contracts/a/v2/openapi.yaml', '--format', 'json');
    expect(conflict.code).toBe(1);
    expect(JSON.parse(conflict.stdout)).toMatchObject({ published: false, conflict: true });

    expect((await cli('publish', 'openapi', 'A', '2.0.0', 'contracts/a/v2/openapi.yaml')).code).toBe(0);
    const pact = await cli('publish', 'pact', 'contracts/b/v1/B-A.json', '--version', '1.0.0', '--branch', 'main');
    expect(pact.code).toBe(0);
    expect(pact.stdout).toMatch(/^B 1\.0\.0 pact with A published/);
    const json = await cli('publish', 'pact', 'contracts/b/v2/B-A.json', '--version', '2.0.0', '-f', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({ published: true, service: 'B', version: '2.0.0', provider: 'A', created: true });
  });

  it('records deployments', async () => {
    for (const [service, version, environment] of [
      ['A', '2.0.0', 'production'],
      ['B', '2.0.0', 'production'],
      ['A', '2.0.0', 'staging'],
      ['B', '1.0.0', 'staging'],
    ] as const) {
      const result = await cli('record-deployment', '--service', service, '--version', version, '--environment', environment);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(`recorded ${service} ${version} in ${environment}\n`);
    }
  });

  it('refuses the rollback of A to 1.0.0 in production with exit 1, naming B 2.0.0 and the endpoint', async () => {
    const text = await cli('rollback-check', '--service', 'A', '--environment', 'production', '--to', '1.0.0');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^REFUSED: rollback A 2\.0\.0 -> 1\.0\.0 in production: 2 blocker\(s\)/);
    expect(text.stdout).toContain('B 2.0.0 -> A 1.0.0  GET /orders/{id}/tracking');
    const json = await cli('rollback-check', '--service', 'A', '--environment', 'production', '--to', '1.0.0', '--format', 'json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ safe: false, from: '2.0.0', blockers: expect.arrayContaining([expect.objectContaining({ consumer: 'B', path: '/orders/{id}/tracking' })]) });
  });

  it('allows it in staging with exit 0', async () => {
    const result = await cli('rollback-check', '--service', 'A', '--environment', 'staging', '--to', '1.0.0');
    expect(result).toMatchObject({ code: 0, stdout: 'SAFE: rollback A 2.0.0 -> 1.0.0 in staging\n' });
  });

  it('answers can-i-deploy both ways', async () => {
    const yes = await cli('can-i-deploy', '--service', 'B', '--version', '2.0.0', '--environment', 'staging');
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(/^DEPLOYABLE: B 2\.0\.0 to staging\n/);
    // A 2.0.0 declares estimatedDelivery optional while B 2.0.0 reads it: said, not blocking.
    expect(yes.stdout).toMatch(/note: B@2\.0\.0 -> A@2\.0\.0 GET \/orders\/\{id\}: .*estimatedDelivery.* \[response\.body\.field-not-guaranteed\]/);
    const no = await cli('can-i-deploy', '--service', 'A', '--version', '1.0.0', '--environment', 'production');
    expect(no.code).toBe(1);
    expect(no.stdout).toMatch(/^NOT DEPLOYABLE: A 1\.0\.0 to production/);
  });

  it('lists services and endpoints', async () => {
    const services = await cli('services');
    expect(services.code).toBe(0);
    expect(services.stdout).toContain('A  latest 2.0.0  2 version(s)  1 consumer(s)  0 provider(s)  production=2.0.0 staging=2.0.0');
    const endpoints = await cli('endpoints', 'A');
    expect(endpoints.code).toBe(0);
    expect(endpoints.stdout).toMatch(/GET \/orders\/\{id\}\/tracking\n {2}B 2\.0\.0 \[production\]\n {4}param path:id; reads \$\.carrier/);
    const old = await cli('endpoints', 'A', '--version', '1.0.0', '-f', 'json');
    const tracking = JSON.parse(old.stdout).endpoints.find((endpoint: { path: string }) => endpoint.path === '/orders/{id}/tracking');
    expect(tracking).toMatchObject({ inSpec: false });
  });

  it('exits 2 with the registry\'s message for unknown names, a bad token and local bad input', async () => {
    const unknown = await cli('rollback-check', '--service', 'A', '--environment', 'moon', '--to', '1.0.0');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown environment "moon"');
    const badToken = await rollgate(['record-deployment', '--service', 'A', '--version', '1.0.0', '--environment', 'qa', '--token', 'nope'], { cwd: ROOT, env });
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toBe('rollgate: the registry refused POST /deployments: the bearer token is not valid for this registry [REGISTRY_UNAUTHORIZED]\n');
    const missingFile = await cli('publish', 'pact', 'contracts/b/v9/none.json', '--version', '1');
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toBe('rollgate: contracts/b/v9/none.json: no such file [PACT_NOT_FOUND]\n');
    // A pact is reported as a pact, not as an OpenAPI document.
    const directory = await cli('publish', 'pact', 'contracts/b', '--version', '1');
    expect(directory.code).toBe(2);
    expect(directory.stderr).toBe('rollgate: contracts/b: is a directory, not a pact file [PACT_UNREADABLE]\n');
    const noRegistry = await rollgate(['services'], { cwd: ROOT, env: {} });
    expect(noRegistry.code).toBe(2);
    expect(noRegistry.stderr).toBe('rollgate: no registry given: pass --registry <url> or set ROLLGATE_URL [USAGE]\n');
  });
});

it('exits 2 with a clear message when the registry cannot be reached', async () => {
  // A port that was free a moment ago: nothing listens there.
  const port = await new Promise<number>((done) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address() as net.AddressInfo;
      probe.close(() => done(address.port));
    });
  });
  const result = await rollgate(['services', '--registry', `http://127.0.0.1:${port}`], { cwd: ROOT, env: {} });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`cannot reach the registry at http://127.0.0.1:${port} (ECONNREFUSED)`);
});
