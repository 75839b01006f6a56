import { createHash } from 'node:crypto';
import type { Change, Level } from '../checker/change.js';
import type { DiffRenderOptions, ResolvedRenderOptions } from './common.js';
import { breakingInUseSummary, bySeverity, consumerLabel, consumerLabels, gateVerdict, groupByOperation, operationLabel, resolveRenderOptions } from './common.js';
import type { Annotation } from './github.js';
import { writeAnnotations } from './github.js';
import type { JUnitCase } from './junit.js';
import { writeJUnit } from './junit.js';
import type { SarifFinding, SarifLevel } from './sarif.js';
import { writeSarif } from './sarif.js';
import type { DiffReport, ReportedChange } from './types.js';

const ANNOTATION_LEVEL: Record<Level, Annotation['level']> = { breaking: 'error', warning: 'warning', info: 'notice' };
const SARIF_LEVEL: Record<Level, SarifLevel> = { breaking: 'error', warning: 'warning', info: 'note' };

/**
 * Where to annotate a change: its side's file and line. A change found only in the base of one
 * file at two revisions (a pull request) is placed in the revision, at the line of its nearest
 * ancestor there (`removedAt`): the pull request shows only the head's file, where the base's
 * line numbers mean nothing. Standard input (`-`) has no file to annotate.
 */
function placeOf(change: Change, options: ResolvedRenderOptions): { file?: string; line?: number } {
  if (change.side === 'base' && options.removedAt && options.files.base === options.files.revision && options.files.revision !== '-') {
    const line = options.removedAt(change.pointer);
    return { file: options.files.revision, ...(line !== undefined ? { line } : {}) };
  }
  const file = options.files[change.side];
  if (file === '-') return {};
  return { file, ...(change.line !== undefined ? { line: change.line } : {}) };
}

function subject(change: Change): string {
  return change.operation ? `${operationLabel(change.operation)}: ${change.message}` : change.message;
}

/** `; used by B 2.0.0 [production]`, or nothing when no known consumer uses what changed. */
function usedBy(change: ReportedChange): string {
  const labels = consumerLabels(change);
  return labels.length > 0 ? `; used by ${labels.join(', ')}` : '';
}

/** ` 2 breaking changes affect consumers: B 2.0.0 [production].` for consumer-aware reports. */
function consumersNote(report: DiffReport, options: ResolvedRenderOptions): string {
  if (!options.consumers) return '';
  const inUse = breakingInUseSummary(report.changes);
  if (inUse.changes === 0) return ' No breaking change affects a known consumer.';
  const verb = inUse.changes === 1 ? 'change affects' : 'changes affect';
  return ` ${inUse.changes} breaking ${verb} consumers: ${inUse.consumers.map((consumer) => consumerLabel(consumer)).join(', ')}.`;
}

/**
 * Writes GitHub workflow commands: the verdict first, then one annotation per change on the
 * line of the revision file (the base file for removals), breaking as errors, warnings as
 * warnings, info and waived changes as notices. GitHub shows only the first few annotations of
 * each level per step, so the verdict and the most severe changes come first.
 */
export function formatDiffGithub(report: DiffReport, renderOptions: DiffRenderOptions = {}): string {
  const options = resolveRenderOptions(report, renderOptions);
  const verdict = gateVerdict(report, options);
  const { breaking, warning, info } = report.summary;
  const annotations: Annotation[] = [
    {
      level: verdict.failed ? 'error' : 'notice',
      title: 'rollgate diff',
      message: `API compatibility gate ${verdict.failed ? 'failed' : 'passed'}: ${verdict.text}. ${breaking} breaking, ${warning} warning, ${info} info.${consumersNote(report, options)}`,
    },
  ];
  for (const expired of report.expiredWaivers) {
    annotations.push({
      level: 'warning',
      ...(expired.file !== undefined ? { file: expired.file } : {}),
      ...(expired.line !== undefined ? { line: expired.line } : {}),
      title: 'expired waiver',
      message: `Waiver "${expired.reason}" ended on ${expired.until}; ${expired.matched === 1 ? 'the change it covered counts' : `the ${expired.matched} changes it covered count`} again.`,
    });
  }
  const ordered = groupByOperation(report.changes).flatMap((group) => group.changes);
  const active = bySeverity(ordered.filter((change) => !change.waived));
  const waived = ordered.filter((change) => change.waived);
  for (const change of [...active, ...waived]) {
    const why = change.level !== 'info' ? options.catalog.get(change.id)?.why : undefined;
    let message = subject(change) + usedBy(change);
    if (change.waived) message += `\nWaived${change.waived.until ? ` until ${change.waived.until}` : ''}: ${change.waived.reason}`;
    else if (why) message += `\n${why}`;
    annotations.push({
      level: change.waived ? 'notice' : ANNOTATION_LEVEL[change.level],
      ...placeOf(change, options),
      title: change.id,
      message,
    });
  }
  return writeAnnotations(annotations);
}

