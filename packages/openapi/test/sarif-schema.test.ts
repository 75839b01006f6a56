import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildDiffReport, compareSpecs, gatePredicate, loadSpec, renderDiff } from '@rollgate/openapi';
import type { Change, DiffRenderOptions, DiffReport, LoadedSpec, ReportedChange } from '@rollgate/openapi';

// The OASIS SARIF 2.1.0 schema as Microsoft's SARIF SDK publishes it (draft-04), not a copy of ours.
const require = createRequire(import.meta.url);
const schemaPath = join(require.resolve('@microsoft/jest-sarif/package.json'), '../lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
// The schema's `language` pattern has a stray `]` that only the `u` flag rejects; JSON Schema
// patterns are ECMA-262 without it.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

function errors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

function sarif(report: DiffReport, options: DiffRenderOptions = {}): unknown {
  return JSON.parse(renderDiff(report, 'sarif', { tool: { name: 'rollgate', version: '1.2.3', informationUri: 'https://example.com/rollgate' }, ...options }));
}

function side(version: string, name: string): Pick<LoadedSpec, 'title' | 'version' | 'source'> {
  return { title: 'Orders', version, source: { kind: 'file', name, path: `/repo/${name}` } };
}

const change = (partial: Partial<ReportedChange> & Pick<Change, 'id' | 'level'>): ReportedChange => ({
  direction: 'none',
  operation: null,
  pointer: '/paths',
  side: 'revision',
  message: `${partial.id} happened`,
  ...partial,
});

describe('sarif output against the SARIF 2.1.0 schema', () => {
  it('rejects a log that breaks the schema, so the check below can fail', () => {
    const log = sarif(buildDiffReport(side('1.0.0', 'a.yaml'), side('2.0.0', 'a.yaml'), [change({ id: 'operation-removed', level: 'breaking' })])) as {
      runs: { results: { level: string }[] }[];
    };
    expect(errors(log)).toEqual([]);
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(errors(log).join('\n')).toContain('/runs/0/results/0/level');
  });

  it('validates a real diff of the demo contracts, both ways', async () => {
    const v1 = await loadSpec(join(ROOT, 'contracts/a/v1/openapi.yaml'), { cwd: ROOT });
    const v2 = await loadSpec(join(ROOT, 'contracts/a/v2/openapi.yaml'), { cwd: ROOT });
    for (const [base, revision] of [
      [v1, v2],
      [v2, v1],
    ] as const) {
      const report = compareSpecs(base, revision);
      expect(report.changes.length).toBeGreaterThan(0);
      expect(errors(sarif(report, { files: { base: 'contracts/a/base.yaml', revision: 'contracts/a/revision.yaml' } }))).toEqual([]);
    }
  });

  it('validates every edge: waived and failing changes, odd and absolute paths, stdin, consumers, no changes', () => {
    const changes: ReportedChange[] = [
      change({
        id: 'operation-removed',
        level: 'breaking',
        operation: { method: 'GET', path: '/orders/{id}' },
        side: 'base',
        line: 12,
        message: 'line\nbreak "quoted" \u0001 <tag>',
        consumers: [
          { service: 'B', version: '2.0.0', environments: ['production'] },
          { service: 'C', version: '0.1.0-rc.1', environments: [] },
        ],
      }),
      change({ id: 'operation-added', level: 'info', operation: { method: 'POST', path: '/orders' }, line: 3, consumers: [] }),
      change({ id: 'operation-id-changed', level: 'warning', operation: { method: 'DELETE', path: '/internal/x' }, line: 9 }),
      change({ id: 'not-in-the-catalog', level: 'warning' }),
    ];
    const report = buildDiffReport(side('1.0.0', 'a.yaml'), side('1.1.0', 'a.yaml'), changes, {
      config: { rules: {}, waivers: [{ operations: ['* /internal/**'], reason: 'internal', until: '2999-01-01' }] },
    });
    const variants: DiffRenderOptions[] = [
      { files: { base: 'old dir/open#api.yaml', revision: 'api/openapi v2.yaml' } },
      { files: { base: '/abs/path/base.yaml', revision: 'C:\\work\\api.yaml' } },
      { files: { base: '-', revision: 'https://example.com/api.yaml' } },
      { fails: gatePredicate('never'), failOn: 'never', consumers: { service: 'A', version: '2.0.0' } },
    ];
    for (const options of variants) expect(errors(sarif(report, options)), JSON.stringify(options.files)).toEqual([]);
    expect(errors(sarif(buildDiffReport(side('1.0.0', 'a.yaml'), side('1.0.0', 'a.yaml'), [])))).toEqual([]);
  });
});
