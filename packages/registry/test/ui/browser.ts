import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/** Debian's Chromium, as `.ci/run` installs it. */
export const CHROMIUM = process.env.ROLLGATE_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet headless run inside containers and CI. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots go to the git-ignored `test-output/ui/` at the repository root. */
export const SCREENSHOTS = fileURLToPath(new URL('../../../../test-output/ui/', import.meta.url));

/**
 * Whether browser tests can run. Without Chromium they are skipped with a message, except under
 * `CI=true`, where a missing browser must fail the run rather than pass it silently.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') return true; // launching then fails with a clear error
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set ROLLGATE_CHROMIUM)`);
  return false;
}

/** Starts headless Chromium. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is required for the browser tests under CI=true and is missing at ${CHROMIUM}`);
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
