import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { ROOT, startRegistry } from './helpers.js';
import type { RunningRegistry } from './helpers.js';

const TOKEN = 'write-token-for-route-tests';
const HAL = 'application/hal+json, application/json';

function pact(consumer: string, provider: string, interactions: unknown[]) {
  return { consumer: { name: consumer }, provider: { name: provider }, interactions, metadata: { pactSpecification: { version: '3.0.0' } } };
}

function interaction(description: string, status = 200) {
  return { description, request: { method: 'GET', path: '/things/1' }, response: { status, body: { id: 1 } } };
}

function base64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

describe('Broker API resources', () => {
  let registry: RunningRegistry;
  let app: FastifyInstance;
  const call = (options: InjectOptions) =>
    app.inject({ ...options, headers: { accept: HAL, authorization: `Bearer ${TOKEN}`, ...(options.headers ?? {}) } });
  const publish = (version: string, interactions: unknown[], onConflict?: 'overwrite' | 'merge') =>
    call({
      method: 'POST',
      url: '/contracts/publish',
      payload: {
        pacticipantName: 'Web',
        pacticipantVersionNumber: version,
        branch: 'main',
        contracts: [
          {
            consumerName: 'Web',
            providerName: 'Api',
            specification: 'pact',
            contentType: 'application/json',
            content: base64(pact('Web', 'Api', interactions)),
            ...(onConflict ? { onConflict } : {}),
          },
        ],
      },
    });

  beforeEach(async () => {
    registry = await startRegistry(TOKEN);
    app = registry.app;
  });
  afterEach(async () => {
    await registry.close();
  });

  it('serves the HAL index to Pact clients, the UI to browsers and Rollgate’s index to the rest', async () => {
    const hal = await call({ method: 'GET', url: '/' });
    expect(hal.statusCode).toBe(200);
    expect(hal.headers['content-type']).toMatch(/^application\/hal\+json/);
    const links = (hal.json() as { _links: Record<string, { href: string; templated?: boolean }> })._links;
    for (const rel of [
      'pb:publish-contracts', 'pb:publish-pact', 'pb:pacticipants', 'pb:pacticipant', 'pb:pacticipant-version',
      'pb:pacticipant-version-tag', 'pb:pacticipant-branch-version', 'pb:environments', 'pb:environment',
      'pb:latest-version', 'pb:provider-pacts-for-verification',
    ]) {
      expect(links[rel]?.href, rel).toMatch(/^http:\/\/localhost(:\d+)?\//);
    }
    expect(links['pb:pacticipant-version']).toMatchObject({ href: expect.stringContaining('/pacticipants/{pacticipant}/versions/{version}'), templated: true });

    const browser = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(browser.statusCode).toBe(302);
    expect(browser.headers.location).toBe('/ui/');

    const plainJson = await app.inject({ method: 'GET', url: '/', headers: { accept: 'application/json' } });
    expect(plainJson.statusCode).toBe(200);
    expect(plainJson.json()).toMatchObject({ name: 'rollgate-registry' });
  });

  it('merges pacts on onConflict=merge and refuses a same-named interaction that differs', async () => {
    expect((await publish('1.0.0', [interaction('get thing')])).statusCode).toBe(200);
    const merged = await publish('1.0.0', [interaction('get other thing')], 'merge');
    expect(merged.statusCode).toBe(200);
    const stored = (await registry.store.getPact('Web', '1.0.0', 'Api'))?.content as { interactions: { description: string }[] };
    expect(stored.interactions.map((i) => i.description)).toEqual(['get thing', 'get other thing']);

    const clash = await publish('1.0.0', [interaction('get thing', 404)], 'merge');
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ errors: [expect.stringContaining('two interactions are named "get thing"')] });

    const before = (await registry.store.getPact('Web', '1.0.0', 'Api'))?.hash;
    for (const onConflict of [undefined, 'overwrite'] as const) {
      const overwrite = await publish('1.0.0', [interaction('get thing', 404)], onConflict);
      expect(overwrite.statusCode, String(onConflict)).toBe(409);
      expect(overwrite.json()).toMatchObject({
        error: { code: 'CONFLICT', message: expect.stringContaining("a version's pact never changes") },
        errors: [expect.stringContaining('pact of Web version 1.0.0 with Api')],
      });
    }
    const put = await call({ method: 'PUT', url: '/pacts/provider/Api/consumer/Web/version/1.0.0', payload: pact('Web', 'Api', [interaction('get thing', 500)]) });
    expect(put.statusCode).toBe(409);
    expect((await registry.store.getPact('Web', '1.0.0', 'Api'))?.hash).toBe(before);
  });

  it('stores all the contracts of a publication or none of them', async () => {
    const contract = (provider: string, content: string) => ({ consumerName: 'Web', providerName: provider, specification: 'pact', contentType: 'application/json', content });
    const publishBoth = (version: string, second: string) =>
      call({
        method: 'POST',
        url: '/contracts/publish',
        payload: { pacticipantName: 'Web', pacticipantVersionNumber: version, branch: 'main', contracts: [contract('Api', base64(pact('Web', 'Api', [interaction('get thing')]))), contract('Billing', second)] },
      });

    // The second pact is malformed: the first one, valid, must not be stored either.
    const malformed = await publishBoth('4.0.0', base64({ consumer: { name: 'Web' }, provider: { name: 'Billing' } }));
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'PACT_INVALID' } });
    expect(await registry.store.getVersion('Web', '4.0.0')).toBeUndefined();

    // The second pact conflicts with what the version holds: the first one's change is rolled back.
    expect((await publishBoth('5.0.0', base64(pact('Web', 'Billing', [interaction('bill')])))).statusCode).toBe(200);
    const apiBefore = await registry.store.getPact('Web', '5.0.0', 'Api');
    const conflicting = await call({
      method: 'POST',
      url: '/contracts/publish',
      payload: {
        pacticipantName: 'Web',
        pacticipantVersionNumber: '5.0.0',
        contracts: [
          { ...contract('Api', base64(pact('Web', 'Api', [interaction('get other thing')]))), onConflict: 'merge' },
          contract('Billing', base64(pact('Web', 'Billing', [interaction('bill', 402)]))),
        ],
      },
    });
    expect(conflicting.statusCode).toBe(409);
    expect(conflicting.json()).toMatchObject({ error: { message: expect.stringContaining('pact of Web version 5.0.0 with Billing') } });
    expect((await registry.store.getPact('Web', '5.0.0', 'Api'))?.hash).toBe(apiBefore?.hash);
  });

  it('names what is wrong in a publication and stores nothing', async () => {
    const notBase64 = await call({
      method: 'POST',
      url: '/contracts/publish',
      payload: {
        pacticipantName: 'Web',
        pacticipantVersionNumber: '2.0.0',
        contracts: [{ consumerName: 'Web', providerName: 'Api', specification: 'pact', contentType: 'application/json', content: 'not base64!' }],
      },
    });
    expect(notBase64.statusCode).toBe(400);
    expect(notBase64.json()).toMatchObject({ error: { message: 'contracts[0].content is not base64' } });

    const wrongConsumer = await call({
      method: 'POST',
      url: '/contracts/publish',
      payload: {
        pacticipantName: 'Web',
        pacticipantVersionNumber: '2.0.0',
        contracts: [{ consumerName: 'Web', providerName: 'Api', specification: 'pact', contentType: 'application/json', content: base64(pact('Other', 'Api', [interaction('x')])) }],
      },
    });
    expect(wrongConsumer.statusCode).toBe(400);
    expect(wrongConsumer.json()).toMatchObject({ error: { code: 'PACT_MISMATCH' } });
    expect(await registry.store.getVersion('Web', '2.0.0')).toBeUndefined();
  });

  it('takes the older PUT form and serves the pact with its verification link', async () => {
    const put = await call({ method: 'PUT', url: '/pacts/provider/Api/consumer/Web/version/3.0.0', payload: pact('Web', 'Api', [interaction('get thing')]) });
    expect(put.statusCode).toBe(201);
    const again = await call({ method: 'PUT', url: '/pacts/provider/Api/consumer/Web/version/3.0.0', payload: pact('Web', 'Api', [interaction('get thing')]) });
    expect(again.statusCode).toBe(200);
    const fetched = await call({ method: 'GET', url: '/pacts/provider/Api/consumer/Web/version/3.0.0' });
    const body = fetched.json() as { interactions: unknown[]; _links: Record<string, { href: string }> };
    expect(body.interactions).toHaveLength(1);
    const hash = (await registry.store.getPact('Web', '3.0.0', 'Api'))?.hash;
    expect(body._links['pb:publish-verification-results']?.href).toBe(
      `http://localhost:80/pacts/provider/Api/consumer/Web/pact-version/${hash}/verification-results`,
    );
    const mismatch = await call({ method: 'PUT', url: '/pacts/provider/Other/consumer/Web/version/3.0.0', payload: pact('Web', 'Api', [interaction('x')]) });
    expect(mismatch.statusCode).toBe(400);
  });

  it('reads raw and percent-encoded matrix queries alike and names a bad selector', async () => {
    await publish('1.0.0', [interaction('get thing')]);
    await registry.store.ensureVersion('Api', '5.0.0');
    const raw = await call({ method: 'GET', url: '/matrix?q[][pacticipant]=Web&q[][version]=1.0.0&q[][pacticipant]=Api&q[][version]=5.0.0&latestby=cvpv' });
    const encoded = await call({ method: 'GET', url: '/matrix?q%5B%5D%5Bpacticipant%5D=Web&q%5B%5D%5Bversion%5D=1.0.0&q%5B%5D%5Bpacticipant%5D=Api&q%5B%5D%5Bversion%5D=5.0.0&latestby=cvpv' });
    expect(raw.statusCode).toBe(200);
    const answer = raw.json() as { summary: { deployable: boolean | null; unknown: number }; matrix: unknown[] };
    // Api 5.0.0 has neither an OpenAPI document nor a verification result: unknown, not a guess.
    expect(answer.summary).toMatchObject({ deployable: null, unknown: 1 });
    expect(answer.matrix).toHaveLength(1);
    expect((encoded.json() as { matrix: unknown[] }).matrix).toEqual(answer.matrix);

    const bad = await call({ method: 'GET', url: '/matrix?q[][version]=1.0.0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: ['query parameter q[0][pacticipant] is missing: every selector names a pacticipant'] });
  });

  it('answers /can-i-deploy in the Broker form beside Rollgate’s own form', async () => {
    const spec = await readFile(path.join(ROOT, 'contracts/a/v2/openapi.yaml'), 'utf8');
    expect((await call({ method: 'PUT', url: '/services/A/versions/2.0.0/openapi', payload: spec, headers: { 'content-type': 'application/yaml' } })).statusCode).toBe(201);
    await registry.store.recordDeployment({ service: 'A', version: '2.0.0', environment: 'production' });

    const broker = await call({ method: 'GET', url: '/can-i-deploy?pacticipant=A&version=2.0.0&environment=production' });
    expect(broker.statusCode).toBe(200);
    expect(broker.json()).toMatchObject({ summary: { deployable: true } });

    const own = await app.inject({ method: 'GET', url: '/can-i-deploy?service=A&version=2.0.0&environment=production', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ deployable: true, service: 'A' });
  });

  it('builds the matrix for an environment that exists but is empty: a consumer is unknown, its provider may go', async () => {
    await publish('1.0.0', [interaction('get thing')]);
    await registry.store.ensureVersion('Api', '5.0.0');
    const created = await call({ method: 'POST', url: '/environments', payload: { name: 'eu-canary', production: false } });
    expect(created.statusCode, created.body).toBe(201);

    const consumer = await call({ method: 'GET', url: '/matrix?q[][pacticipant]=Web&q[][version]=1.0.0&latestby=cvpv&environment=eu-canary' });
    expect(consumer.statusCode, consumer.body).toBe(200);
    const answer = consumer.json() as { summary: Record<string, unknown>; notices: { type: string; text: string }[]; matrix: unknown[] };
    expect(answer.summary).toEqual({
      deployable: null,
      reason: 'Web 1.0.0: Api, which it has pacts with, has no version in eu-canary',
      success: 0,
      failed: 0,
      unknown: 1,
      ignored: 0,
    });
    expect(answer.matrix).toEqual([]);
    expect(answer.notices.map((notice) => notice.type)).toEqual(['warning', 'info', 'warning']);

    // Ignoring the provider (`--ignore Api`) leaves nothing to wait for.
    const ignoring = await call({ method: 'GET', url: '/matrix?q[][pacticipant]=Web&q[][version]=1.0.0&latestby=cvpv&environment=eu-canary&ignore[][pacticipant]=Api' });
    expect(ignoring.json()).toMatchObject({ summary: { deployable: true, unknown: 0, ignored: 1 } });

    const provider = await call({ method: 'GET', url: '/can-i-deploy?pacticipant=Api&version=5.0.0&environment=eu-canary' });
    expect(provider.statusCode, provider.body).toBe(200);
    expect(provider.json()).toMatchObject({ summary: { deployable: true, unknown: 0 }, matrix: [] });
  });

  it('addresses environments by UUID and ends a deployment with a merge patch', async () => {
    const created = await call({ method: 'POST', url: '/environments', payload: { name: 'qa', displayName: 'QA' } });
    expect(created.statusCode).toBe(201);
    const { uuid } = created.json() as { uuid: string };
    expect(created.headers.location).toBe(`http://localhost:80/environments/${uuid}`);
    expect((await call({ method: 'GET', url: `/environments/${uuid}` })).json()).toMatchObject({ name: 'qa', displayName: 'QA', production: false });
    expect((await call({ method: 'GET', url: '/environments/qa' })).statusCode).toBe(404);

    await registry.store.ensureVersion('Api', '1.0.0');
    const deployed = await call({ method: 'POST', url: `/pacticipants/Api/versions/1.0.0/deployed-versions/environment/${uuid}`, payload: { applicationInstance: 'blue' } });
    expect(deployed.statusCode).toBe(201);
    const current = await call({ method: 'GET', url: `/environments/${uuid}/deployed-versions/currently-deployed?pacticipant=Api` });
    const [deployment] = (current.json() as { _embedded: { deployedVersions: { applicationInstance: string; _links: { self: { href: string } } }[] } })._embedded.deployedVersions;
    expect(deployment?.applicationInstance).toBe('blue');

    const ended = await call({
      method: 'PATCH',
      url: new URL(deployment?._links.self.href ?? '').pathname,
      payload: JSON.stringify({ currentlyDeployed: false }),
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ currentlyDeployed: false });
    expect(await registry.store.currentDeployments('qa')).toEqual([]);
  });

  it('needs the write token for writes, and no token for the for-verification query when reads are open', async () => {
    const refused = await app.inject({ method: 'POST', url: '/environments', headers: { accept: HAL }, payload: { name: 'dev' } });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toMatch(/^application\/hal\+json/);
    await publish('1.0.0', [interaction('get thing')]);
    const forVerification = await app.inject({ method: 'POST', url: '/pacts/provider/Api/for-verification', headers: { accept: HAL }, payload: {} });
    expect(forVerification.statusCode).toBe(200);
  });
});

describe('Broker API with a read token', () => {
  it('keeps the index behind the token but sends browsers on to the UI', async () => {
    const registry = await startRegistry('write-secret', 'read-secret');
    try {
      const anonymous = await registry.app.inject({ method: 'GET', url: '/', headers: { accept: HAL } });
      expect(anonymous.statusCode).toBe(401);
      const reader = await registry.app.inject({ method: 'GET', url: '/', headers: { accept: HAL, authorization: 'Bearer read-secret' } });
      expect(reader.statusCode).toBe(200);
      const readerWrites = await registry.app.inject({ method: 'POST', url: '/environments', headers: { accept: HAL, authorization: 'Bearer read-secret' }, payload: { name: 'dev' } });
      expect(readerWrites.statusCode).toBe(403);
      const browser = await registry.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
      expect(browser.statusCode).toBe(302);
    } finally {
      await registry.close();
    }
  });
});
