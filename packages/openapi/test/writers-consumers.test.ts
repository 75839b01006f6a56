import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildDiffReport, renderDiff } from '@rollgate/openapi';
import type { Change, DiffRenderOptions, DiffReport, LoadedSpec, ReportedChange } from '@rollgate/openapi';

function side(version: string): Pick<LoadedSpec, 'title' | 'version' | 'source'> {
  return { title: 'Orders', version, source: { kind: 'file', name: 'api.yaml', path: '/repo/api.yaml' } };
}

const B2 = { service: 'B', version: '2.0.0', environments: ['production'] };
const B1 = { service: 'B', version: '1.0.0', environments: ['staging', 'qa'] };
const C3 = { service: 'C', version: '3.1.0', environments: [] };

function change(partial: Partial<ReportedChange> & Pick<Change, 'id' | 'level'>): ReportedChange {
  return { direction: 'none', operation: null, pointer: '/paths', side: 'revision', line: 5, message: `${partial.id} happened`, ...partial };
}

/** A consumer-aware report: two breaking changes in use, one unused, a warning in use, a waived one in use. */
function annotated(): DiffReport {
  return buildDiffReport(
    side('2.0.0'),
    side('3.0.0'),
    [
      change({ id: 'operation-removed', level: 'breaking', operation: { method: 'GET', path: '/orders/{id}/tracking' }, side: 'base', consumers: [B2] }),
      change({ id: 'response-property-removed', level: 'breaking', operation: { method: 'GET', path: '/orders/{id}' }, consumers: [B2, B1] }),
      change({ id: 'response-optional-property-removed', level: 'warning', operation: { method: 'GET', path: '/orders/{id}' }, consumers: [C3] }),
      change({ id: 'operation-removed', level: 'breaking', operation: { method: 'GET', path: '/orders' }, side: 'base', consumers: [] }),
      change({ id: 'operation-removed', level: 'breaking', operation: { method: 'GET', path: '/internal/jobs' }, side: 'base', consumers: [C3] }),
      change({ id: 'operation-id-removed', level: 'warning' }),
    ],
    { config: { rules: {}, waivers: [{ operations: ['GET /internal/**'], reason: 'retired with C 3.2' }] } },
  );
}

const AWARE: DiffRenderOptions = { consumers: { service: 'A', version: '2.0.0' }, files: { base: 'api/base.yaml', revision: 'api/openapi.yaml' } };

describe('consumers in the markdown report', () => {
  it('says which consumers the breaking changes reach, once each, under the verdict', () => {
    const md = renderDiff(annotated(), 'markdown', AWARE);
    expect(md).toContain('**2 breaking changes affect consumers**: B 2.0.0 (production), B 1.0.0 (staging, qa).');
  });

  it('adds a Used by column: the consumers, "none known", or "-" off any operation', () => {
    const md = renderDiff(annotated(), 'markdown', AWARE);
    const rows = md.split('\n').filter((line) => line.startsWith('| '));
    const headers = rows.filter((row) => row.startsWith('| Level |'));
    expect(headers).toHaveLength(5);
    for (const header of headers) expect(header).toBe('| Level | Rule | Change | Where | Used by |');
    const row = (id: string, path: string) => rows.find((line) => line.includes(`\`${id}\``) && md.indexOf(line) > md.indexOf(`\`GET ${path}\``))!;
    expect(row('response-property-removed', '/orders/{id}')).toMatch(/\| B 2\.0\.0 \(production\)<br>B 1\.0\.0 \(staging, qa\) \|$/);
    expect(row('operation-removed', '/orders')).toMatch(/\| _none known_ \|$/);
    expect(rows.find((line) => line.includes('`operation-id-removed`'))).toMatch(/\| - \|$/);
    // Every row has five cells.
    for (const line of rows.filter((r) => !r.startsWith('| Breaking') && !/^\| \d/.test(r) && !r.startsWith('| ---:'))) {
      expect(line.split(/(?<!\\)\|/).length - 2, line).toBe(5);
    }
  });

  it('says so when no breaking change reaches a known consumer, and adds nothing without a registry', () => {
    const unused = buildDiffReport(side('2.0.0'), side('3.0.0'), [
      change({ id: 'operation-removed', level: 'breaking', operation: { method: 'GET', path: '/orders' }, consumers: [] }),
    ]);
    expect(renderDiff(unused, 'markdown', AWARE)).toContain('No breaking change affects a known consumer of A 2.0.0.');
    const plain = renderDiff(annotated(), 'markdown', { files: AWARE.files! });
    expect(plain).not.toContain('Used by');
    expect(plain).not.toContain('affect consumers');
  });
});

