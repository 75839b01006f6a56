import { afterEach, describe, expect, it } from 'vitest';
import { body, contract, testRegistry } from './helpers.js';
import type { TestRegistry } from './helpers.js';

let registry: TestRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

type ErrorBody = { error: { code: string; message: string } };

/** The answer must be exactly `{ error: { code, message } }`, with nothing of Fastify's own shape. */
function refusal(response: { statusCode: number; body: string; json(): unknown }): ErrorBody['error'] & { status: number } {
  const answer = response.json() as Record<string, unknown>;
  expect(Object.keys(answer)).toEqual(['error']);
  const error = answer.error as Record<string, unknown>;
  expect(Object.keys(error).sort()).toEqual(['code', 'message']);
  expect(response.body).not.toMatch(/FST_ERR|statusCode/);
  return { status: response.statusCode, code: String(error.code), message: String(error.message) };
}

describe('names in the path', () => {
  it('accepts names of up to 200 characters, including those past the router default of 100', async () => {
    registry = await testRegistry();
    const service = `svc-${'s'.repeat(146)}`; // 150
    const version = `1.0.0-${'v'.repeat(194)}`; // 200
    const put = await registry.app.inject({
      method: 'PUT',
      url: `/services/${service}/versions/${version}/openapi`,
      payload: await contract('a/v1/openapi.yaml'),
      headers: { 'content-type': 'application/yaml' },
    });
    expect(put.statusCode, put.body).toBe(201);
    const get = await registry.app.inject({ method: 'GET', url: `/services/${service}/versions/${version}` });
    expect(get.statusCode, get.body).toBe(200);
    expect(body(get)).toMatchObject({ service, version });
  });

  it('counts characters, not UTF-16 units or bytes: 200 astral characters are a valid name', async () => {
    registry = await testRegistry();
    const service = '\u{1F680}'.repeat(200);
    const response = await registry.app.inject({ method: 'GET', url: `/services/${encodeURIComponent(service)}` });
    expect(refusal(response)).toEqual({ status: 404, code: 'NOT_FOUND', message: `unknown service "${service}"` });
    // And the store keeps such a name: 400 UTF-16 units, 200 characters.
    const put = await registry.app.inject({
      method: 'PUT',
      url: `/services/${encodeURIComponent(service)}/versions/${encodeURIComponent('\u{1F600}'.repeat(150))}/openapi`,
      payload: await contract('a/v1/openapi.yaml'),
      headers: { 'content-type': 'application/yaml' },
    });
    expect(put.statusCode, put.body).toBe(201);
    expect(body(put)).toMatchObject({ service, version: '\u{1F600}'.repeat(150) });
  });

  it('answers a name the store refuses (spaces around it, a control character) with BAD_REQUEST', async () => {
    registry = await testRegistry();
    for (const version of [' 1.0.0', 'x\ny']) {
      const response = await registry.app.inject({
        method: 'PUT',
        url: `/services/A/versions/${encodeURIComponent(version)}/openapi`,
        payload: await contract('a/v1/openapi.yaml'),
        headers: { 'content-type': 'application/yaml' },
      });
      const error = refusal(response);
      expect(error).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
      expect(error.message).toMatch(/^version must not/);
    }
  });

  it('refuses a name of 201 to 1,000 characters with a 400 naming the limit', async () => {
    registry = await testRegistry();
    for (const length of [201, 1_000]) {
      const response = await registry.app.inject({ method: 'GET', url: `/services/${'a'.repeat(length)}` });
      const error = refusal(response);
      expect(error.status).toBe(400);
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(/200 characters/);
    }
  });

  it('refuses an absurdly long segment the router stops with the same shape and code', async () => {
    registry = await testRegistry();
    const response = await registry.app.inject({ method: 'GET', url: `/services/${'a'.repeat(5_000)}/endpoints` });
    const error = refusal(response);
    expect(error).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(error.message).toMatch(/longer than 200 characters/);
  });

  it('refuses a badly percent-encoded path with a 400 in the same shape', async () => {
    registry = await testRegistry();
    const error = refusal(await registry.app.inject({ method: 'GET', url: '/services/%E0%A4%A' }));
    expect(error).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(error.message).toContain('/services/%E0%A4%A');
  });
});

