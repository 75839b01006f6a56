import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '@rollgate/openapi';
import type { Rule } from '@rollgate/openapi';
import { rollgate } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('rollgate rules', () => {
  it('prints the catalog as JSON, every rule with its level and why', async () => {
    const result = await rollgate(['rules', '--format', 'json'], { cwd: ROOT });
    expect(result.code).toBe(0);
    const rules = JSON.parse(result.stdout) as Rule[];
    expect(rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(rules.find((rule) => rule.id === 'operation-removed')).toMatchObject({ level: 'breaking', family: 'paths' });
  });

  it('prints one line per rule as text', async () => {
    const result = await rollgate(['rules'], { cwd: ROOT });
    expect(result.stdout).toMatch(/^paths:\n {2}operation-removed +breaking +An operation/);
    expect(result.stdout.trimEnd().endsWith(`${RULES.length} rules`)).toBe(true);
  });

  it('matches the committed docs/rules.md (regenerate with `pnpm docs:rules`)', async () => {
    const result = await rollgate(['rules', '--format', 'markdown'], { cwd: ROOT });
    const committed = readFileSync(new URL('docs/rules.md', `file://${ROOT}`), 'utf8');
    // Compared line by line so a stale file names the first rule that differs.
    expect(committed.split('\n')).toEqual(result.stdout.split('\n'));
    for (const rule of RULES) expect(committed).toContain(`\n### ${rule.id}\n`);
  });
});
