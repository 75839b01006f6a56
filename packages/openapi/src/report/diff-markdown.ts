import type { Change } from '../checker/change.js';
import type { DiffRenderOptions, ResolvedRenderOptions } from './common.js';
import { explainedRules, gateVerdict, groupByOperation, operationLabel, plural, resolveRenderOptions, semverSentence } from './common.js';
import { codeSpan, escapeMarkdown, markdownTable } from './markdown.js';
import type { DiffReport } from './types.js';

function levelBadge(change: Change, options: ResolvedRenderOptions): string {
  if (change.waived) return `waived (${change.level})`;
  const label = change.level.toUpperCase();
  return options.fails(change) ? `**${label}**` : label;
}

function changeRow(change: Change, options: ResolvedRenderOptions): string[] {
  const where = `${change.side} ${options.files[change.side]}${change.line !== undefined ? `:${change.line}` : ''}`;
  let message = escapeMarkdown(change.message);
  if (change.waived) {
    const until = change.waived.until ? ` until ${change.waived.until}` : '';
    message += ` <br>_Waived${escapeMarkdown(until)}: ${escapeMarkdown(change.waived.reason)}_`;
  }
  return [levelBadge(change, options), codeSpan(change.id, { inTable: true }), message, codeSpan(where, { inTable: true })];
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

  for (const expired of report.expiredWaivers) {
    const where = expired.file ? ` in ${codeSpan(`${expired.file}${expired.line ? `:${expired.line}` : ''}`)}` : '';
    out.push('');
    out.push(
      `> **Expired waiver**${where}: "${escapeMarkdown(expired.reason)}" ended on ${expired.until}; ${plural(expired.matched, 'change')} it covered now count.`,
    );
  }

  if (report.changes.length === 0) {
    out.push('', 'No changes.');
    return `${out.join('\n')}\n`;
  }

  for (const group of groupByOperation(report.changes)) {
    out.push('');
    out.push(`### ${group.operation ? codeSpan(operationLabel(group.operation)) : 'Document-wide changes'}`);
    out.push('');
    out.push(markdownTable(['Level', 'Rule', 'Change', 'Where'], group.changes.map((change) => changeRow(change, options))));
  }

  const rules = explainedRules(
    report.changes.filter((change) => !change.waived),
    options.catalog,
  );
  if (rules.length > 0) {
    out.push('', '<details><summary>Why these changes matter</summary>', '');
    for (const rule of rules) out.push(`- ${codeSpan(rule.id)}: ${escapeMarkdown(rule.why)}`);
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
}
