import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, SCREENSHOTS } from './browser.js';
import { startRegistry, type TestRegistry } from './registry.js';

// Names as long as real ones get (reverse-DNS service names, build metadata in versions, one
// environment per region and colour) and one with no place to break at all.
const PROVIDER = 'com.example.platform.billing.invoice-generation-and-dispatch-service';
const CONSUMER = 'customer-self-service-portal-backend-for-frontend-eu-west-1';
const UNBROKEN = 'x'.repeat(90);
const V1 = '2024.11.22-release-candidate+build.20241122T101500Z.9f8e7d6c5b4a';
const V2 = '2025.01.15-release-candidate+build.20250115T093000Z.1a2b3c4d5e6f';
const ENVIRONMENT = 'production-eu-west-1-blue-green-canary-cluster';
const PATH = '/organizations/{organizationId}/billing-accounts/{billingAccountId}/invoices/{invoiceId}/line-items/{lineItemId}/adjustments';
const FIELD = 'adjustmentReasonDescriptionProvidedByTheAccountsReceivableTeam';

function spec(version: string, withField: boolean): unknown {
  const properties: Record<string, unknown> = { id: { type: 'string' } };
  if (withField) properties[FIELD] = { type: 'string' };
  return {
    openapi: '3.0.3',
    info: { title: PROVIDER, version },
    paths: {
      [PATH]: {
        get: {
          summary: 'Every adjustment made to one line item of an invoice, with the reason the accounts receivable team gave for it',
          parameters: ['organizationId', 'billingAccountId', 'invoiceId', 'lineItemId'].map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties } } } } },
        },
      },
    },
  };
}

function pact(consumer: string): unknown {
  return {
    consumer: { name: consumer },
    provider: { name: PROVIDER },
    interactions: [
      {
        description: 'a request for the adjustments of one line item',
        request: { method: 'GET', path: '/organizations/o1/billing-accounts/b1/invoices/i1/line-items/l1/adjustments' },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 'a1', [FIELD]: 'goodwill' } },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

describe.skipIf(!chromiumAvailable())('pages with very long names, in Chromium', () => {
  let registry: TestRegistry;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    registry = await startRegistry();
    const put = async (url: string, payload: unknown): Promise<void> => {
      const response = await registry.app.inject({ method: 'PUT', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      expect(response.statusCode, response.body).toBe(201);
    };
    const segment = encodeURIComponent;
    await put(`/services/${segment(PROVIDER)}/versions/${segment(V1)}/openapi`, spec(V1, false));
    await put(`/services/${segment(PROVIDER)}/versions/${segment(V2)}/openapi`, spec(V2, true));
    for (const consumer of [CONSUMER, UNBROKEN]) {
      await put(`/services/${segment(consumer)}/versions/${segment(V2)}/pacts/${segment(PROVIDER)}`, pact(consumer));
    }
    for (const service of [PROVIDER, CONSUMER, UNBROKEN]) {
      const response = await registry.app.inject({ method: 'POST', url: '/deployments', payload: { service, version: V2, environment: ENVIRONMENT } });
      expect(response.statusCode, response.body).toBe(201);
    }
    base = await registry.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await registry?.close();
  });

  const q = encodeURIComponent;
  const PAGES: [string, string][] = [
    ['services', '/ui/'],
    ['service', `/ui/services/${q(PROVIDER)}`],
    ['consumer', `/ui/services/${q(UNBROKEN)}`],
    ['pacts', `/ui/services/${q(CONSUMER)}/pacts`],
    ['diff', `/ui/services/${q(PROVIDER)}/diff?from=${q(V2)}&to=${q(V1)}`],
    ['rollback', `/ui/rollback?service=${q(PROVIDER)}&environment=${q(ENVIRONMENT)}&to=${q(V1)}`],
    ['graph', `/ui/graph?service=${q(PROVIDER)}&environment=${q(ENVIRONMENT)}&to=${q(V1)}`],
  ];

  // The page itself never scrolls sideways: long text wraps, and only wide tables and the graph
  // scroll inside their own box.
  const overflow = (page: Page) =>
    page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      // A box past the window's edge, or a block whose text runs out of it.
      const wide = Array.from(document.querySelectorAll('body *')).filter((element) => {
        if (element.closest('.table-wrap, .graph-wrap')) return false;
        if (element.getBoundingClientRect().right > width + 1) return true;
        const style = getComputedStyle(element);
        return style.display !== 'inline' && style.overflowX === 'visible' && element.scrollWidth > element.clientWidth + 1;
      });
      return { scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 3).map((e) => e.outerHTML.slice(0, 80)) };
    });

  for (const [width, label] of [
    [1280, 'desktop'],
    [390, 'phone'],
  ] as const) {
    it(`keeps every page within a ${width}px window`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const found: Record<string, unknown> = {};
      for (const [name, url] of PAGES) {
        const response = await page.goto(`${base}${url}`);
        expect(response?.status(), name).toBe(200);
        found[name] = await overflow(page);
        await page.screenshot({ path: join(SCREENSHOTS, `long-names-${label}-${name}.png`), fullPage: true });
      }
      await context.close();
      expect(found).toEqual(Object.fromEntries(PAGES.map(([name]) => [name, { scroll: 0, wide: [] }])));
    });
  }

  it('refuses the rollback and draws the long names shortened, with the whole name kept as a tooltip', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/ui/graph?service=${q(PROVIDER)}&environment=${q(ENVIRONMENT)}&to=${q(V1)}`);
    await expect(page.getByRole('status').getByRole('heading').textContent()).resolves.toMatch(/^Refused: rolling /);
    const node = page.locator(`svg .node[data-name="${UNBROKEN}"]`);
    await expect(node.locator('title').textContent()).resolves.toBe(`${UNBROKEN} ${V2}`);
    const shown = await node.locator('text').first().textContent();
    expect(shown!.length).toBeLessThan(UNBROKEN.length);
    expect(shown).toMatch(/^x+…x+$/);
    // Every label fits inside its box.
    const fits = await page.locator('svg .node').evaluateAll((groups) =>
      groups.every((g) => {
        const box = g.querySelector('rect')!.getBBox();
        return Array.from(g.querySelectorAll('text')).every((t) => {
          const text = (t as SVGTextElement).getBBox();
          return text.x >= box.x && text.x + text.width <= box.x + box.width;
        });
      }),
    );
    expect(fits).toBe(true);
    await page.close();
  });
});
