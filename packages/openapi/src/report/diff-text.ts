import type { Change, Level } from '../checker/change.js';
import type { DiffRenderOptions, ResolvedRenderOptions } from './common.js';
import {
  bySeverity,
  explainedRules,
  gateVerdict,
  groupByOperation,
  operationLabel,
  plural,
  printable,
  resolveRenderOptions,
  semverSentence,
} from './common.js';
import type { DiffReport } from './types.js';

type Paint = (text: string) => string;

const ANSI = {
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  green: '\u001b[32m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  reset: '\u001b[0m',
};

function painter(enabled: boolean) {
  const paint =
    (...codes: string[]): Paint =>
    (text) =>
      enabled ? `${codes.join('')}${text}${ANSI.reset}` : text;
  return {
    level: { breaking: paint(ANSI.bold, ANSI.red), warning: paint(ANSI.yellow), info: paint(ANSI.cyan) } as Record<Level, Paint>,
    waived: paint(ANSI.dim),
    dim: paint(ANSI.dim),
    bold: paint(ANSI.bold),
    pass: paint(ANSI.bold, ANSI.green),
    fail: paint(ANSI.bold, ANSI.red),
  };
}

function location(change: Change, options: ResolvedRenderOptions): string {
  const file = options.files[change.side];
  return change.line !== undefined ? `${file}:${change.line}` : `${file}#${change.pointer}`;
}

function changeLines(change: Change, options: ResolvedRenderOptions, colors: ReturnType<typeof painter>): string[] {
  const label = change.waived ? colors.waived('waived'.padEnd(8)) : colors.level[change.level](change.level.padEnd(8));
  const operation = change.operation ? printable(operationLabel(change.operation)) : '(document)';
  const lines = [`${label}  ${operation}  ${colors.dim(`[${change.id}]`)}`];
  lines.push(`          ${printable(change.message)} ${colors.dim(`(${printable(location(change, options))})`)}`);
  if (change.waived) {
    const until = change.waived.until ? ` until ${change.waived.until}` : '';
    lines.push(`          ${colors.waived(`waived${until}: ${printable(change.waived.reason)}`)}`);
  }
  return lines;
}

/**
 * The default, human-readable report: changes by severity, why they matter, the verdicts.
 * Expired waivers are left out: they are diagnostics about the config, which the CLI prints once,
 * on stderr, whatever the format (`DiffReport.expiredWaivers` still lists them).
 */
export function formatDiffText(report: DiffReport, renderOptions: DiffRenderOptions = {}): string {
  const options = resolveRenderOptions(report, renderOptions);
  const colors = painter(options.color);
  const out: string[] = [];
  out.push(
    colors.bold(
      `${printable(report.base.title)} ${printable(report.base.version)} -> ${printable(report.revision.title)} ${printable(report.revision.version)}`,
    ),
  );
  out.push(colors.dim(`base ${printable(options.files.base)}, revision ${printable(options.files.revision)}`));
  out.push('');

  if (report.changes.length === 0) {
    out.push('No changes.');
  } else {
    const ordered = groupByOperation(report.changes).flatMap((group) => group.changes);
    const active = bySeverity(ordered.filter((change) => !change.waived));
    const waived = ordered.filter((change) => change.waived);
    for (const change of [...active, ...waived]) out.push(...changeLines(change, options, colors));
    const rules = explainedRules(active, options.catalog);
    if (rules.length > 0) {
      out.push('', colors.bold('Why these changes matter:'));
      for (const rule of rules) out.push(`  ${rule.id}: ${printable(rule.why)}`);
    }
  }

  const { summary } = report;
  const waivedCount = report.changes.filter((change) => change.waived).length;
  out.push('');
  out.push(
    `Summary: ${colors.level.breaking(`${summary.breaking} breaking`)}, ${colors.level.warning(plural(summary.warning, 'warning'))}, ${colors.level.info(`${summary.info} info`)}${waivedCount ? `, ${waivedCount} waived` : ''}`,
  );
  out.push(`Semver:  ${printable(semverSentence(report))}`);
  const verdict = gateVerdict(report, options);
  out.push(`Gate:    ${verdict.failed ? colors.fail('FAILED') : colors.pass('passed')}, ${verdict.text}`);
  return `${out.join('\n')}\n`;
}
