import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium, SCREENSHOTS } from './browser.js';
import { seedDemo, startRegistry, type TestRegistry } from './registry.js';

describe.skipIf(!chromiumAvailable())('signing in to the UI of a registry with a read token, in Chromium', () => {
  const readToken = 'ui-read-token';
  const writeToken = 'ui-write-token';
  let registry: TestRegistry;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    registry = await startRegistry({ readToken, writeToken });
    await seedDemo(registry.app, writeToken);
    base = await registry.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await registry?.close();
  });

  it('asks for the token once, then returns to the page asked for and stays signed in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/ui/services/A`);
    expect(new URL(page.url()).pathname).toBe('/ui/login');

    await page.getByLabel('Read token').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('That token was not accepted.');
    await page.screenshot({ path: join(SCREENSHOTS, '11-login-refused.png'), fullPage: true });

    await page.getByLabel('Read token').fill(readToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/ui/services/A`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('A');

    // The session holds for the other pages, and the cookie is out of reach of scripts.
    await page.goto(`${base}/ui/graph`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dependency graph');
    await expect(page.evaluate(() => document.cookie)).resolves.toBe('');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'rollgate_ui', path: '/ui', httpOnly: true, sameSite: 'Strict' });
    await context.close();
  });

  it('signs out from any page, and then sends every page, known or not, to the sign-in form', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/ui/no-such-page`);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    await page.getByLabel('Read token').fill(readToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/ui/no-such-page`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not found');

    await page.goto(`${base}/ui/services/A`);
    await page.screenshot({ path: join(SCREENSHOTS, '13-signed-in.png'), fullPage: true });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/ui\/login/);
    await expect(page.getByRole('status').textContent()).resolves.toBe('You are signed out.');
    await expect(context.cookies()).resolves.toEqual([]);
    await page.goto(`${base}/ui/services/A`);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    await context.close();
  });
});
