import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RollbackAnswer } from '../../src/checks/rollback.js';
import { seedDemo, startRegistry, type TestRegistry } from './registry.js';

const HTML = { accept: 'text/html' };

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`' };

/** The text a browser shows for a fragment of our markup: tags dropped, our escapes undone. */
function text(fragment: string): string {
  return fragment.replace(/<[^>]+>/g, '').replace(/&(?:amp|lt|gt|quot|#39|#96);/g, (entity) => ENTITIES[entity]!);
}

describe('UI pages over the demo registry', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry();
    await seedDemo(registry.app);
  });
  afterAll(async () => registry?.close());

  const get = (url: string, headers: Record<string, string> = HTML) => registry.app.inject({ url, headers });

  it('sends browsers from / to /ui/ and leaves API clients the index', async () => {
    const browser = await get('/');
    expect(browser.statusCode).toBe(302);
    expect(browser.headers.location).toBe('/ui/');
    const client = await get('/', { accept: 'application/json' });
    expect(client.statusCode).toBe(200);
    expect(client.headers['content-type']).toMatch(/json/);
  });

  it('serves HTML with a strict content security policy', async () => {
    const page = await get('/ui/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // No inline script or style attribute: the policy above would block them.
    expect(page.body).not.toMatch(/<script>|\sstyle="|\son[a-z]+="/);
  });

  it('serves the stylesheet and script with a content-hash ETag and long caching', async () => {
    const page = await get('/ui/');
    for (const [file, type] of [
      ['ui.css', 'text/css; charset=utf-8'],
      ['ui.js', 'text/javascript; charset=utf-8'],
    ] as const) {
      const [url, hash] = new RegExp(`/ui/assets/${file.replace('.', '\\.')}\\?v=([0-9a-f]{16})`).exec(page.body)!;
      const first = await get(url);
      expect(first.statusCode, file).toBe(200);
      expect(first.headers['content-type']).toBe(type);
      expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(first.headers.etag).toBe(`"${hash}"`);
      expect(createHash('sha256').update(first.body).digest('hex').slice(0, 16)).toBe(hash);
      const again = await get(url, { 'if-none-match': `"${hash}"` });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    }
  });

  it('answers any other asset name with the 404 page, including names every object has', async () => {
    for (const file of ['missing.css', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const missing = await get(`/ui/assets/${file}`);
      expect(missing.statusCode, file).toBe(404);
      expect(missing.headers.etag, file).toBeUndefined();
      expect(missing.body).toContain('No such asset.');
    }
  });

  it('keeps the UI out of the API description', async () => {
    const description = (await get('/openapi.json', { accept: 'application/json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(description.paths).filter((p) => p.startsWith('/ui'))).toEqual([]);
  });

  it('answers unknown services, versions and pages with an HTML 404 that keeps the navigation', async () => {
    for (const url of ['/ui/services/nope', '/ui/services/nope/pacts', '/ui/services/A?version=9.9.9', '/ui/no-such-page']) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(404);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('<nav aria-label="Main">');
    }
    const diff = await get('/ui/services/A/diff?from=1.0.0&to=7.0.0');
    expect(diff.statusCode).toBe(404);
    expect(diff.body).toContain('A 7.0.0 has no OpenAPI description in the registry');
  });

  it('shows what GET /rollback-check answers: the verdict, every blocker field and the blocked edges', async () => {
    for (const environment of ['production', 'staging']) {
      const query = `service=A&environment=${environment}&to=1.0.0`;
      const api = (await get(`/rollback-check?${query}`, { accept: 'application/json' })).json() as RollbackAnswer;
      expect(api.from).toBe('2.0.0');
      const page = await get(`/ui/rollback?${query}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`${api.safe ? 'Safe' : 'Refused'}: rolling A back from ${api.from} to ${api.to} in ${environment}`);
      const cells = (row: string): string[] => [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => text(m[1]!));
      const rows = [...page.body.matchAll(/<tr><th scope="row">(.*?)<\/tr>/g)].map((m) => cells(`<th scope="row">${m[1]}`));
      expect(rows).toEqual(
        api.blockers.map((b) => [b.consumer, b.consumerVersion, `${b.provider} ${b.providerVersion}`, `${b.method}\u00a0${b.path}`, `${b.message} ${b.code}`]),
      );
      const graph = await get(`/ui/graph?${query}`);
      const blocked = [...graph.body.matchAll(/data-from="([^"]+)" data-to="([^"]+)" data-blocked="true"/g)].map((m) => `${m[1]}->${m[2]}`);
      expect(blocked).toEqual([...new Set(api.blockers.map((b) => `${b.consumer}->${b.provider}`))]);
    }
    // Production refuses: there is something to compare, not just two empty lists.
    expect(((await get('/rollback-check?service=A&environment=production&to=1.0.0')).json() as RollbackAnswer).blockers.length).toBeGreaterThan(0);
  });

  it('counts a rollback check asked from the form in /metrics, like one asked over the API', async () => {
    const count = async (verdict: string): Promise<number> => {
      const metrics = (await get('/metrics', { accept: 'text/plain' })).body;
      const line = metrics.split('\n').find((l) => l.startsWith(`rollgate_checks_total{check="rollback",verdict="${verdict}"} `));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };
    const [refused, safe] = [await count('refused'), await count('safe')];
    expect((await get('/ui/rollback?service=A&environment=production&to=1.0.0')).statusCode).toBe(200);
    expect((await get('/ui/rollback?service=A&environment=staging&to=1.0.0')).statusCode).toBe(200);
    expect(await count('refused')).toBe(refused + 1);
    expect(await count('safe')).toBe(safe + 1);
    // An unknown service is an error shown beside the form, not a verdict.
    expect((await get('/ui/rollback?service=nope&environment=production&to=1.0.0')).statusCode).toBeLessThan(500);
    expect([await count('refused'), await count('safe')]).toEqual([refused + 1, safe + 1]);
  });

  it('offers the chosen service\'s versions to the form\'s script, newest first', async () => {
    const versions = await get('/ui/services/A/versions.json', { accept: 'application/json' });
    expect(versions.statusCode).toBe(200);
    expect(versions.headers['content-type']).toMatch(/^application\/json/);
    expect(versions.json()).toEqual({ service: 'A', versions: ['2.0.0', '1.0.0'] });
    const unknown = await get('/ui/services/nope/versions.json', { accept: 'application/json' });
    expect(unknown.statusCode).toBe(404);
    // The form names the list the script fills and the status line it updates, before any choice.
    const form = (await get('/ui/rollback')).body;
    expect(form).toContain('<select id="rollback-service" name="service" required data-versions-list="rollback-versions">');
    expect(form).toContain('list="rollback-versions"');
    expect(form).toContain('<datalist id="rollback-versions"></datalist>');
    expect(form).toContain('<p id="rollback-versions-status" class="form-status muted" aria-live="polite"></p>');
  });

  it('shows an unknown service, version or environment beside the form rather than failing the page', async () => {
    for (const [query, message] of [
      ['service=A&environment=moon&to=1.0.0', 'unknown environment &quot;moon&quot;'],
      ['service=Z&environment=production&to=1.0.0', 'unknown service &quot;Z&quot;'],
      ['service=A&environment=production&to=0.1.0', 'unknown version &quot;A@0.1.0&quot;'],
    ] as const) {
      for (const path of ['/ui/rollback', '/ui/graph']) {
        const page = await get(`${path}?${query}`);
        expect(page.statusCode, `${path}?${query}`).toBe(404);
        expect(page.body).toContain(message);
        expect(page.body).toContain(`<form class="inline" method="get" action="${path}">`);
      }
    }
  });

  it('shows the form alone until all three fields are filled in', async () => {
    const page = await get('/ui/rollback?service=A&environment=&to=1.0.0');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('class="verdict');
    // The chosen service's versions are offered for the target, newest first.
    expect(page.body).toContain('<datalist id="rollback-versions"><option value="2.0.0"></option><option value="1.0.0"></option></datalist>');
    expect(page.body).toContain('Suggesting 2 versions of A.');
  });

  it('serves the service list at /ui as well as /ui/', async () => {
    const page = await get('/ui');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Services</h1>');
    expect(page.body).toContain('<p id="services-count" role="status">2 services</p>');
  });

  it('escapes names that arrive through the API', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const response = await registry.app.inject({
      method: 'PUT',
      url: `/services/${encodeURIComponent(evil)}/versions/1.0.0/openapi`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ openapi: '3.0.3', info: { title: evil, version: '1.0.0' }, paths: {} }),
    });
    expect(response.statusCode).toBe(201);
    for (const url of ['/ui/', `/ui/services/${encodeURIComponent(evil)}`, '/ui/graph', `/ui/?q=${encodeURIComponent(evil)}`]) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body).not.toContain(evil);
      expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });
});