/**
 * One `used-by` property per consumer version of an operation's changes, naming the rules that
 * reach it: `B 2.0.0 [production]: operation-removed, response-property-removed`.
 */
function caseConsumers(changes: readonly ReportedChange[]): [string, string][] {
  const rulesByConsumer = new Map<string, Set<string>>();
  for (const change of changes) {
    if (change.waived) continue;
    for (const label of consumerLabels(change)) {
      const rules = rulesByConsumer.get(label) ?? new Set<string>();
      rules.add(change.id);
      rulesByConsumer.set(label, rules);
    }
  }
  return [...rulesByConsumer].map(([label, rules]) => ['used-by', `${label}: ${[...rules].join(', ')}`]);
}

/**
 * Writes JUnit XML with one test case per changed operation (and one for document-wide
 * changes): it fails when one of its changes fails the gate, is skipped when every change in it
 * is waived, and lists all its changes in `system-out`.
 */
export function formatDiffJUnit(report: DiffReport, renderOptions: DiffRenderOptions = {}): string {
  const options = resolveRenderOptions(report, renderOptions);
  // Jenkins splits classnames on dots into package and class; keep file paths out of it.
  const classname = 'rollgate.diff';
  const line = (change: ReportedChange): string =>
    `${change.waived ? 'waived' : change.level} ${change.id}: ${change.message} (${options.files[change.side]}${change.line !== undefined ? `:${change.line}` : ''})${usedBy(change)}`;
  const cases: JUnitCase[] = groupByOperation(report.changes).map((group) => {
    const testCase: JUnitCase = {
      name: group.operation ? operationLabel(group.operation) : '(document)',
      classname,
      systemOut: group.changes.map(line).join('\n'),
    };
    const properties = caseConsumers(group.changes);
    if (properties.length > 0) testCase.properties = properties;
    const failing = group.changes.filter(options.fails);
    if (failing.length > 0) {
      testCase.failures = failing.map((change) => ({ message: change.message, type: change.id, text: line(change) }));
    } else if (group.changes.every((change) => change.waived)) {
      testCase.skipped = group.changes.map((change) => change.waived?.reason).join('; ');
    }
    return testCase;
  });
  if (cases.length === 0) {
    cases.push({ name: 'no API changes', classname, systemOut: `${report.base.version} to ${report.revision.version}: no changes` });
  }
  return writeJUnit(
    [
      {
        name: `rollgate diff ${report.base.source} ${report.revision.source}`,
        cases,
        properties: {
          'fail-on': options.failOn,
          'semver.required': report.semver.required,
          'semver.declared': report.semver.declared,
          ...(options.consumers ? { 'consumers.breaking-in-use': String(breakingInUseSummary(report.changes).changes) } : {}),
        },
      },
    ],
    { name: 'rollgate' },
  );
}

/** Writes a SARIF 2.1.0 log: every catalog rule in `rules`, one result per change, waived changes as suppressed. */
export function formatDiffSarif(report: DiffReport, renderOptions: DiffRenderOptions = {}): string {
  const options = resolveRenderOptions(report, renderOptions);
  const rules = [...options.catalog.values()].map((rule) => ({
    id: rule.id,
    description: rule.description,
    ...(rule.why ? { help: rule.why } : {}),
    level: SARIF_LEVEL[rule.level],
    tags: [rule.family, rule.direction].filter((tag) => tag !== 'none'),
  }));
  const findings: SarifFinding[] = report.changes.map((change) => ({
    ruleId: change.id,
    level: SARIF_LEVEL[change.level],
    message: subject(change) + usedBy(change),
    ...placeOf(change, options),
    ...(change.operation ? { logicalLocation: operationLabel(change.operation) } : {}),
    ...(change.waived ? { suppression: change.waived.reason } : {}),
    fingerprint: createHash('sha256')
      .update([change.id, change.operation ? operationLabel(change.operation) : '', change.side, change.pointer].join('\n'))
      .digest('hex')
      .slice(0, 32),
    properties: {
      side: change.side,
      pointer: change.pointer,
      failsGate: options.fails(change),
      ...(change.consumers !== undefined ? { consumers: change.consumers } : {}),
    },
  }));
  return writeSarif({ ...options.tool, rules }, findings);
}
