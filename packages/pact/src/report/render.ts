import {
  codeSpan,
  escapeMarkdown,
  formatAnnotation,
  markdownTable,
  plural,
  printable,
  writeJUnit,
  type JUnitCase,
} from '@rollgate/openapi';
import type { PactDiff } from '../diff/diff.js';
import type { Pact } from '../parse/types.js';
import type { PactFinding, PactVerification } from '../verify/verify.js';

/** Output formats of `rollgate pact verify`. */
export const VERIFY_FORMATS = ['text', 'json', 'markdown', 'github', 'junit'] as const;
/** An output format of `rollgate pact verify`. */
export type VerifyFormat = (typeof VERIFY_FORMATS)[number];

/** Output formats of `rollgate pact diff`. */
export const PACT_DIFF_FORMATS = ['text', 'json', 'markdown'] as const;
/** An output format of `rollgate pact diff`. */
export type PactDiffFormat = (typeof PACT_DIFF_FORMATS)[number];

/** What a verification report says about its inputs. */
export interface VerifyReportContext {
  pact: Pact;
  /** The pact file as CI knows it (repository-relative), for annotations. */
  pactFile: string;
  spec: { source: string; title: string; version: string; file?: string };
  /** 1-based line of a pointer in the pact file, when known. */
  pactLine?: (pointer: string) => number | undefined;
  /** 1-based line of a pointer in the spec, when known. */
  specLine?: (pointer: string) => number | undefined;
}

/** The JSON contract of `rollgate pact verify --format json`. */
export interface VerifyReport {
  consumer: string;
  provider: string;
  pact: { source: string; specification: string; interactions: number };
  spec: { source: string; title: string; version: string };
  compatible: boolean;
  summary: { errors: number; warnings: number };
  findings: PactFinding[];
}

/** Builds the JSON report of a verification. */
export function verifyReport(result: PactVerification, ctx: VerifyReportContext): VerifyReport {
  return {
    consumer: ctx.pact.consumer,
    provider: ctx.pact.provider,
    pact: {
      source: ctx.pact.name,
      specification: ctx.pact.specification,
      interactions: ctx.pact.interactions.length + ctx.pact.unsupported.length,
    },
    spec: { source: ctx.spec.source, title: ctx.spec.title, version: ctx.spec.version },
    compatible: result.compatible,
    summary: levelCounts(result),
    findings: result.findings,
  };
}

/** Renders a verification in one of the output formats. */
export function renderVerification(result: PactVerification, format: VerifyFormat, ctx: VerifyReportContext): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(verifyReport(result, ctx), null, 2)}\n`;
    case 'text':
      return verifyText(result, ctx);
    case 'markdown':
      return verifyMarkdown(result, ctx);
    case 'github':
      return verifyGithub(result, ctx);
    case 'junit':
      return verifyJUnit(result, ctx);
  }
}

function levelCounts(result: PactVerification): { errors: number; warnings: number } {
  const errors = result.findings.filter((f) => f.level === 'error').length;
  return { errors, warnings: result.findings.length - errors };
}

function verdict(result: PactVerification): string {
  const { errors, warnings } = levelCounts(result);
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  return result.compatible ? `compatible (${counts})` : `INCOMPATIBLE (${counts})`;
}

/** Findings by interaction index, in the order the findings come (pact order). */
function byInteraction(findings: readonly PactFinding[]): Map<number, PactFinding[]> {
  const groups = new Map<number, PactFinding[]>();
  for (const finding of findings) {
    let group = groups.get(finding.interactionIndex);
    if (!group) groups.set(finding.interactionIndex, (group = []));
    group.push(finding);
  }
  return groups;
}

function verifyText(result: PactVerification, ctx: VerifyReportContext): string {
  const out = [
    `${printable(ctx.pact.consumer)} -> ${printable(ctx.pact.provider)}: pact ${printable(ctx.pact.name)} against ${printable(ctx.spec.title)} ${printable(ctx.spec.version)} (${printable(ctx.spec.source)})`,
    verdict(result),
  ];
  for (const group of byInteraction(result.findings).values()) {
    const first = group[0]!;
    const operation = first.method ? `${first.method} ${first.path}  ` : '';
    out.push('', `${printable(operation)}"${printable(first.interaction)}"`);
    for (const finding of group) {
      out.push(`  ${finding.level.padEnd(7)}  ${printable(finding.message)}  [${finding.code}]`);
      const where = [`pact ${finding.pactPointer}`];
      if (finding.specPointer !== undefined) {
        const line = ctx.specLine?.(finding.specPointer);
        where.push(`spec ${finding.specPointer}${line !== undefined ? ` (line ${line})` : ''}`);
      }
      out.push(`           ${printable(where.join('  '))}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function verifyMarkdown(result: PactVerification, ctx: VerifyReportContext): string {
  const out = [
    `## Pact ${codeSpan(ctx.pact.consumer)} against ${escapeMarkdown(ctx.spec.title)} ${escapeMarkdown(ctx.spec.version)}`,
    '',
    `**${result.compatible ? 'Compatible' : 'Incompatible'}**: ${escapeMarkdown(verdict(result).replace(/^\S+ /, ''))}`,
  ];
  if (result.findings.length === 0) {
    out.push('', `All ${plural(ctx.pact.interactions.length, 'interaction')} fit the provider's description.`);
    return `${out.join('\n')}\n`;
  }
  const rows = result.findings.map((f) => [
    f.level,
    escapeMarkdown(f.interaction),
    f.method ? codeSpan(`${f.method} ${f.path}`, { inTable: true }) : '',
    escapeMarkdown(f.message),
    codeSpan(f.code, { inTable: true }),
  ]);
  out.push('', markdownTable(['Level', 'Interaction', 'Operation', 'Finding', 'Code'], rows));
  return `${out.join('\n')}\n`;
}

