import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, SCREENSHOTS } from './browser.js';
import { seedDemo, startRegistry, type TestRegistry } from './registry.js';

// The developer's path through the UI on the demo system: who uses A's new endpoint, may A go
// back to 1.0.0 in production, what changed between 1.0.0 and 2.0.0, and where the rollback blocks.
describe.skipIf(!chromiumAvailable())('registry UI in Chromium (demo system)', () => {
  let registry: TestRegistry;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    registry = await startRegistry();
    await seedDemo(registry.app);
    base = await registry.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // Console errors include CSP violations and failed asset loads: the pages must have none.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await registry?.close();
  });

  // Before each screenshot, the page's structure is checked too: ids unique, every
  // aria-labelledby and label pointing at an element that exists, every image named.
  const shot = async (name: string): Promise<void> => {
    const broken = await page.evaluate(() => {
      const problems: string[] = [];
      const ids = Array.from(document.querySelectorAll('[id]'), (e) => e.id);
      for (const id of ids) if (ids.indexOf(id) !== ids.lastIndexOf(id)) problems.push(`duplicate id ${id}`);
      for (const e of Array.from(document.querySelectorAll('[aria-labelledby]'))) {
        for (const id of (e.getAttribute('aria-labelledby') ?? '').split(/\s+/)) if (!document.getElementById(id)) problems.push(`aria-labelledby ${id} missing`);
      }
      for (const l of Array.from(document.querySelectorAll('label[for]'))) {
        if (!document.getElementById(l.getAttribute('for') ?? '')) problems.push(`label for ${l.getAttribute('for')} missing`);
      }
      return [...new Set(problems)];
    });
    expect(broken, name).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };

  it('redirects a browser from / to the service list, which filters as you type', async () => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/ui/');
    await expect(page.title()).resolves.toBe('Services · Rollgate registry');
    const rows = page.locator('#services-table tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    const a = page.locator('#services-table tbody tr', { has: page.locator('th', { hasText: /^A$/ }) });
    // A: 2 versions, consumed by B, calls nobody.
    await expect(a.locator('td').allTextContents()).resolves.toEqual(['2.0.0', '2', '1', '0']);
    await shot('01-services');

    await page.getByLabel('Filter services').fill('b');
    await expect(page.locator('#services-table tbody tr:visible').allTextContents()).resolves.toEqual([expect.stringMatching(/^B/)]);
    await expect(page.locator('#services-count').textContent()).resolves.toBe('1 of 2 services shown');
    await page.getByLabel('Filter services').fill('');
  });

  it("shows on A's page that B 2.0.0 uses the endpoint A 2.0.0 added, and where each version runs", async () => {
    await page.getByRole('link', { name: 'A', exact: true }).click();
    await page.waitForURL(`${base}/ui/services/A`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('A');

    const matrix = page.getByRole('table', { name: 'Versions and where they run' });
    const row = (version: string) => matrix.locator('tbody tr', { has: page.locator('th', { hasText: version }) });
    await expect(row('2.0.0').locator('td').allTextContents()).resolves.toEqual(['OpenAPI', 'running', 'running']);
    await expect(row('1.0.0').locator('td').allTextContents()).resolves.toEqual(['OpenAPI', '–', '–']);

    const tracking = page.getByRole('region', { name: 'GET /orders/{id}/tracking' });
    const consumers = tracking.locator('tbody tr');
    await expect(consumers.count()).resolves.toBe(1);
    await expect(consumers.first().locator('th').textContent()).resolves.toBe('B');
    await expect(consumers.first().locator('td').first().textContent()).resolves.toBe('2.0.0');
    await expect(consumers.first().locator('td').nth(1).textContent()).resolves.toBe('production');
    await shot('02-service-A');
  });

  it('refuses the rollback of A to 1.0.0 in production, naming B, as GET /rollback-check does', async () => {
    await page.getByRole('link', { name: 'Rollback check', exact: true }).first().click();
    await page.waitForURL(`${base}/ui/rollback`);
    // Choosing the service fills in its versions in place: the page is not reloaded.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const suggestions = page.locator('#rollback-versions option');
    await expect(suggestions.count()).resolves.toBe(0);
    await page.getByLabel('Service').selectOption('A');
    await page.getByText('Suggesting 2 versions of A.').waitFor();
    await expect(suggestions.evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).resolves.toEqual(['2.0.0', '1.0.0']);
    await expect(page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).resolves.toBe(true);
    await page.getByLabel('Service').selectOption('B');
    await page.getByText('Suggesting 2 versions of B.').waitFor();
    await page.getByLabel('Service').selectOption('A');
    await page.getByText('Suggesting 2 versions of A.').waitFor();
    await page.getByLabel('Environment').selectOption('production');
    await page.getByLabel('Target version').fill('1.0.0');
    await page.getByRole('button', { name: 'Check rollback' }).click();
    await page.waitForURL(/\/ui\/rollback\?/);

    const verdict = page.getByRole('status').filter({ hasText: 'Refused' });
    await expect(verdict.getByRole('heading').textContent()).resolves.toBe('Refused: rolling A back from 2.0.0 to 1.0.0 in production');
    await expect(verdict.textContent()).resolves.toContain('in the way: B.');

    const api = (await (await fetch(`${base}/rollback-check?service=A&environment=production&to=1.0.0`)).json()) as {
      safe: boolean;
      blockers: { consumer: string; consumerVersion: string; method: string; path: string }[];
    };
    expect(api.safe).toBe(false);
    const rows = await page.getByRole('table', { name: 'Blockers' }).locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.children, (cell) => cell.textContent ?? '')),
    );
    expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual(api.blockers.map((b) => [b.consumer, b.consumerVersion, `${b.method}\u00a0${b.path}`]));
    expect(rows.some((r) => r[3]?.includes('/tracking'))).toBe(true);
    await shot('03-rollback-refused');

    // The same question in staging, where B 1.0.0 runs, is safe.
    await page.getByLabel('Environment').selectOption('staging');
    await page.getByRole('button', { name: 'Check rollback' }).click();
    await page.waitForURL(/environment=staging/);
    await expect(page.getByRole('status').getByRole('heading').textContent()).resolves.toBe('Safe: rolling A back from 2.0.0 to 1.0.0 in staging');
  });

  it('shows the diff between A 1.0.0 and 2.0.0 grouped by operation', async () => {
    await page.goto(`${base}/ui/services/A`);
    await page.getByRole('link', { name: 'Compare versions' }).click();
    await page.getByLabel('From version').selectOption('1.0.0');
    await page.getByLabel('To version').selectOption('2.0.0');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/from=1\.0\.0&to=2\.0\.0/);
    await expect(page.getByRole('heading', { level: 2, name: '1.0.0 → 2.0.0' }).count()).resolves.toBe(1);
    const operations = await page.locator('section h3').allTextContents();
    expect(operations).toContain('GET /orders/{id}/tracking');
    expect(operations).toContain('GET /orders/{id}');
    const tracking = page.locator('section h3', { hasText: 'GET /orders/{id}/tracking' }).locator('xpath=following-sibling::ul[1]');
    await expect(tracking.textContent()).resolves.toMatch(/added/);
    await shot('04-diff-A-1.0.0-2.0.0');

    // The other way round, the removed endpoint is breaking and B 2.0.0 is named as affected.
    await page.goto(`${base}/ui/services/A/diff?from=2.0.0&to=1.0.0`);
    const removed = page.locator('section h3', { hasText: 'GET /orders/{id}/tracking' }).locator('xpath=following-sibling::ul[1]');
    await expect(removed.locator('.badge.level-breaking').count()).resolves.toBeGreaterThan(0);
    await expect(removed.locator('.affected').first().textContent()).resolves.toMatch(/Affects B 2\.0\.0 \(production\)/);
    await page.getByText('Why these changes matter').click();
    await expect(page.locator('details dt').allTextContents()).resolves.toContain('operation-removed');
    await shot('05-diff-A-2.0.0-1.0.0');
  });

  it("shows B's pacts and their compatibility per environment", async () => {
    await page.goto(`${base}/ui/services/B`);
    // A consumer's page says what it calls, and which of its versions call it.
    const calls = await page.getByRole('table', { name: 'What B calls' }).locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.children, (cell) => cell.textContent ?? '').join(' | ')),
    );
    expect(calls).toContain('A | GET /orders/{id}/tracking | 2.0.0');
    expect(calls).toContain('A | GET /orders/{id} | 2.0.0, 1.0.0');
    await expect(page.getByRole('heading', { name: /^Endpoints/ }).count()).resolves.toBe(0);
    await shot('06-service-B');
    await page.getByRole('link', { name: 'Pacts and compatibility' }).click();
    const v2 = page.getByRole('table', { name: /B 2\.0\.0/ });
    await expect(v2.locator('tbody tr td').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^\d+$/),
      'compatible against 2.0.0',
      'compatible against 2.0.0',
    ]);
    await shot('07-pacts-B');
  });

  it('draws the graph with the blocked edge B -> A highlighted and described in text', async () => {
    await page.goto(`${base}/ui/graph?service=A&environment=production&to=1.0.0`);
    const svg = page.getByRole('img', { name: 'Dependency graph' });
    await expect(svg.count()).resolves.toBe(1);
    const blocked = page.locator('svg .edge-group[data-blocked="true"]');
    await expect(blocked.count()).resolves.toBe(1);
    await expect(blocked.getAttribute('data-from')).resolves.toBe('B');
    await expect(blocked.getAttribute('data-to')).resolves.toBe('A');
    const box = await page.locator('svg .node[data-name="B"] rect').boundingBox();
    const target = await page.locator('svg .node[data-name="A"] rect').boundingBox();
    // Consumers are drawn left of their providers.
    expect(box!.x).toBeLessThan(target!.x);
    // The rollback's environment is drawn as the rollback would leave it: A at 1.0.0.
    await expect(page.getByRole('list', { name: 'Dependencies as a list' }).textContent()).resolves.toBe('B 2.0.0 calls A 1.0.0 blocked');
    await expect(page.locator('svg .node[data-name="A"] text.version').textContent()).resolves.toBe('2.0.0 → 1.0.0');
    await shot('08-graph-blocked');
    // The same page in dark mode, to check colours and contrast by eye.
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('10-graph-blocked-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Every version, then what runs in staging, chosen with the view form.
    await page.getByLabel('Show').selectOption({ label: 'All versions (every pact)' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(`${base}/ui/graph?environment=`);
    await expect(page.getByRole('list', { name: 'Dependencies as a list' }).textContent()).resolves.toBe('B calls A');
    await expect(page.locator('svg .edge-group[data-blocked="true"]').count()).resolves.toBe(0);
    await page.getByLabel('Show').selectOption({ label: 'What runs in staging' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(`${base}/ui/graph?environment=staging`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dependency graph: staging');
    await expect(page.getByRole('list', { name: 'Dependencies as a list' }).textContent()).resolves.toBe('B 1.0.0 calls A 2.0.0');
    await shot('12-graph-staging');
  });

  it('is usable from the keyboard: the skip link comes first and moves focus to the content', async () => {
    await page.goto(`${base}/ui/`);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await shot('09-skip-link-focused');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    const landmarks = await page.locator('body').ariaSnapshot();
    expect(landmarks).toMatch(/- banner:/);
    expect(landmarks).toMatch(/- navigation "Main":/);
    expect(landmarks).toMatch(/- main:/);
    expect(landmarks).toMatch(/- contentinfo:/);
  });

  it('loaded every page without console errors, CSP violations or failed requests', () => {
    expect(problems).toEqual([]);
  });
});
