import type { Change, Level, OperationRef } from '../checker/change.js';
import type { Rule } from '../checker/rule.js';
import { RULES_BY_ID } from '../checker/rules.js';
import { FAIL_ON_MODES } from '../policy/fail-on.js';
import type { GatePredicate } from '../policy/fail-on.js';
import type { AffectedConsumer, DiffReport, ReportedChange } from './types.js';

/** Options shared by the diff writers. */
export interface DiffRenderOptions {
  /** Whether a change fails the gate; `--fail-on breaking` by default. */
  fails?: GatePredicate;
  /** The `--fail-on` value, for display. */
  failOn?: string;
  /**
   * Paths of the two documents relative to the repository root, for annotations and SARIF;
   * defaults to the sources as named in the report.
   */
  files?: { base?: string; revision?: string };
  /**
   * `github` and `sarif`, when both documents are one file at two revisions (`files` equal): the
   * line in the revision of the nearest ancestor of a base-only pointer, where its change is
   * annotated, since a pull request shows the head's file only.
   */
  removedAt?: (pointer: string) => number | undefined;
  /**
   * Markdown only: web addresses of the two documents' lines (e.g. GitHub blob URLs ending in
   * `#L12`), so a step summary links every change to its line. Absent sides are not linked.
   */
  lineUrls?: { base?: (line: number) => string; revision?: (line: number) => string };
  /** ANSI colour in text output. */
  color?: boolean;
  /** Rule catalog for the why texts and SARIF's rules; the built-in one by default. */
  catalog?: ReadonlyMap<string, Rule>;
  /** Markdown only: the length after which operations are left out (with a note); 60,000 by default. */
  maxLength?: number;
  /** Tool name and version for SARIF and JUnit. */
  tool?: { name: string; version: string; informationUri?: string };
  /**
   * Set when the changes carry the consumers that use them (`--registry URL --service A`): the
   * provider's name and the version whose usage was read. Writers then say who each change affects.
   */
  consumers?: { service: string; version: string | null };
}

/** Options with their defaults filled in. */
export interface ResolvedRenderOptions {
  fails: GatePredicate;
  failOn: string;
  files: { base: string; revision: string };
  removedAt?: (pointer: string) => number | undefined;
  color: boolean;
  catalog: ReadonlyMap<string, Rule>;
  tool: { name: string; version: string; informationUri?: string };
  consumers?: { service: string; version: string | null };
}

/** Fills in the defaults of the render options for a report. */
export function resolveRenderOptions(report: DiffReport, options: DiffRenderOptions = {}): ResolvedRenderOptions {
  const fails = options.fails ?? FAIL_ON_MODES.breaking;
  return {
    fails: (change) => !change.waived && fails(change),
    failOn: options.failOn ?? 'breaking',
    files: {
      base: options.files?.base ?? report.base.source,
      revision: options.files?.revision ?? report.revision.source,
    },
    ...(options.removedAt ? { removedAt: options.removedAt } : {}),
    color: options.color ?? false,
    catalog: options.catalog ?? RULES_BY_ID,
    tool: options.tool ?? { name: 'rollgate', version: '0.0.0' },
    ...(options.consumers ? { consumers: options.consumers } : {}),
  };
}

/** Changes that concern one operation (or none: document-wide changes). */
export interface OperationGroup {
  operation: OperationRef | null;
  changes: Change[];
}

const METHOD_ORDER = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];
const LEVEL_ORDER: Record<Level, number> = { breaking: 0, warning: 1, info: 2 };

/** `GET /books/{bookId}`. */
export function operationLabel(operation: OperationRef): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

/** Orders changes by severity, keeping the checker's order within a level. */
export function bySeverity(changes: readonly Change[]): Change[] {
  return [...changes].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
}

function compareOperations(a: OperationRef, b: OperationRef): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  const ma = METHOD_ORDER.indexOf(a.method.toUpperCase());
  const mb = METHOD_ORDER.indexOf(b.method.toUpperCase());
  return ma - mb || (a.method < b.method ? -1 : a.method > b.method ? 1 : 0);
}

/**
 * Groups changes by operation: operations sorted by path then method, changes within one by
 * severity; document-wide changes (no operation) come last.
 */