function verifyGithub(result: PactVerification, ctx: VerifyReportContext): string {
  const lines = result.findings.map((f) => {
    const line = ctx.pactLine?.(f.pactPointer);
    return formatAnnotation({
      level: f.level,
      file: ctx.pactFile,
      ...(line !== undefined ? { line } : {}),
      title: `${f.code}: ${f.interaction}`,
      message: f.specPointer !== undefined ? `${f.message} (spec ${f.specPointer})` : f.message,
    });
  });
  lines.push(
    formatAnnotation({ level: result.compatible ? 'notice' : 'error', title: 'rollgate pact verify', message: `${ctx.pact.consumer} -> ${ctx.pact.provider}: ${verdict(result)}` }),
  );
  return `${lines.join('\n')}\n`;
}

function verifyJUnit(result: PactVerification, ctx: VerifyReportContext): string {
  const classname = `${ctx.pact.consumer}.${ctx.pact.provider}`;
  const byIndex = byInteraction(result.findings);
  const cases: JUnitCase[] = [];
  for (const interaction of ctx.pact.interactions) {
    const findings = byIndex.get(interaction.index) ?? [];
    const errors = findings.filter((f) => f.level === 'error');
    const warnings = findings.filter((f) => f.level === 'warning');
    const testCase: JUnitCase = { name: interaction.description, classname };
    if (errors.length > 0) {
      testCase.failures = [
        { message: errors[0]!.message, type: errors[0]!.code, text: errors.map((f) => `${f.code}: ${f.message} (pact ${f.pactPointer})`).join('\n') },
      ];
    }
    if (warnings.length > 0) testCase.systemOut = warnings.map((f) => `warning ${f.code}: ${f.message}`).join('\n');
    cases.push(testCase);
  }
  for (const item of ctx.pact.unsupported) cases.push({ name: item.description, classname, skipped: item.reason });
  return writeJUnit([{ name: `${ctx.pact.consumer} -> ${ctx.pact.provider}`, cases }], { name: 'rollgate pact verify' });
}

/** Renders a pact diff in one of its output formats. */
export function renderPactDiff(diff: PactDiff, format: PactDiffFormat): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  const md = format === 'markdown';
  const esc = md ? escapeMarkdown : printable;
  const code = md ? (text: string) => codeSpan(text) : (text: string) => text;
  const out: string[] = [md ? `## Pact changes: ${code(diff.consumer)} -> ${code(diff.provider)}` : `${esc(diff.consumer)} -> ${esc(diff.provider)}`];
  const section = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    out.push('', md ? `### ${title}` : `${title}:`);
    if (md) out.push('');
    for (const item of items) out.push(md ? `- ${item}` : `  ${item}`);
  };
  const name = (ref: { description: string; providerStates: string[] }): string =>
    `"${esc(ref.description)}"${ref.providerStates.length > 0 ? ` given ${ref.providerStates.map((s) => `"${esc(s)}"`).join(', ')}` : ''}`;
  section('Interactions added', diff.interactions.added.map(name));
  section('Interactions removed', diff.interactions.removed.map(name));
  section(
    'Interactions changed',
    diff.interactions.changed.map((c) => `${name(c)}: ${c.changes.map((x) => `${code(x.part)} ${esc(x.summary)}`).join('; ')}`),
  );
  section('Operations newly used', diff.operations.added.map((op) => code(`${op.method} ${op.path}`)));
  section('Operations no longer used', diff.operations.removed.map((op) => code(`${op.method} ${op.path}`)));
  const dep = (d: PactDiff['fields']['added'][number]): string =>
    `${code(`${d.method} ${d.path}`)} ${d.kind}${d.in ? ` (${d.in})` : ''} ${code(d.name)}`;
  section('Newly depended on', diff.fields.added.map(dep));
  section('No longer needed', diff.fields.removed.map(dep));
  if (out.length === 1) out.push('', 'No changes.');
  return `${out.join('\n')}\n`;
}
