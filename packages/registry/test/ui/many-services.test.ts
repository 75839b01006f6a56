import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { JsonValue, Store } from '../../src/store/index.js';
import { chromiumAvailable, launchChromium, SCREENSHOTS } from './browser.js';
import { startRegistry, type TestRegistry } from './registry.js';

const SERVICES = 200;
const VERSIONS = 3;
const ENVIRONMENTS = ['production', 'staging', 'qa'];

const name = (i: number): string => `svc-${String(i).padStart(3, '0')}`;

function spec(i: number, version: string): JsonValue {
  return {
    openapi: '3.0.3',
    info: { title: name(i), version },
    paths: {
      [`/things-${i}/{id}`]: {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } },
        },
      },
    },
  };
}

function pact(consumer: string, provider: number): JsonValue {
  return {
    consumer: { name: consumer },
    provider: { name: name(provider) },
    interactions: [
      {
        description: `${consumer} reads a thing`,
        request: { method: 'GET', path: `/things-${provider}/1` },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: '1' } },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

/** 200 services with 3 versions each; every service above 20 consumes two lower ones; all deployed. */
async function seedMany(store: Store): Promise<void> {
  for (let i = 0; i < SERVICES; i++) {
    for (let v = 1; v <= VERSIONS; v++) {
      const version = `${v}.0.0`;
      await store.putOpenApi(name(i), version, spec(i, version));
      if (i >= 20) for (const p of [i % 20, (i * 7) % 20]) await store.putPact(name(i), version, name(p), pact(name(i), p));
    }
    for (const [e, environment] of ENVIRONMENTS.entries()) {
      await store.recordDeployment({ service: name(i), version: `${VERSIONS - e}.0.0`, environment });
    }
  }
}

// Speed is reported, not asserted: the figures are printed for a person to read beside the
// one-second first-paint budget of the service list.
describe.skipIf(!chromiumAvailable())(`the service list with ${SERVICES} services`, () => {
  let registry: TestRegistry;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    registry = await startRegistry();
    const started = performance.now();
    await seedMany(registry.store);
    console.log(`seeded ${SERVICES} services x ${VERSIONS} versions in ${Math.round(performance.now() - started)} ms`);
    base = await registry.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await registry?.close();
  });

  it('renders every service with its counts, and filters them in the browser', async () => {
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const response = await registry.app.inject({ url: '/ui/' });
      timings.push(performance.now() - started);
      expect(response.statusCode).toBe(200);
    }
    timings.sort((a, b) => a - b);

    const page = await browser.newPage();
    // The first visit pays for a cold browser process; the second is what a returning user sees.
    for (const visit of ['first visit', 'second visit']) {
      await page.goto(`${base}/ui/`, { waitUntil: 'load' });
      const paint = await page.evaluate(async () => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        // The paint entry can be recorded after `load` on a busy machine: wait for it briefly.
        const fcp = await new Promise<number | undefined>((resolve) => {
          new PerformanceObserver((list) => {
            const entry = list.getEntriesByName('first-contentful-paint')[0];
            if (entry) resolve(entry.startTime);
          }).observe({ type: 'paint', buffered: true });
          setTimeout(() => resolve(undefined), 3000);
        });
        return { ttfb: nav.responseStart, domContentLoaded: nav.domContentLoadedEventEnd, fcp, bytes: nav.transferSize };
      });
      console.log(
        `service list, ${SERVICES} services, ${visit}: server render median ${timings[2]!.toFixed(1)} ms (inject); in Chromium: first byte ${paint.ttfb.toFixed(0)} ms, ` +
          `first contentful paint ${paint.fcp?.toFixed(0) ?? 'n/a'} ms, DOM ready ${paint.domContentLoaded.toFixed(0)} ms, ` +
          `${Math.round(paint.bytes / 1024)} KiB transferred (budget: first paint under 1000 ms)`,
      );
    }

    await expect(page.locator('#services-table tbody tr').count()).resolves.toBe(SERVICES);
    const consumed = page.locator('#services-table tbody tr', { has: page.locator('th', { hasText: /^svc-000$/ }) });
    // svc-000 is consumed by every i >= 20 with i % 20 == 0 or 7i % 20 == 0: i = 20, 40, ..., 180.
    await expect(consumed.locator('td').allTextContents()).resolves.toEqual(['3.0.0', '3', '9', '0']);

    const started = performance.now();
    await page.getByLabel('Filter services').fill('svc-19');
    await expect(page.locator('#services-table tbody tr:visible').count()).resolves.toBe(10);
    console.log(`filtering ${SERVICES} rows as you type: ${(performance.now() - started).toFixed(0)} ms including the round trip to the browser`);
    await page.close();
  });

  it('lays out and draws the graph of all services', async () => {
    const started = performance.now();
    const response = await registry.app.inject({ url: '/ui/graph' });
    const elapsed = performance.now() - started;
    expect(response.statusCode).toBe(200);
    expect(response.body.match(/<g class="node/g)).toHaveLength(SERVICES);
    console.log(`graph page, ${SERVICES} services: rendered in ${elapsed.toFixed(0)} ms, ${Math.round(response.body.length / 1024)} KiB`);

    // Drawn at its own size, never scaled down to illegible text; the page keeps its width.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/ui/graph?environment=production`);
    await expect(page.locator('svg .node').count()).resolves.toBe(SERVICES);
    const sizes = await page.evaluate(() => {
      const svg = document.querySelector('svg.graph')!;
      return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, drawn: svg.getBoundingClientRect().width, declared: Number(svg.getAttribute('width')) };
    });
    expect(sizes.page).toBe(0);
    expect(sizes.drawn).toBe(sizes.declared);
    await page.screenshot({ path: join(SCREENSHOTS, '14-graph-200-services-production.png') });
    await page.close();
  });
});
