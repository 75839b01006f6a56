import { describe, expect, it } from 'vitest';
import type { SafeHtml } from '../../src/ui/html.js';
import { diffPage } from '../../src/ui/views/diff.js';
import { blockedEdges, graphPage } from '../../src/ui/views/graph.js';
import { errorPage, loginPage } from '../../src/ui/views/misc.js';
import type { RollbackVerdict } from '../../src/ui/views/models.js';
import { pactsPage } from '../../src/ui/views/pacts.js';
import { rollbackPage } from '../../src/ui/views/rollback.js';
import { servicePage } from '../../src/ui/views/service.js';
import { servicesPage } from '../../src/ui/views/services.js';
import { MARKUP, NASTY } from './nasty.js';

function renderAll(s: string): SafeHtml[] {
  const verdict: RollbackVerdict = {
    safe: false,
    service: s,
    environment: s,
    from: s,
    to: s,
    blockers: [{ consumer: s, consumerVersion: s, provider: s, providerVersion: s, method: s, path: s, code: s, message: s }],
    notices: [{ code: s, message: s }],
  };
  const frame = { signedIn: true };
  return [
    servicesPage({ services: [{ name: s, versions: 1, consumers: 2, providers: 3, latestVersion: s }], query: s, total: 1 }),
    servicePage({
      name: s,
      versions: [{ version: s, branch: s, hasSpec: true, pactProviders: [s], deployedIn: { [s]: [s] } }],
      environments: [s],
      endpointsVersion: s,
      specVersions: [s, `${s}2`],
      endpoints: [
        {
          method: s,
          path: s,
          summary: s,
          deprecated: true,
          sunset: s,
          consumers: [{ service: s, version: s, environments: [s], requestFields: [s], responseFields: [s] }],
        },
      ],
      providers: [s],
      consumers: [s],
      calls: [{ provider: s, method: s, path: s, versions: [s] }],
    }),
    diffPage({
      service: s,
      versions: [s, `${s}2`],
      from: s,
      to: s,
      result: {
        summary: { breaking: 1, warning: 0, info: 0 },
        semver: { sentence: s, ok: false },
        groups: [{ operation: s, changes: [{ id: s, level: 'breaking', message: s, affected: [{ service: s, version: s, environments: [s], field: s }] }] }],
        why: [{ id: s, why: s }],
      },
      error: s,
    }),
    pactsPage({
      service: s,
      environments: [s],
      versions: [
        {
          version: s,
          environments: [s],
          pacts: [{ provider: s, interactions: 1, cells: [{ environment: s, providerVersion: s, status: 'incompatible', problems: [{ method: s, path: s, message: s }] }] }],
        },
      ],
    }),
    rollbackPage({ services: [s], environments: [s], versions: [s], input: { service: s, environment: s, to: s }, verdict, error: s }, frame),
    graphPage({
      services: [s, 'other'],
      edges: [{ consumer: s, provider: 'other' }],
      environments: [s],
      rollback: { input: { service: 'other', environment: s, to: s }, verdict: { ...verdict, service: 'other' }, error: s },
    }),
    graphPage(
      {
        services: [s, 'other'],
        allServices: [s, 'other', `${s}3`],
        edges: [{ consumer: s, provider: 'other', consumerVersions: [s], providerVersions: [s] }],
        environment: s,
        running: { [s]: [s], other: [s] },
        environments: [s],
        versions: [s],
        rollback: { input: { service: 'other', environment: s, to: s }, verdict: { ...verdict, service: 'other', from: `${s}0` } },
        error: s,
      },
      frame,
    ),
    errorPage(404, s, s, frame),
    loginPage({ next: s, failed: true }),
  ];
}

