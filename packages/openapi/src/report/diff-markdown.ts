import type { Change } from '../checker/change.js';
import type { DiffRenderOptions, ResolvedRenderOptions } from './common.js';
import {
  breakingInUseSummary,
  consumerLabel,
  consumerLabels,
  explainedRules,
  gateVerdict,
  groupByOperation,
  operationLabel,
  plural,
  resolveRenderOptions,
  semverSentence,
} from './common.js';
import { codeSpan, escapeMarkdown, markdownTable } from './markdown.js';
import type { DiffReport, ReportedChange } from './types.js';

/** A little under GitHub's 65,536-character limit for a pull request comment. */
const DEFAULT_MAX_LENGTH = 60_000;

function levelBadge(change: Change, options: ResolvedRenderOptions): string {
  if (change.waived) return `waived (${change.level})`;
  const label = change.level.toUpperCase();
  return options.fails(change) ? `**${label}**` : label;
}

/** The "Used by" cell: the consumers, `none known` when the registry knows none, `-` for a document-wide change. */
function usedByCell(change: ReportedChange): string {
  if (change.consumers === undefined) return '-';
  const labels = consumerLabels(change, 'round');
  return labels.length > 0 ? labels.map((label) => escapeMarkdown(label)).join('<br>') : '_none known_';
}

/** The consumer sentence under the verdict: which consumers the breaking changes reach. */
function consumersSentence(report: DiffReport, source: { service: string; version: string | null }): string {
  const inUse = breakingInUseSummary(report.changes);
  if (inUse.changes === 0) {
    return `No breaking change affects a known consumer of ${escapeMarkdown(`${source.service}${source.version ? ` ${source.version}` : ''}`)}.`;
  }
  const who = inUse.consumers.map((consumer) => escapeMarkdown(consumerLabel(consumer, 'round')));
  return `**${plural(inUse.changes, 'breaking change')} ${inUse.changes === 1 ? 'affects' : 'affect'} consumers**: ${who.join(', ')}.`;
}

function changeRow(change: ReportedChange, options: ResolvedRenderOptions, lineUrls: DiffRenderOptions['lineUrls']): string[] {
  const label = `${change.side} ${options.files[change.side]}${change.line !== undefined ? `:${change.line}` : ''}`;
  const url = change.line !== undefined ? lineUrls?.[change.side]?.(change.line) : undefined;
  // An angle-bracketed destination keeps parentheses in URLs from ending the link early.
  const where = url && !/[<>\s]/.test(url) ? `[${codeSpan(label, { inTable: true })}](<${url}>)` : codeSpan(label, { inTable: true });
  let message = escapeMarkdown(change.message);
  if (change.waived) {
    const until = change.waived.until ? ` until ${change.waived.until}` : '';
    message += ` <br>_Waived${escapeMarkdown(until)}: ${escapeMarkdown(change.waived.reason)}_`;
  }
  const row = [levelBadge(change, options), codeSpan(change.id, { inTable: true }), message, where];
  return options.consumers ? [...row, usedByCell(change)] : row;
}

/** Writes the report as Markdown for a pull request comment or `$GITHUB_STEP_SUMMARY`. */
export function formatDiffMarkdown(report: DiffReport, renderOptions: DiffRenderOptions = {}): string {
  const options = resolveRenderOptions(report, renderOptions);
  const verdict = gateVerdict(report, options);
  const out: string[] = [];
  out.push(
    `## API changes: ${escapeMarkdown(`${report.base.title} ${report.base.version}`)} to ${escapeMarkdown(`${report.revision.title} ${report.revision.version}`)}`,
  );
  out.push('');
  out.push(`**Gate ${verdict.failed ? 'failed' : 'passed'}**: ${escapeMarkdown(verdict.text)}.`);
  out.push('');
  const waived = report.changes.filter((change) => change.waived).length;
  out.push(
    markdownTable(
      ['Breaking', 'Warning', 'Info', 'Waived'],
      [[String(report.summary.breaking), String(report.summary.warning), String(report.summary.info), String(waived)]],
      ['right', 'right', 'right', 'right'],
    ),
  );
  out.push('');
  out.push(`Semver: ${escapeMarkdown(semverSentence(report))}`);
  if (options.consumers) out.push('', consumersSentence(report, options.consumers));

  for (const expired of report.expiredWaivers) {
    const where = expired.file ? ` in ${codeSpan(`${expired.file}${expired.line ? `:${expired.line}` : ''}`)}` : '';
    out.push('');
    out.push(
      `> **Expired waiver**${where}: "${escapeMarkdown(expired.reason)}" ended on ${expired.until}; ${expired.matched === 1 ? 'the change it covered counts' : `the ${expired.matched} changes it covered count`} again.`,
    );
  }

  if (report.changes.length === 0) {
    out.push('', 'No changes.');
    return `${out.join('\n')}\n`;
  }

  // Operations with gate-failing changes first, so a cut report still shows what blocks the merge.
  const groups = groupByOperation(report.changes);
  const ordered = [...groups.filter((g) => g.changes.some(options.fails)), ...groups.filter((g) => !g.changes.some(options.fails))];
  const limit = renderOptions.maxLength ?? DEFAULT_MAX_LENGTH;
  // Room kept for the closing note and the "why" list.
  let size = out.join('\n').length + 4_000;
  const shown: Change[] = [];
  let omitted = 0;
  for (const [index, group] of ordered.entries()) {
    const section = [
      '',
      `### ${group.operation ? codeSpan(operationLabel(group.operation)) : 'Document-wide changes'}`,
      '',
      markdownTable(
        options.consumers ? ['Level', 'Rule', 'Change', 'Where', 'Used by'] : ['Level', 'Rule', 'Change', 'Where'],
        group.changes.map((change) => changeRow(change, options, renderOptions.lineUrls)),
      ),
    ];
    const length = section.join('\n').length + 1;
    if (index > 0 && size + length > limit) {
      omitted = ordered.slice(index).reduce((sum, rest) => sum + rest.changes.length, 0);
      out.push('', `_${plural(omitted, 'more change')} in ${plural(ordered.length - index, 'operation')} not shown; the text or JSON report lists every change._`);
      break;
    }
    size += length;
    out.push(...section);
    shown.push(...group.changes);
  }

  const rules = explainedRules(
    shown.filter((change) => !change.waived),
    options.catalog,
  );
  if (rules.length > 0) {
    out.push('', '<details><summary>Why these changes matter</summary>', '');
    for (const rule of rules) out.push(`- ${codeSpan(rule.id)}: ${escapeMarkdown(rule.why)}`);
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
}
