import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, pactBroker, plain, run, startRegistry } from './helpers.js';
import type { RunningRegistry } from './helpers.js';

// The README section "Already using Pact Broker?" runs these commands, in this order: the
// provider publishes its OpenAPI documents to Rollgate, the consumer publishes the pacts its
// pact-js tests wrote (the demo system under contracts/), deployments are recorded, and the
// pipeline asks can-i-deploy, including the rollback question, the Pact way.
const TOKEN = 'write-token-for-broker-tests';

describe('the official Pact CLI against the registry', () => {
  let registry: RunningRegistry;
  const broker = (...args: string[]) => pactBroker(registry, TOKEN, args);

  beforeAll(async () => {
    registry = await startRegistry(TOKEN);
    for (const [version, file] of [
      ['1.0.0', 'contracts/a/v1/openapi.yaml'],
      ['2.0.0', 'contracts/a/v2/openapi.yaml'],
    ] as const) {
      const curl = await run('curl', [
        '--fail-with-body', '-sS', '-X', 'PUT',
        '-H', `Authorization: Bearer ${TOKEN}`,
        '-H', 'Content-Type: application/yaml',
        '--data-binary', `@${file}`,
        `${registry.url}/services/A/versions/${version}/openapi`,
      ]);
      expect(curl.code, curl.stdout + curl.stderr).toBe(0);
    }
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('creates environments and reports their UUIDs', async () => {
    const production = await broker('create-environment', '--name', 'production', '--production', '-o', 'json');
    expect(production.code, production.stdout).toBe(0);
    const created = JSON.parse(production.stdout) as { uuid: string; name: string; production: boolean };
    expect(created).toMatchObject({ name: 'production', production: true });
    expect((await registry.store.getEnvironment('production'))?.uuid).toBe(created.uuid);

    const staging = await broker('create-environment', '--name', 'staging');
    expect(staging.code, staging.stdout).toBe(0);
    expect(plain(staging.stdout)).toMatch(/Created staging environment .* with UUID [0-9a-f-]{36}/);

    const again = await broker('create-environment', '--name', 'staging');
    expect(again.code).not.toBe(0);
    expect(plain(again.stdout)).toContain('already exists');
  });

  it('publishes the pacts pact-js wrote into the same records as Rollgate’s own API', async () => {
    const v1 = await broker('publish', 'contracts/b/v1', '--consumer-app-version', '1.0.0', '--branch', 'main');
    expect(v1.code, v1.stdout + v1.stderr).toBe(0);
    expect(plain(v1.stdout)).toContain('Pact of B version 1.0.0 with A published');
    const v2 = await broker('publish', 'contracts/b/v2', '--consumer-app-version', '2.0.0', '--branch', 'main', '--tag', 'prod');
    expect(v2.code, v2.stdout + v2.stderr).toBe(0);

    const stored = await registry.store.getPact('B', '2.0.0', 'A');
    expect(stored?.content).toMatchObject({ consumer: { name: 'B' }, provider: { name: 'A' } });
    expect(await registry.store.getVersion('B', '2.0.0')).toMatchObject({ branches: ['main'], tags: ['prod'] });
    // Rollgate's own API sees the publication.
    const service = await registry.app.inject({ method: 'GET', url: '/services/B/versions/2.0.0', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(service.statusCode).toBe(200);
    expect(service.json()).toMatchObject({ pacts: [{ provider: 'A', hash: stored?.hash }] });
  });

  it('refuses a publication without the write token', async () => {
    const refused = await pactBroker(registry, 'not-the-token', ['publish', 'contracts/b/v1', '--consumer-app-version', '9.0.0']);
    expect(refused.code).not.toBe(0);
    expect(await registry.store.getVersion('B', '9.0.0')).toBeUndefined();
  });

  it('records deployments through the links on the version resource', async () => {
    for (const [pacticipant, version, environment] of [
      ['A', '2.0.0', 'production'],
      ['B', '2.0.0', 'production'],
      ['A', '2.0.0', 'staging'],
      ['B', '1.0.0', 'staging'],
    ] as const) {
      const result = await broker('record-deployment', '--pacticipant', pacticipant, '--version', version, '--environment', environment);
      expect(result.code, result.stdout).toBe(0);
      expect(plain(result.stdout)).toContain(`Recorded deployment of ${pacticipant} version ${version} to ${environment}`);
    }
    const running = await registry.store.currentDeployments('production');
    expect(running.map((d) => `${d.service}@${d.version}`).sort()).toEqual(['A@2.0.0', 'B@2.0.0']);

    const unknown = await broker('record-deployment', '--pacticipant', 'A', '--version', '2.0.0', '--environment', 'qa');
    expect(unknown.code).not.toBe(0);
    expect(plain(unknown.stdout)).toContain('Environment qa does not exist');
  });

  it('refuses the rollback of A to 1.0.0 in production, naming consumer B and the endpoint (exit 1)', async () => {
    const result = await broker('can-i-deploy', '--pacticipant', 'A', '--version', '1.0.0', '--to-environment', 'production');
    const out = plain(result.stdout);
    expect(result.code, out).toBe(1);
    expect(out).toContain('Computer says no');
    // Both things B 2.0.0 relies on that A 1.0.0 lacks: the tracking endpoint and a response field.
    expect(out).toContain('consumer B 2.0.0 needs GET /orders/ord-42/tracking, which A 1.0.0 does not provide');
    expect(out).toMatch(/consumer B 2\.0\.0 needs GET \/orders\/\{id\}, .*estimatedDelivery/);
    // The matrix table lists the pair that blocks.
    expect(out).toMatch(/│ B\s+┆ 2\.0\.0\s+┆ A\s+┆ 1\.0\.0\s+┆ false/);
  });

  it('answers the same question as JSON with summary, reason and notices', async () => {
    const result = await broker('can-i-deploy', '--pacticipant', 'A', '--version', '1.0.0', '--to-environment', 'production', '-o', 'json');
    // pact-broker-cli 0.8 exits 0 whenever it prints JSON; the verdict is in the document.
    expect(result.code, result.stdout).toBe(0);
    const answer = JSON.parse(result.stdout) as {
      summary: { deployable: boolean | null; reason: string; failed: number };
      notices: { type: string; text: string }[];
      matrix: { consumer: { name: string; version: { number: string } }; verificationResult: { success: boolean } | null; verificationType: string }[];
    };
    expect(answer.summary.deployable).toBe(false);
    expect(answer.summary.reason).toMatch(/^A 1\.0\.0 cannot run beside production: consumer B 2\.0\.0 needs GET \/orders\/\S+ from A 1\.0\.0 .*and 1 more problem/);
    expect(answer.summary.failed).toBe(1);
    const errors = answer.notices.filter((n) => n.type === 'error').map((n) => n.text);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^B 2\.0\.0 -> A 1\.0\.0: consumer B 2\.0\.0 needs GET \/orders\/ord-42\/tracking, .*no path of the provider matches/),
        expect.stringMatching(/^B 2\.0\.0 -> A 1\.0\.0: consumer B 2\.0\.0 needs GET \/orders\/\{id\}, .*"estimatedDelivery"/),
      ]),
    );
    expect(answer.matrix).toEqual([
      expect.objectContaining({ consumer: expect.objectContaining({ name: 'B', version: { number: '2.0.0' } }), verificationResult: expect.objectContaining({ success: false }), verificationType: 'rollgate-openapi-check' }),
    ]);
  });

  it('allows the rollback where the running consumer does not need what 2.0.0 added (staging, exit 0)', async () => {
    const result = await broker('can-i-deploy', '--pacticipant', 'A', '--version', '1.0.0', '--to-environment', 'staging');
    expect(result.code, plain(result.stdout)).toBe(0);
    expect(plain(result.stdout)).toContain('Computer says yes');
  });

  it('allows the version already running, and the consumer’s latest against the latest provider', async () => {
    const current = await broker('can-i-deploy', '--pacticipant', 'A', '--version', '2.0.0', '--to-environment', 'production');
    expect(current.code, plain(current.stdout)).toBe(0);
    const latest = await broker('can-i-deploy', '--pacticipant', 'B', '--latest', '-o', 'json');
    expect(latest.code, latest.stdout).toBe(0);
    expect(JSON.parse(latest.stdout)).toMatchObject({ summary: { deployable: true } });
  });

  it('says which pacticipant or version it does not know', async () => {
    const result = await broker('can-i-deploy', '--pacticipant', 'A', '--version', '7.7.7', '--to-environment', 'production');
    expect(result.code).toBe(1);
    expect(plain(result.stdout)).toContain('A has no version "7.7.7"');
  });

  it('answers a first deploy to an environment that exists but is empty as a Pact Broker does', async () => {
    expect((await broker('create-environment', '--name', 'eu-canary')).code).toBe(0);

    // The consumer needs its provider there first: unknown, so the CLI says no (exit 1).
    const consumer = await broker('can-i-deploy', '--pacticipant', 'B', '--version', '2.0.0', '--to-environment', 'eu-canary');
    const out = plain(consumer.stdout);
    expect(consumer.code, out).toBe(1);
    expect(out).toContain('Computer says no');
    expect(out).toContain('B 2.0.0: A, which it has pacts with, has no version in eu-canary');
    const json = await broker('can-i-deploy', '--pacticipant', 'B', '--version', '2.0.0', '--to-environment', 'eu-canary', '-o', 'json');
    const answer = JSON.parse(json.stdout) as { summary: { deployable: boolean | null; unknown: number }; notices: { type: string; text: string }[]; matrix: unknown[] };
    expect(answer.summary).toMatchObject({ deployable: null, unknown: 1 });
    expect(answer.matrix).toEqual([]);
    expect(answer.notices).toContainEqual({
      type: 'warning',
      text: 'B 2.0.0 has a pact with A, and no version of A is deployed or released in eu-canary yet, so nothing there can satisfy it; deploy A there first.',
    });

    // The provider goes first: none of its consumers runs there, so nothing can break (exit 0).
    const provider = await broker('can-i-deploy', '--pacticipant', 'A', '--version', '1.0.0', '--to-environment', 'eu-canary');
    expect(provider.code, plain(provider.stdout)).toBe(0);
    expect(plain(provider.stdout)).toContain('Computer says yes');

    // Once it runs there, the consumer is judged against it.
    expect((await broker('record-deployment', '--pacticipant', 'A', '--version', '2.0.0', '--environment', 'eu-canary')).code).toBe(0);
    const after = await broker('can-i-deploy', '--pacticipant', 'B', '--version', '2.0.0', '--to-environment', 'eu-canary');
    expect(after.code, plain(after.stdout)).toBe(0);

    // An environment that was never created stays an error naming it.
    const unknown = await broker('can-i-deploy', '--pacticipant', 'A', '--version', '1.0.0', '--to-environment', 'mars');
    expect(unknown.code).toBe(1);
    expect(plain(unknown.stdout)).toContain('the registry knows no environment named "mars"');
  });

  it('describes versions, tags them and ends a deployment', async () => {
    const created = await broker('create-or-update-version', '--pacticipant', 'A', '--version', '3.0.0', '--branch', 'main');
    expect(created.code, created.stdout).toBe(0);
    expect((await registry.store.getVersion('A', '3.0.0'))?.branches).toEqual(['main']);

    const described = await broker('describe-version', '--pacticipant', 'B', '--version', '2.0.0', '-o', 'json');
    expect(described.code, described.stdout).toBe(0);
    expect(JSON.parse(described.stdout)).toMatchObject({ number: '2.0.0', _embedded: { tags: [{ name: 'prod' }] } });

    const listed = await broker('list-pacticipants');
    expect(listed.code, listed.stdout).toBe(0);
    // The 0.8 client prints the names as JSON strings, quotes included.
    expect(plain(listed.stdout)).toMatch(/│ "A"\s+┆ "A"\s+│[\s\S]*│ "B"\s+┆ "B"\s+│/);

    const tagged = await broker('create-version-tag', '--pacticipant', 'A', '--version', '2.0.0', '--tag', 'prod');
    expect(tagged.code, tagged.stdout).toBe(0);
    expect((await registry.store.getVersion('A', '2.0.0'))?.tags).toEqual(['prod']);

    const released = await broker('record-release', '--pacticipant', 'B', '--version', '1.0.0', '--environment', 'staging');
    expect(released.code, released.stdout).toBe(0);
    expect((await registry.store.currentReleases('staging')).map((r) => `${r.service}@${r.version}`)).toEqual(['B@1.0.0']);

    const undeployed = await broker('record-undeployment', '--pacticipant', 'B', '--environment', 'staging');
    expect(undeployed.code, undeployed.stdout).toBe(0);
    expect((await registry.store.currentDeployments('staging')).map((d) => d.service)).toEqual(['A']);
  });

  it('merges a pact published with --merge into the one stored for that version', async () => {
    expect((await broker('publish', 'contracts/b/v2', '--consumer-app-version', '4.0.0')).code).toBe(0);
    const dir = await mkdtemp(path.join(tmpdir(), 'rollgate-merge-'));
    try {
      const v2 = JSON.parse(await readFile(path.join(ROOT, 'contracts/b/v2/B-A.json'), 'utf8')) as { interactions: { description: string }[] };
      const extra = { ...v2, interactions: [{ ...v2.interactions[0], description: 'a second request for order ord-42' }] };
      await writeFile(path.join(dir, 'B-A.json'), JSON.stringify(extra));
      const merged = await broker('publish', dir, '--consumer-app-version', '4.0.0', '--merge');
      expect(merged.code, merged.stdout).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const stored = (await registry.store.getPact('B', '4.0.0', 'A'))?.content as { interactions: { description: string }[] };
    expect(stored.interactions.map((i) => i.description)).toContain('a second request for order ord-42');
    expect(stored.interactions).toHaveLength(4);
  });
});