describe("Fastify's own refusals", () => {
  it('answers a body that is not JSON with BAD_REQUEST', async () => {
    registry = await testRegistry();
    const response = await registry.app.inject({ method: 'POST', url: '/deployments', payload: '{"service": "A",', headers: { 'content-type': 'application/json' } });
    const error = refusal(response);
    expect(error).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(error.message).toMatch(/JSON/);
  });

  it('answers an unsupported media type with UNSUPPORTED_MEDIA_TYPE naming it and what to send', async () => {
    registry = await testRegistry();
    const response = await registry.app.inject({ method: 'POST', url: '/deployments', payload: 'service=A', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(refusal(response)).toEqual({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'content type "application/x-www-form-urlencoded" is not accepted here; send JSON with "Content-Type: application/json"',
    });
  });

  it('answers JSON sent as text/plain with UNSUPPORTED_MEDIA_TYPE, as any other type', async () => {
    registry = await testRegistry();
    const response = await registry.app.inject({ method: 'POST', url: '/deployments', payload: '{"service":"A","version":"1.0.0","environment":"x"}', headers: { 'content-type': 'text/plain' } });
    expect(refusal(response)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('content type "text/plain"') });
  });

  it('takes body fields as the JSON types they are, without turning a boolean or a number into a name', async () => {
    registry = await testRegistry();
    await registry.app.inject({ method: 'PUT', url: '/services/A/versions/1.0.0/openapi', payload: await contract('a/v1/openapi.yaml'), headers: { 'content-type': 'application/yaml' } });
    for (const [field, value] of [['environment', true], ['environment', ['x']], ['instance', 5], ['version', 1]] as const) {
      const payload = { service: 'A', version: '1.0.0', environment: 'production', [field]: value };
      const error = refusal(await registry.app.inject({ method: 'POST', url: '/deployments', payload }));
      expect(error, `${field}: ${JSON.stringify(value)}`).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: expect.stringContaining(`body/${field} must be string`) });
    }
    // null is how an answer says "no instance", so it may be sent back.
    const recorded = await registry.app.inject({ method: 'POST', url: '/deployments', payload: { service: 'A', version: '1.0.0', environment: 'production', instance: null } });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(body(recorded)).toMatchObject({ deployment: { instance: null } });
    // The refused ones created no environment.
    expect((await registry.store.listEnvironments()).map((environment) => environment.name)).toEqual(['production']);
    // The query string is still read as text and typed by its schema.
    expect((await registry.app.inject({ method: 'GET', url: '/deployments?environment=production' })).statusCode).toBe(200);
  });

  it('refuses a pact nested past what its checks can walk with PACT_INVALID, storing nothing', async () => {
    registry = await testRegistry();
    const depth = 1_800;
    const payload = `{"consumer":{"name":"B"},"provider":{"name":"A"},"interactions":[{"description":"deep","request":{"method":"GET","path":"/orders"},"response":{"status":200,"body":${'['.repeat(depth)}${']'.repeat(depth)}}}]}`;
    const response = await registry.app.inject({ method: 'PUT', url: '/services/B/versions/1.0.0/pacts/A', payload, headers: { 'content-type': 'application/json' } });
    const error = refusal(response);
    expect(error).toMatchObject({ status: 400, code: 'PACT_INVALID' });
    expect(error.message).toMatch(/nests 1804 levels deep at \/interactions\/0\/response\/body\/0\/0.*a pact may nest at most 256 levels/);
    expect((await registry.app.inject({ method: 'GET', url: '/services/B/versions/1.0.0' })).statusCode).toBe(404);
  });

  it('names what an OpenAPI document lacks', async () => {
    registry = await testRegistry();
    const response = await registry.app.inject({ method: 'PUT', url: '/services/A/versions/1.0.0/openapi', payload: '{"openapi":"3.0.0"}', headers: { 'content-type': 'application/json' } });
    expect(refusal(response)).toMatchObject({ status: 400, code: 'SPEC_INVALID', message: expect.stringContaining('the document is not valid: "info" is missing') });
  });

  it('answers an unknown route and an unknown method with NOT_FOUND naming them', async () => {
    registry = await testRegistry();
    expect(refusal(await registry.app.inject({ method: 'GET', url: '/nope?x=1' }))).toEqual({ status: 404, code: 'NOT_FOUND', message: 'no route GET /nope' });
    expect(refusal(await registry.app.inject({ method: 'DELETE', url: '/services' }))).toEqual({ status: 404, code: 'NOT_FOUND', message: 'no route DELETE /services' });
  });

  it('names the body limit and how to raise it in a 413', async () => {
    registry = await testRegistry({ bodyLimit: 2_048 });
    const payload = `${await contract('a/v2/openapi.yaml')}\n# ${'x'.repeat(4_096)}\n`;
    const response = await registry.app.inject({
      method: 'PUT',
      url: '/services/A/versions/2.0.0/openapi',
      payload,
      headers: { 'content-type': 'application/yaml' },
    });
    const error = refusal(response);
    expect(error).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(error.message).toContain(`the request body (${Buffer.byteLength(payload)} bytes) is over the registry's limit of 2048 bytes`);
    expect(error.message).toContain('--body-limit');
    expect(error.message).toContain('bodyLimit');
  });

  it('states the default limit in megabytes', async () => {
    registry = await testRegistry();
    const payload = JSON.stringify({ padding: 'x'.repeat(64 * 1024 * 1024) });
    const response = await registry.app.inject({ method: 'PUT', url: '/services/A/versions/1.0.0/openapi', payload, headers: { 'content-type': 'application/json' } });
    expect(refusal(response).message).toContain("over the registry's limit of 64 MB (67108864 bytes)");
  });
});

describe('syntax errors in published documents', () => {
  it('names the line of a YAML syntax error once', async () => {
    registry = await testRegistry();
    const response = await registry.app.inject({
      method: 'PUT',
      url: '/services/A/versions/1.0.0/openapi',
      payload: 'openapi: 3.0.3\ninfo:\n  title: A\n  version: [1.0.0\n    x: y\npaths: {}\n',
      headers: { 'content-type': 'application/yaml' },
    });
    const error = refusal(response);
    expect(error).toMatchObject({ status: 400, code: 'SPEC_SYNTAX' });
    const line = /:(\d+): invalid YAML/.exec(error.message)?.[1];
    expect(line, error.message).toBeDefined();
    expect(error.message.split(line!).length - 1, error.message).toBe(1);
    expect(error.message).not.toMatch(/\(line \d+\)/);
  });

  it('still adds the line when the message does not name it (a pact that is not JSON)', async () => {
    registry = await testRegistry();
    const response = await registry.app.inject({
      method: 'PUT',
      url: '/services/B/versions/1.0.0/pacts/A',
      payload: '{\n  "consumer": { "name": "B" },\n  "provider": { "name": "A" }\n  "interactions": []\n}\n',
      headers: { 'content-type': 'application/json' },
    });
    const error = refusal(response);
    expect(error).toMatchObject({ status: 400, code: 'PACT_INVALID' });
    expect(error.message).toMatch(/\(line 4\)$/);
  });
});
