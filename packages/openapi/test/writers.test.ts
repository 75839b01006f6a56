import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  RULES,
  RULES_BY_ID,
  buildDiffReport,
  codeSpan,
  escapeMarkdown,
  formatAnnotation,
  gatePredicate,
  renderChangelog,
  renderDiff,
  writeJUnit,
} from '@rollgate/openapi';
import type { Change, DiffReport, LoadedSpec } from '@rollgate/openapi';
import { escapeCommandData, escapeCommandProperty } from '../src/report/github.js';
import { escapeXmlAttribute } from '../src/report/junit.js';

/** Text a hostile or careless document could put in a message: every escaping edge at once. */
const NASTY = 'a,b:c%25 d\r\ne <script>&amp;</script> | *bold* _x_ `tick` @octocat #12 ]]> "q" \'s\' \u0001\u001b[31mred\u009b';

function spec(title: string, version: string, name: string): Pick<LoadedSpec, 'title' | 'version' | 'source'> {
  return { title, version, source: { kind: 'file', name, path: `/repo/${name}` } };
}

function change(partial: Partial<Change> & Pick<Change, 'id' | 'level'>): Change {
  return { direction: 'none', operation: null, pointer: '/paths', side: 'revision', message: `${partial.id} message`, ...partial };
}

const CHANGES: Change[] = [
  change({
    id: 'operation-removed',
    level: 'breaking',
    operation: { method: 'GET', path: '/books/{bookId}' },
    pointer: '/paths/~1books~1{bookId}/get',
    side: 'base',
    line: 12,
    message: `operation ${JSON.stringify(NASTY)} was removed`,
  }),
  change({ id: 'operation-added', level: 'info', operation: { method: 'POST', path: '/books' }, line: 30, message: 'operation "POST /books" was added' }),
  change({
    id: 'operation-id-changed',
    level: 'warning',
    operation: { method: 'GET', path: '/a|b/`x`' },
    line: 7,
    message: 'operationId changed from "x" to "y"',
  }),
  change({ id: 'operation-removed', level: 'breaking', operation: { method: 'DELETE', path: '/internal/jobs' }, side: 'base', line: 40 }),
  change({ id: 'operation-id-removed', level: 'warning', message: NASTY }),
];

function report(changes: Change[] = CHANGES): DiffReport {
  return buildDiffReport(spec('Books <API>', '1.0.0', 'api/openapi.yaml'), spec('Books <API>', '1.1.0', 'api/openapi.yaml'), changes, {
    config: { rules: {}, waivers: [{ operations: ['* /internal/**'], reason: `internal ${NASTY}` }] },
    now: new Date('2026-01-01T00:00:00Z'),
  });
}

const FILES = { base: 'old dir/open#api.yaml', revision: 'api/openapi.yaml' };

describe('buildDiffReport', () => {
  it('counts non-waived changes and recommends the bump', () => {
    const r = report();
    expect(r.summary).toEqual({ breaking: 1, warning: 2, info: 1 });
    expect(r.semver).toEqual({ required: 'major', declared: 'minor', ok: false });
    expect(r.changes[3]!.waived?.reason).toBe(`internal ${NASTY}`);
    expect(r.base).toEqual({ title: 'Books <API>', version: '1.0.0', source: 'api/openapi.yaml' });
  });
});

describe('json', () => {
  it('is the report, parseable, with the contract keys first', () => {
    const r = report();
    const text = renderDiff(r, 'json');
    const parsed = JSON.parse(text) as DiffReport;
    expect(parsed).toEqual(r);
    expect(Object.keys(parsed).slice(0, 5)).toEqual(['base', 'revision', 'summary', 'semver', 'changes']);
    expect(Object.keys(parsed.changes[0]!)).toEqual(expect.arrayContaining(['id', 'level', 'operation', 'pointer', 'side', 'line', 'message']));
    expect(parsed.changes[4]!.operation).toBeNull();
  });
});

