import type { DiffRenderOptions } from './common.js';
import { groupByOperation, operationLabel, printable } from './common.js';
import { formatDiffGithub, formatDiffJUnit, formatDiffSarif } from './diff-ci.js';
import { formatDiffMarkdown } from './diff-markdown.js';
import { formatDiffText } from './diff-text.js';
import { codeSpan, escapeMarkdown } from './markdown.js';
import type { DiffReport } from './types.js';

/** Output formats of `rollgate diff`. */
export const DIFF_FORMATS = ['text', 'json', 'markdown', 'github', 'junit', 'sarif'] as const;
/** An output format of `rollgate diff`. */
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Output formats of `rollgate changelog`. */
export const CHANGELOG_FORMATS = ['text', 'markdown', 'json'] as const;
/** An output format of `rollgate changelog`. */
export type ChangelogFormat = (typeof CHANGELOG_FORMATS)[number];

/** The JSON contract: the report and nothing else. */
function formatDiffJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Renders a diff report in one of the output formats. */
export function renderDiff(report: DiffReport, format: DiffFormat, options: DiffRenderOptions = {}): string {
  switch (format) {
    case 'text':
      return formatDiffText(report, options);
    case 'json':
      return formatDiffJson(report);
    case 'markdown':
      return formatDiffMarkdown(report, options);
    case 'github':
      return formatDiffGithub(report, options);
    case 'junit':
      return formatDiffJUnit(report, options);
    case 'sarif':
      return formatDiffSarif(report, options);
  }
}

/**
 * Renders every change grouped by operation, with no verdicts: release notes for an API.
 * Waived changes are listed like the rest; a waiver is a gate decision, not a changelog one.
 */
export function renderChangelog(report: DiffReport, format: ChangelogFormat): string {
  const groups = groupByOperation(report.changes);
  const from = `${report.base.title} ${report.base.version}`;
  const to = `${report.revision.title} ${report.revision.version}`;
  if (format === 'json') {
    const operations = groups.map((group) => ({ operation: group.operation, changes: group.changes }));
    return `${JSON.stringify({ base: report.base, revision: report.revision, semver: report.semver, operations }, null, 2)}\n`;
  }
  if (format === 'markdown') {
    const out = [`## Changelog: ${escapeMarkdown(from)} to ${escapeMarkdown(to)}`];
    if (groups.length === 0) out.push('', 'No changes.');
    for (const group of groups) {
      out.push('', `### ${group.operation ? codeSpan(operationLabel(group.operation)) : 'Document-wide changes'}`, '');
      for (const change of group.changes) {
        out.push(`- ${change.level.toUpperCase()}: ${escapeMarkdown(change.message)} (${codeSpan(change.id)})`);
      }
    }
    return `${out.join('\n')}\n`;
  }
  const out = [`${printable(from)} -> ${printable(to)}`];
  if (groups.length === 0) out.push('', 'No changes.');
  for (const group of groups) {
    out.push('', group.operation ? printable(operationLabel(group.operation)) : '(document)');
    for (const change of group.changes) {
      out.push(`  ${change.level.padEnd(8)}  ${printable(change.message)}  [${change.id}]`);
    }
  }
  return `${out.join('\n')}\n`;
}