describe('UI with a read token', () => {
  let registry: TestRegistry;
  const readToken = 'read-secret-token';
  const writeToken = 'write-secret-token';

  beforeAll(async () => {
    registry = await startRegistry({ readToken, writeToken });
    await seedDemo(registry.app, writeToken);
  });
  afterAll(async () => registry?.close());

  const login = (token: string, next = '/ui/services/A') =>
    registry.app.inject({
      method: 'POST',
      url: '/ui/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token, next }).toString(),
    });

  it('sends a visitor without a session to the sign-in form, remembering the page', async () => {
    const page = await registry.app.inject({ url: '/ui/services/A?version=1.0.0' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/ui/login?next=${encodeURIComponent('/ui/services/A?version=1.0.0')}`);
    const form = await registry.app.inject({ url: String(page.headers.location) });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<label for="login-token">Read token</label>');
    expect(form.body).toContain('value="/ui/services/A?version=1.0.0"');
    // The stylesheet loads on the sign-in page too.
    expect((await registry.app.inject({ url: '/ui/assets/ui.css' })).statusCode).toBe(200);
  });

  it('refuses a wrong token and sets no cookie', async () => {
    const response = await login('not-the-token');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/ui\/login\?failed=1/);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('signs in with the read token (or the write token) and then serves pages from the cookie', async () => {
    for (const token of [readToken, writeToken]) {
      const response = await login(token);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/ui/services/A');
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(/^rollgate_ui=[\w-]+; Path=\/ui; HttpOnly; SameSite=Strict$/);
      expect(cookie).not.toContain(token);
      const session = cookie.split(';')[0]!;
      const page = await registry.app.inject({ url: '/ui/services/A', headers: { cookie: session } });
      expect(page.statusCode).toBe(200);
      // The cookie opens the UI only, not the API.
      const api = await registry.app.inject({ url: '/services', headers: { cookie: session } });
      expect(api.statusCode).toBe(401);
    }
  });

  it('accepts a bearer token as the API does, and rejects forged cookies', async () => {
    expect((await registry.app.inject({ url: '/ui/', headers: { authorization: `Bearer ${readToken}` } })).statusCode).toBe(200);
    expect((await registry.app.inject({ url: '/ui/', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(303);
    for (const cookie of ['rollgate_ui=', `rollgate_ui=${readToken}`, 'rollgate_ui=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      expect((await registry.app.inject({ url: '/ui/', headers: { cookie } })).statusCode).toBe(303);
    }
  });

  it('sends a visitor without a session from an unknown page to the sign-in form, not to a JSON 401', async () => {
    for (const url of ['/ui/no-such-page', '/ui/services/A/nope/deeper', '/ui/services/A/versions.json']) {
      const page = await registry.app.inject({ url, headers: { accept: 'text/html' } });
      expect(page.statusCode, url).toBe(303);
      expect(page.headers.location).toBe(`/ui/login?next=${encodeURIComponent(url)}`);
    }
    // Signed in, an unknown page is a plain HTML 404, not another sign-in.
    const cookie = String((await login(readToken)).headers['set-cookie']).split(';')[0]!;
    const missing = await registry.app.inject({ url: '/ui/no-such-page', headers: { cookie } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(missing.body).toContain('There is no page at /ui/no-such-page.');
    // The API outside /ui keeps its JSON answer.
    const api = await registry.app.inject({ url: '/no-such-route' });
    expect(api.statusCode).toBe(401);
    expect(api.headers['content-type']).toMatch(/json/);
  });

  it('offers a signed-in browser to sign out, which clears the cookie', async () => {
    const cookie = String((await login(readToken)).headers['set-cookie']).split(';')[0]!;
    const signedIn = await registry.app.inject({ url: '/ui/', headers: { cookie } });
    expect(signedIn.body).toContain('<form class="sign-out" method="post" action="/ui/logout"><button type="submit" class="secondary">Sign out</button></form>');
    // A pipeline with a bearer token has no session to end.
    const bearer = await registry.app.inject({ url: '/ui/', headers: { authorization: `Bearer ${readToken}` } });
    expect(bearer.body).not.toContain('action="/ui/logout"');

    const out = await registry.app.inject({ method: 'POST', url: '/ui/logout', headers: { cookie } });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/ui/login?signed-out=1');
    expect(out.headers['set-cookie']).toBe('rollgate_ui=; Path=/ui; Max-Age=0; HttpOnly; SameSite=Strict');
    const form = await registry.app.inject({ url: String(out.headers.location) });
    expect(form.body).toContain('You are signed out.');
    expect(form.body).not.toContain('action="/ui/logout"');
  });

  it('never redirects off the registry after signing in', async () => {
    for (const next of ['https://evil.example/', '//evil.example/ui/', '/ui/\\evil', '/api']) {
      expect((await login(readToken, next)).headers.location).toBe('/ui/');
    }
  });
});