export function groupByOperation(changes: readonly Change[]): OperationGroup[] {
  const groups = new Map<string, OperationGroup>();
  for (const change of changes) {
    const key = change.operation ? operationLabel(change.operation) : '';
    let group = groups.get(key);
    if (!group) {
      group = { operation: change.operation, changes: [] };
      groups.set(key, group);
    }
    group.changes.push(change);
  }
  return [...groups.values()]
    .sort((a, b) => {
      if (!a.operation || !b.operation) return a.operation ? -1 : b.operation ? 1 : 0;
      return compareOperations(a.operation, b.operation);
    })
    .map((group) => ({ operation: group.operation, changes: bySeverity(group.changes) }));
}

/** The rules behind non-info changes, in first-seen order, with their "why" texts. */
export function explainedRules(changes: readonly Change[], catalog: ReadonlyMap<string, Rule>): Rule[] {
  const seen = new Map<string, Rule>();
  for (const change of bySeverity(changes)) {
    if (change.level === 'info' || seen.has(change.id)) continue;
    const rule = catalog.get(change.id);
    if (rule?.why) seen.set(change.id, rule);
  }
  return [...seen.values()];
}

/**
 * Makes text from a spec safe to print on a terminal: control characters (C0, DEL, C1, which
 * include the escape sequences a hostile document could use to rewrite the screen) become
 * visible `\u` escapes.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `B 2.0.0 [production, staging]`, or with `round` brackets `B 2.0.0 (production)`; a version
 * deployed nowhere says so, since it may still be about to be.
 */
export function consumerLabel(consumer: AffectedConsumer, brackets: 'square' | 'round' = 'square'): string {
  const [open, close] = brackets === 'square' ? ['[', ']'] : ['(', ')'];
  return `${consumer.service} ${consumer.version} ${open}${consumer.environments.join(', ') || 'not deployed'}${close}`;
}

/** The consumers a change affects, as labels; empty when none does or the change was not looked up. */
export function consumerLabels(change: ReportedChange, brackets: 'square' | 'round' = 'square'): string[] {
  return (change.consumers ?? []).map((consumer) => consumerLabel(consumer, brackets));
}

/**
 * The breaking changes (not waived) that some consumer uses, and those consumers once each, in
 * first-seen order: what a reviewer needs to know first in a consumer-aware report.
 */
export function breakingInUseSummary(changes: readonly ReportedChange[]): { changes: number; consumers: AffectedConsumer[] } {
  const seen = new Map<string, AffectedConsumer>();
  let count = 0;
  for (const change of changes) {
    if (change.waived || change.level !== 'breaking' || !change.consumers?.length) continue;
    count += 1;
    for (const consumer of change.consumers) {
      const key = `${consumer.service}\u0000${consumer.version}`;
      if (!seen.has(key)) seen.set(key, consumer);
    }
  }
  return { changes: count, consumers: [...seen.values()] };
}

/** `2 breaking changes`, `1 warning`: a count with its noun. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** The gate verdict and its reason, e.g. `1 change fails --fail-on breaking`. */
export function gateVerdict(report: DiffReport, options: ResolvedRenderOptions): { failed: boolean; text: string } {
  const failing = report.changes.filter(options.fails).length;
  return failing > 0
    ? { failed: true, text: `${plural(failing, 'change')} ${failing === 1 ? 'fails' : 'fail'} --fail-on ${options.failOn}` }
    : { failed: false, text: `no change fails --fail-on ${options.failOn}` };
}

/** One sentence on the semver verdict. */
export function semverSentence(report: DiffReport): string {
  const { required, declared, ok } = report.semver;
  const versions = `${report.base.version} to ${report.revision.version}`;
  const declaredText =
    declared === 'invalid'
      ? `info.version ${versions} is not an upward semver step`
      : declared === 'none'
        ? `info.version stayed ${report.revision.version}`
        : `info.version ${versions} is a ${declared} bump`;
  if (required === 'none') return `no change calls for a version bump; ${declaredText}.`;
  // Under 0.x the bump is a place lower than readers expect, so the sentence says why.
  if (report.semver.initialDevelopment) {
    const why = ` (${report.base.version} is 0.x: breaking changes call for a minor bump, others for a patch)`;
    return ok
      ? `the changes call for a ${required} bump${why}; ${declaredText}.`
      : `the changes call for a ${required} bump${why}, but ${declaredText}${declared === 'invalid' ? '' : ', which is too small'}.`;
  }
  if (ok) return `the changes call for a ${required} bump; ${declaredText}.`;
  return `the changes call for a ${required} bump, but ${declaredText}${declared === 'invalid' ? '' : ', which is too small'}.`;
}
