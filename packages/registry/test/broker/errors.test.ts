import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { startRegistry } from './helpers.js';
import type { RunningRegistry } from './helpers.js';

const TOKEN = 'write-token-for-error-tests';

// The Pact CLI prints the `errors` list of a refusal; Rollgate's clients read `error`. Both carry
// the app's one message, code and status for the same failure.
describe('Broker API refusals', () => {
  let registry: RunningRegistry;
  const call = (options: InjectOptions) =>
    registry.app.inject({ ...options, headers: { accept: 'application/hal+json', authorization: `Bearer ${TOKEN}`, ...(options.headers ?? {}) } });

  beforeEach(async () => {
    registry = await startRegistry(TOKEN);
  });
  afterEach(async () => {
    await registry.close();
  });

  function refusal(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
    const body = response.json() as { error: { code: string; message: string }; errors: string[] };
    expect(Object.keys(body).sort()).toEqual(['error', 'errors']);
    expect(body.errors).toEqual([body.error.message]);
    expect(String(response.headers['content-type'])).toMatch(/^application\/hal\+json/);
    return { status: response.statusCode, ...body.error };
  }

  it('words a 413 as the JSON API does, naming the limit and how to raise it', async () => {
    await registry.close();
    registry = await startRegistry(TOKEN, undefined, { bodyLimit: 1_024 });
    const payload = JSON.stringify({ name: 'production', displayName: 'x'.repeat(2_000) });
    const error = refusal(await call({ method: 'POST', url: '/environments', payload, headers: { 'content-type': 'application/json' } }));
    expect(error).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(error.message).toContain(`the request body (${Buffer.byteLength(payload)} bytes) is over the registry's limit of 1024 bytes`);
  });

  it('answers 415, 400 and 404 in the same shape', async () => {
    const media = refusal(await call({ method: 'POST', url: '/environments', payload: 'name=production', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(media).toEqual({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'content type "application/x-www-form-urlencoded" is not accepted here; send JSON with "Content-Type: application/json"',
    });
    const invalid = refusal(await call({ method: 'POST', url: '/environments', payload: { displayName: 'no name' } }));
    expect(invalid).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(invalid.message).toMatch(/name/);
    const missing = refusal(await call({ method: 'GET', url: '/pacticipants/Nobody' }));
    expect(missing).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(missing.message).toContain('Nobody');
  });

  it('lists its refusals in /openapi.json, 503 with Retry-After included', async () => {
    const description = (await registry.app.inject({ method: 'GET', url: '/openapi.json', headers: { authorization: `Bearer ${TOKEN}` } })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: { $ref?: string } }> }> }>>;
    };
    const publish = description.paths['/contracts/publish']!.post!.responses;
    expect(Object.keys(publish).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '500', '503']);
    expect(publish['503']!.headers).toHaveProperty('retry-after');
    expect(publish['400']!.content!['application/json']!.schema.$ref).toBe('#/components/schemas/BrokerErrorBody');
    expect(Object.keys(description.paths['/matrix']!.get!.responses).sort()).toEqual(['200', '400', '401', '404', '500', '503']);
  });
});