describe('consumers in github annotations', () => {
  it('appends "used by" to each change a consumer uses, and sums them up in the verdict', () => {
    const lines = renderDiff(annotated(), 'github', AWARE).trimEnd().split('\n');
    expect(lines[0]).toContain('2 breaking changes affect consumers: B 2.0.0 [production], B 1.0.0 [staging, qa].');
    const tracking = lines.find((line) => line.includes('GET /orders/{id}/tracking'))!;
    expect(tracking).toMatch(/^::error file=api\/base\.yaml,line=5,title=operation-removed::GET \/orders\/\{id\}\/tracking: operation-removed happened; used by B 2\.0\.0 \[production\]%0A/);
    expect(lines.find((line) => line.includes('response-property-removed'))).toContain('; used by B 2.0.0 [production], B 1.0.0 [staging, qa]');
    expect(lines.find((line) => line.includes('response-optional-property-removed'))).toContain('; used by C 3.1.0 [not deployed]');
    expect(lines.find((line) => line.includes('GET /orders:'))).not.toContain('used by');
  });
});

describe('consumers in junit', () => {
  it('lists the consumer versions of each operation as used-by properties and in the failure text', () => {
    const xml = renderDiff(annotated(), 'junit', AWARE);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testcase', 'property', 'failure'].includes(name) }).parse(xml) as {
      testsuites: { testsuite: { properties: { property: { name: string; value: string }[] }; testcase: { name: string; properties?: { property: { name: string; value: string }[] }; failure?: { '#text': string }[] }[] } };
    };
    const suite = parsed.testsuites.testsuite;
    expect(suite.properties.property).toContainEqual({ name: 'consumers.breaking-in-use', value: '2' });
    const order = suite.testcase.find((testCase) => testCase.name === 'GET /orders/{id}')!;
    expect(order.properties?.property).toEqual([
      { name: 'used-by', value: 'B 2.0.0 [production]: response-property-removed' },
      { name: 'used-by', value: 'B 1.0.0 [staging, qa]: response-property-removed' },
      { name: 'used-by', value: 'C 3.1.0 [not deployed]: response-optional-property-removed' },
    ]);
    expect(order.failure![0]!['#text']).toContain('; used by B 2.0.0 [production], B 1.0.0 [staging, qa]');
    // A waived change affects nobody's gate: no property for it.
    expect(suite.testcase.find((testCase) => testCase.name === 'GET /internal/jobs')!.properties).toBeUndefined();
    expect(suite.testcase.find((testCase) => testCase.name === 'GET /orders')!.properties).toBeUndefined();
  });
});

describe('consumers in sarif', () => {
  it('carries the consumers as a result property and in the message', () => {
    const log = JSON.parse(renderDiff(annotated(), 'sarif', AWARE)) as {
      runs: { results: { ruleId: string; message: { text: string }; properties: { consumers?: unknown } }[] }[];
    };
    const results = log.runs[0]!.results;
    const removedProperty = results.find((result) => result.ruleId === 'response-property-removed')!;
    expect(removedProperty.properties.consumers).toEqual([B2, B1]);
    expect(removedProperty.message.text).toBe('GET /orders/{id}: response-property-removed happened; used by B 2.0.0 [production], B 1.0.0 [staging, qa]');
    expect(results.find((result) => result.message.text.startsWith('GET /orders:'))!.properties.consumers).toEqual([]);
    expect(results.find((result) => result.ruleId === 'operation-id-removed')!.properties).not.toHaveProperty('consumers');
  });
});

describe('consumers in json', () => {
  it('keeps the consumers field on each change', () => {
    const parsed = JSON.parse(renderDiff(annotated(), 'json')) as DiffReport;
    expect(parsed.changes[1]!.consumers).toEqual([B2, B1]);
    expect(parsed.changes[5]).not.toHaveProperty('consumers');
  });
});