describe('github', () => {
  function unescapeProperty(value: string): string {
    return value.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  }

  it('escapes data and properties so every command stays one line and round-trips', () => {
    expect(escapeCommandData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeCommandProperty('a,b:c%')).toBe('a%2Cb%3Ac%25');
    const line = formatAnnotation({ level: 'error', file: 'x,y:z.yaml', line: 3, title: NASTY, message: NASTY });
    expect(line.split('\n')).toHaveLength(1);
    const match = /^::error file=([^,]*),line=(\d+),title=([^,:]*)::(.*)$/.exec(line);
    expect(match).not.toBeNull();
    expect(unescapeProperty(match![1]!)).toBe('x,y:z.yaml');
    expect(unescapeProperty(match![3]!)).toBe(NASTY);
    expect(match![4]!.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')).toBe(NASTY);
  });

  it('leaves the file out for standard input', () => {
    const lines = renderDiff(report(), 'github', { files: { base: '-', revision: 'api.yaml' } }).split('\n');
    expect(lines[1]).toMatch(/^::error title=operation-removed::GET /);
    expect(lines.find((line) => line.startsWith('::notice file=api.yaml,line=30,'))).toBeDefined();
  });

  it('puts the verdict first, then changes by severity, waived ones last', () => {
    const lines = renderDiff(report(), 'github', { files: FILES }).trimEnd().split('\n');
    expect(lines).toHaveLength(CHANGES.length + 1);
    expect(lines[0]).toBe('::error title=rollgate diff::API compatibility gate failed: 1 change fails --fail-on breaking. 1 breaking, 2 warning, 1 info.');
    expect(lines[1]).toMatch(/^::error file=old dir\/open#api\.yaml,line=12,title=operation-removed::GET \/books\/\{bookId\}: /);
    // The why text of a breaking rule rides along on a second line.
    expect(lines[1]).toContain(`%0A${RULES_BY_ID.get('operation-removed')!.why}`);
    expect(lines[2]).toMatch(/^::warning file=api\/openapi\.yaml,line=7,title=operation-id-changed::GET \/a\|b\/`x`: /);
    expect(lines[3]).toMatch(/^::warning file=api\/openapi\.yaml,title=operation-id-removed::/);
    expect(lines[4]).toMatch(/^::notice file=api\/openapi\.yaml,line=30,title=operation-added::/);
    // Waived changes are notices, with the reason.
    expect(lines[5]).toMatch(/^::notice file=old dir\/open#api\.yaml,line=40,title=operation-removed::DELETE \/internal\/jobs: .*%0AWaived: internal/);
  });

  it('passes with a notice', () => {
    const lines = renderDiff(report(), 'github', { fails: gatePredicate('never'), failOn: 'never' }).split('\n');
    expect(lines[0]).toBe('::notice title=rollgate diff::API compatibility gate passed: no change fails --fail-on never. 1 breaking, 2 warning, 1 info.');
  });
});

describe('junit', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase', 'failure'].includes(name) });
  // NASTY as it reads back from the XML: C0 controls are written as visible escapes.
  const visible = NASTY.replace('\u0001', '\\u0001').replace('\u001b', '\\u001B');

  it('escapes text and attributes into well-formed XML that parses back', () => {
    const xml = writeJUnit([
      { name: NASTY, cases: [{ name: NASTY, classname: 'c', failures: [{ message: NASTY, type: 't', text: NASTY }], systemOut: NASTY }] },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    // XML 1.0 cannot carry C0 controls even as references; they must be gone.
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const parsed = parser.parse(xml);
    const testCase = parsed.testsuites.testsuite[0].testcase[0];
    // Attributes keep CR and LF (as character references); XML would turn literal ones into spaces.
    expect(testCase.name).toBe(visible);
    expect(testCase.failure[0]['#text']).toContain('<script>&amp;</script>');
    expect(escapeXmlAttribute('a"b\'c\td\ne')).toBe('a&quot;b&apos;c&#9;d&#10;e');
  });

  it('has a test case per changed operation, failing on gate-failing changes and skipping waived ones', () => {
    const xml = renderDiff(report(), 'junit', { files: FILES });
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = parser.parse(xml).testsuites.testsuite[0];
    expect(suite).toMatchObject({ tests: '5', failures: '1', skipped: '1' });
    const byName = new Map<string, Record<string, unknown>>(suite.testcase.map((c: { name: string }) => [c.name, c]));
    expect([...byName.keys()]).toEqual(['GET /a|b/`x`', 'POST /books', 'GET /books/{bookId}', 'DELETE /internal/jobs', '(document)']);
    expect((byName.get('GET /books/{bookId}')!.failure as { type: string }[])[0]!.type).toBe('operation-removed');
    expect(byName.get('DELETE /internal/jobs')!.skipped).toEqual({ message: `internal ${visible}` });
    expect(byName.get('GET /a|b/`x`')!.failure).toBeUndefined();

    const strict = parser.parse(renderDiff(report(), 'junit', { fails: gatePredicate('warning'), failOn: 'warning' })).testsuites.testsuite[0];
    expect(strict.failures).toBe('3');
  });

  it('writes one passing case when nothing changed', () => {
    const suite = parser.parse(renderDiff(report([]), 'junit')).testsuites.testsuite[0];
    expect(suite).toMatchObject({ tests: '1', failures: '0' });
  });
});

describe('sarif', () => {
  interface SarifRun {
    tool: { driver: { rules: { id: string; defaultConfiguration: { level: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
      suppressions?: { justification: string }[];
      partialFingerprints: Record<string, string>;
    }[];
  }

  it('is SARIF 2.1.0 with the whole catalog as rules and one result per change', () => {
    const log = JSON.parse(renderDiff(report(), 'sarif', { files: FILES, tool: { name: 'rollgate', version: '9.9.9' } })) as {
      version: string;
      runs: SarifRun[];
    };
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(run.results).toHaveLength(CHANGES.length);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);

    const [removed, added, , waived] = run.results;
    expect(removed!.level).toBe('error');
    expect(removed!.message.text).toContain(JSON.stringify(NASTY));
    expect(removed!.locations[0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'old%20dir/open%23api.yaml' },
      region: { startLine: 12 },
    });
    expect(added!.level).toBe('note');
    expect(waived!.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: `internal ${NASTY}` }]);
    expect(new Set(run.results.map((r) => r.partialFingerprints['rollgate/v1'])).size).toBe(CHANGES.length);
  });
});

describe('markdown', () => {
  it('escapes inline markup, mentions and table pipes', () => {
    const escaped = escapeMarkdown(NASTY);
    expect(escaped).not.toContain('<script>');
    expect(escaped).not.toContain('@octocat');
    expect(escaped).not.toMatch(/(^|[^\\])\|/);
    expect(escaped).not.toMatch(/[\r\n]/);
    expect(codeSpan('a `b` c')).toBe('``a `b` c``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan('a|b', { inTable: true })).toBe('`a\\|b`');
  });

  it('has a summary table and one table per operation with four cells a row', () => {
    const md = renderDiff(report(), 'markdown', { files: FILES });
    expect(md).toContain('**Gate failed**');
    expect(md).toMatch(/\| Breaking \| Warning \| Info \| Waived \|\n\| ---: \| ---: \| ---: \| ---: \|\n\| 1 \| 2 \| 1 \| 1 \|/);
    const headings = md.split('\n').filter((line) => line.startsWith('### '));
    // Operations that fail the gate come first.
    expect(headings).toEqual(['### `GET /books/{bookId}`', '### `` GET /a|b/`x` ``', '### `POST /books`', '### `DELETE /internal/jobs`', '### Document-wide changes']);
    for (const row of md.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Breaking') && !/^\| \d/.test(line))) {
      // GFM splits cells on unescaped pipes: every change row must have exactly four.
      expect(row.split(/(?<!\\)\|/).length - 2, row).toBe(4);
    }
    expect(md).toContain('| **BREAKING** | `operation-removed` |');
    expect(md).toContain('waived (breaking)');
    expect(md).toContain('Why these changes matter');
    expect(md).not.toContain('<script>');
  });

  it('links lines when given addresses, encoding nothing twice and refusing unsafe ones', () => {
    const md = renderDiff(report(), 'markdown', {
      files: FILES,
      lineUrls: { revision: (line) => `https://example.test/blob/abc/api/openapi.yaml#L${line}` },
    });
    expect(md).toContain('[`revision api/openapi.yaml:30`](<https://example.test/blob/abc/api/openapi.yaml#L30>)');
    // The base side has no address: plain code span.
    expect(md).toContain('| `base old dir/open#api.yaml:12` |');
    const unsafe = renderDiff(report(), 'markdown', { lineUrls: { revision: () => 'https://x.test/a b>' } });
    expect(unsafe).not.toContain('x.test');
  });

  it('leaves operations out past maxLength, keeping the failing ones and saying how many are missing', () => {
    const many: Change[] = Array.from({ length: 400 }, (_, i) =>
      change({ id: 'operation-added', level: 'info', operation: { method: 'GET', path: `/things/${String(i).padStart(3, '0')}` }, line: i + 1 }),
    );
    const md = renderDiff(report([...many, CHANGES[0]!]), 'markdown', { maxLength: 20_000 });
    expect(md.length).toBeLessThanOrEqual(20_000);
    const headings = md.split('\n').filter((line) => line.startsWith('### '));
    expect(headings[0]).toBe('### `GET /books/{bookId}`');
    const shown = headings.length;
    expect(shown).toBeLessThan(401);
    expect(md).toContain(`_${401 - shown} more changes in ${401 - shown} operations not shown; the text or JSON report lists every change._`);
    expect(md).toContain('| 1 | 0 | 400 | 0 |');
    expect(renderDiff(report(many), 'markdown', { maxLength: 1_000_000 }).split('\n').filter((line) => line.startsWith('### '))).toHaveLength(400);
  });
});

describe('text', () => {
  it('prints verdicts and locations, with no escape codes unless colour is on', () => {
    const plain = renderDiff(report(), 'text', { files: FILES });
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain('\\u001b[31mred\\u009b');
    expect(plain).toContain('(old dir/open#api.yaml:12)');
    expect(plain).toMatch(/Gate: +FAILED, 1 change fails --fail-on breaking/);
    expect(plain).toContain('Semver:  the changes call for a major bump, but info.version 1.0.0 to 1.1.0 is a minor bump, which is too small.');
    expect(plain.indexOf('operation-removed]')).toBeLessThan(plain.indexOf('operation-added]'));

    const coloured = renderDiff(report(), 'text', { color: true });
    expect(coloured).toContain('\u001b[1m\u001b[31mbreaking');
    expect(renderDiff(report(), 'text', { fails: gatePredicate('never'), failOn: 'never' })).toMatch(/Gate: +passed, no change fails --fail-on never/);
  });
});

describe('changelog', () => {
  it('groups every change by operation in text, markdown and json', () => {
    const r = report();
    const json = JSON.parse(renderChangelog(r, 'json')) as { operations: { operation: Change['operation']; changes: Change[] }[] };
    expect(json.operations.map((group) => group.operation && `${group.operation.method} ${group.operation.path}`)).toEqual([
      'GET /a|b/`x`',
      'POST /books',
      'GET /books/{bookId}',
      'DELETE /internal/jobs',
      null,
    ]);
    expect(json.operations.flatMap((group) => group.changes)).toHaveLength(CHANGES.length);
    const text = renderChangelog(r, 'text');
    expect(text).toContain('\nPOST /books\n  info      operation "POST /books" was added  [operation-added]\n');
    expect(renderChangelog(r, 'markdown')).toContain('### `POST /books`\n\n- INFO: operation "POST /books" was added (`operation-added`)');
  });
});
