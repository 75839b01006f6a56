import { afterEach, describe, expect, it } from 'vitest';
import { body, contract, deploy, publishDemo, testRegistry } from './helpers.js';
import type { TestRegistry } from './helpers.js';

let registry: TestRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

describe('registry app basics', () => {
  it('answers /healthz without a token even when reads need one', async () => {
    registry = await testRegistry({ writeToken: 'w', readToken: 'r' });
    const response = await registry.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(body(response)).toEqual({ status: 'ok' });
    // A probe configured with a stale or foreign token must not fail the liveness check either.
    const stale = await registry.app.inject({ method: 'GET', url: '/healthz', headers: { authorization: 'Bearer revoked' } });
    expect(stale.statusCode).toBe(200);
  });

  it('keeps /metrics behind the read token when one is set, as Prometheus scrapers send a bearer token', async () => {
    registry = await testRegistry({ writeToken: 'w', readToken: 'r' });
    const anonymous = await registry.app.inject({ method: 'GET', url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    expect(body<{ error: { code: string } }>(anonymous).error.code).toBe('UNAUTHORIZED');
    const scraper = await registry.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer r' } });
    expect(scraper.statusCode).toBe(200);
    expect(scraper.body).toContain('# TYPE rollgate_http_requests_total counter');
  });

  it('answers unknown routes with a JSON 404 naming the route', async () => {
    registry = await testRegistry();
    const response = await registry.app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(response.statusCode).toBe(404);
    expect(body(response)).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /nope' } });
  });

  it('refuses bad query input with a 400, never a 500', async () => {
    registry = await testRegistry();
    const response = await registry.app.inject({ method: 'GET', url: '/rollback-check?service=A&environment=production' });
    expect(response.statusCode).toBe(400);
    const error = body<{ error: { code: string; message: string } }>(response).error;
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/to/);
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('describes itself at /openapi.json with named components', async () => {
    registry = await testRegistry();
    const response = await registry.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = body<{ openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }>(response);
    expect(document.openapi).toBe('3.0.3');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/services/{service}/versions/{version}/openapi',
        '/services/{consumer}/versions/{version}/pacts/{provider}',
        '/deployments',
        '/rollback-check',
        '/can-i-deploy',
        '/services',
        '/services/{service}',
        '/services/{service}/versions/{version}',
        '/services/{service}/endpoints',
      ]),
    );
    expect(document.components.schemas).toHaveProperty('RollbackCheck');
    expect(document.components.schemas).toHaveProperty('Blocker');
  });
});

describe('authorisation', () => {
  const spec = (): Promise<string> => contract('a/v1/openapi.yaml');

  it('answers 401 to a write without a token and 401 to an unknown token', async () => {
    registry = await testRegistry({ writeToken: 'write-secret' });
    const url = '/services/A/versions/1.0.0/openapi';
    const anonymous = await registry.app.inject({ method: 'PUT', url, payload: await spec(), headers: { 'content-type': 'application/yaml' } });
    expect(anonymous.statusCode).toBe(401);
    expect(body<{ error: { code: string } }>(anonymous).error.code).toBe('UNAUTHORIZED');
    const wrong = await registry.app.inject({
      method: 'PUT',
      url,
      payload: await spec(),
      headers: { 'content-type': 'application/yaml', authorization: 'Bearer write-secreT' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(await registry.store.getOpenApi('A', '1.0.0')).toBeUndefined();
  });

  it('answers 403 to a write with the read token, and accepts the write token', async () => {
    registry = await testRegistry({ writeToken: 'write-secret', readToken: 'read-secret' });
    const url = '/services/A/versions/1.0.0/openapi';
    const withRead = await registry.app.inject({
      method: 'PUT',
      url,
      payload: await spec(),
      headers: { 'content-type': 'application/yaml', authorization: 'Bearer read-secret' },
    });
    expect(withRead.statusCode).toBe(403);
    expect(body<{ error: { code: string } }>(withRead).error.code).toBe('FORBIDDEN');
    const withWrite = await registry.app.inject({
      method: 'PUT',
      url,
      payload: await spec(),
      headers: { 'content-type': 'application/yaml', authorization: 'Bearer write-secret' },
    });
    expect(withWrite.statusCode).toBe(201);
  });

  it('needs a token for reads only when a read token is set; the write token reads too', async () => {
    registry = await testRegistry({ writeToken: 'write-secret', readToken: 'read-secret' });
    expect((await registry.app.inject({ method: 'GET', url: '/services' })).statusCode).toBe(401);
    const read = await registry.app.inject({ method: 'GET', url: '/services', headers: { authorization: 'Bearer read-secret' } });
    expect(read.statusCode).toBe(200);
    const write = await registry.app.inject({ method: 'GET', url: '/services', headers: { authorization: 'Bearer write-secret' } });
    expect(write.statusCode).toBe(200);
    await registry.close();

    registry = await testRegistry({ writeToken: 'write-secret' });
    expect((await registry.app.inject({ method: 'GET', url: '/services' })).statusCode).toBe(200);
  });
});

describe('body limit', () => {
  it('answers 413 past the configured limit and stores nothing', async () => {
    registry = await testRegistry({ bodyLimit: 2_048 });
    const big = `${await contract('a/v2/openapi.yaml')}\n# ${'x'.repeat(4_096)}\n`;
    const response = await registry.app.inject({
      method: 'PUT',
      url: '/services/A/versions/2.0.0/openapi',
      payload: big,
      headers: { 'content-type': 'application/yaml' },
    });
    expect(response.statusCode).toBe(413);
    expect(body<{ error: { code: string } }>(response).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await registry.store.getOpenApi('A', '2.0.0')).toBeUndefined();
  });
});

describe('metrics', () => {
  it('counts requests by route template and status, checks by verdict, and contracts stored', async () => {
    registry = await testRegistry();
    const { app } = registry;
    await publishDemo(app);
    await deploy(app, 'A', '2.0.0', 'production');
    await deploy(app, 'B', '2.0.0', 'production');
    await app.inject({ method: 'GET', url: '/rollback-check?service=A&environment=production&to=1.0.0' });
    await app.inject({ method: 'GET', url: '/rollback-check?service=A&environment=production&to=2.0.0' });
    await app.inject({ method: 'GET', url: '/rollback-check?service=A&environment=nowhere&to=2.0.0' });

    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toContain('rollgate_http_requests_total{method="PUT",route="/services/:service/versions/:version/openapi",status="201"} 2');
    expect(text).toContain('rollgate_http_requests_total{method="GET",route="/rollback-check",status="200"} 2');
    expect(text).toContain('rollgate_http_requests_total{method="GET",route="/rollback-check",status="404"} 1');
    expect(text).toMatch(/rollgate_http_request_duration_seconds_bucket\{method="GET",route="\/rollback-check",status="200",le="\+Inf"\} 2/);
    expect(text).toContain('rollgate_checks_total{check="rollback",verdict="refused"} 1');
    expect(text).toContain('rollgate_checks_total{check="rollback",verdict="safe"} 1');
    expect(text).toContain('rollgate_contracts_stored{kind="openapi"} 2');
    expect(text).toContain('rollgate_contracts_stored{kind="pact"} 2');
  });
});
