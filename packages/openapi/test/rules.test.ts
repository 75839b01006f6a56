import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildModel, checkSpecs, loadSpec, RULES } from '../src/index.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/rules');
/** Fixtures date their sunsets around this day, so the results do not drift with the calendar. */
const NOW = new Date('2026-01-01T00:00:00Z');

interface Expectation {
  forward: string[];
  reverse: string[];
}

async function ids(baseFile: string, revisionFile: string): Promise<string[]> {
  const [base, revision] = await Promise.all([loadSpec(baseFile), loadSpec(revisionFile)]);
  const changes = checkSpecs(buildModel(base), buildModel(revision), { now: NOW });
  return [...new Set(changes.map((c) => c.id))].sort();
}

describe.each(RULES.map((rule) => [rule.id, rule.fixture ?? rule.id] as const))('fixture %s', (id, folder) => {
  const dir = path.join(FIXTURES, folder);
  const files = ['base.yaml', 'revision.yaml', 'expect.yaml'].map((f) => path.join(dir, f));

  it('exists', () => {
    for (const file of files) expect(existsSync(file), `${path.relative(FIXTURES, file)} is missing`).toBe(true);
  });

  const [baseFile, revisionFile, expectFile] = files as [string, string, string];
  if (!existsSync(expectFile)) return;
  const expected = parse(readFileSync(expectFile, 'utf8')) as Expectation;

  it('produces exactly the expected rules forwards, including its own', async () => {
    expect(expected.forward).toContain(id);
    expect(await ids(baseFile, revisionFile)).toEqual([...expected.forward].sort());
  });

  it('produces exactly the expected rules reversed', async () => {
    expect(await ids(revisionFile, baseFile)).toEqual([...(expected.reverse ?? [])].sort());
  });
});