describe('page templates', () => {
  it('escape every value that comes from the registry, on every page', () => {
    for (const s of MARKUP) {
      for (const out of renderAll(s)) {
        const text = out.toString();
        expect(text).not.toContain(s);
        expect(text).not.toMatch(/<(img|svg onload|script>alert)/);
      }
    }
  });

  it('render plain unicode names as they are', () => {
    const s = NASTY[NASTY.length - 1]!;
    for (const out of renderAll(s)) expect(out.toString()).toContain(s);
  });

  it('give every page one h1, a main landmark, a skip link and a language', () => {
    for (const out of renderAll('orders')) {
      const text = out.toString();
      expect(text.match(/<h1[ >]/g)).toHaveLength(1);
      expect(text).toContain('<main id="main"');
      expect(text).toContain('<a class="skip-link" href="#main">');
      expect(text).toContain('<html lang="en">');
      // Every form control has a label pointing at it.
      for (const [, id] of text.matchAll(/<(?:input|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g)) {
        expect(text).toContain(`<label for="${id}">`);
      }
      // Every table header declares its scope.
      expect(text).not.toMatch(/<th(?![^>]*scope=)[ >]/);
    }
  });

  it('mark the deprecated endpoint with who still uses it', () => {
    const out = servicePage({
      name: 'A',
      versions: [],
      environments: ['production'],
      endpointsVersion: '2.0.0',
      specVersions: ['2.0.0'],
      endpoints: [
        { method: 'GET', path: '/old', deprecated: true, consumers: [{ service: 'B', version: '1.0.0', environments: ['staging'], requestFields: [], responseFields: ['$.id'] }] },
        { method: 'GET', path: '/older', deprecated: true, consumers: [] },
      ],
      providers: [],
      consumers: ['B'],
      calls: [],
    }).toString();
    expect(out).toContain('Deprecated but still used by <strong>B 1.0.0</strong> (running in staging).');
    expect(out).toContain('Deprecated and no consumer uses it any more.');
  });

  it('describe the graph in text and list the blocked dependency', () => {
    const verdict: RollbackVerdict = {
      safe: false,
      service: 'A',
      environment: 'production',
      from: '2.0.0',
      to: '1.0.0',
      blockers: [
        {
          consumer: 'B',
          consumerVersion: '2.0.0',
          provider: 'A',
          providerVersion: '1.0.0',
          method: 'GET',
          path: '/orders/{id}/tracking',
          code: 'operation-missing',
          message: 'no such operation',
        },
      ],
      notices: [],
    };
    const out = graphPage({
      services: ['A', 'B', 'C'],
      edges: [
        { consumer: 'B', provider: 'A' },
        { consumer: 'C', provider: 'A' },
      ],
      environments: ['production'],
      rollback: { input: { service: 'A', environment: 'production', to: '1.0.0' }, verdict },
    }).toString();
    expect(out).toMatch(/<svg [^>]*role="img" aria-labelledby="graph-title graph-desc"/);
    expect(out).toContain('1 dependency is blocked');
    expect(out).toMatch(/<li><a href="\/ui\/services\/B">B<\/a> calls <a href="\/ui\/services\/A">A<\/a> <span class="badge level-breaking">blocked<\/span><\/li>/);
    expect(out).toMatch(/<li><a href="\/ui\/services\/C">C<\/a> calls <a href="\/ui\/services\/A">A<\/a><\/li>/);
    expect(out.match(/data-blocked="true"/g)).toHaveLength(1);
  });

  it('blocks the service\'s own edge when its pact is what fails', () => {
    const keys = blockedEdges({
      safe: false,
      service: 'B',
      environment: 'production',
      to: '1.0.0',
      from: '2.0.0',
      blockers: [{ consumer: 'B', consumerVersion: '1.0.0', provider: 'A', providerVersion: '2.0.0', method: 'GET', path: '/x', code: 'c', message: 'x' }],
      notices: [],
    });
    expect([...keys]).toEqual(['B\u0000A']);
    expect(blockedEdges({ safe: true, service: 'B', environment: 'p', from: '2', to: '1', blockers: [], notices: [] }).size).toBe(0);
  });
});
