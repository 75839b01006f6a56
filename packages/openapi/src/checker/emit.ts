import type { Change, ChangeTarget, OperationRef } from './change.js';
import type { Rule } from './rule.js';
import type { ApiModel } from '../model/types.js';

/** What a check reports; the level, direction, line and message text come from the catalog and the specs. */
export interface Finding {
  id: string;
  operation: OperationRef | null;
  pointer: string;
  side: 'base' | 'revision';
  /** Values for the rule's message placeholders; strings are quoted when rendered. */
  args?: Record<string, string | number | boolean>;
  target?: ChangeTarget;
}

/** Sink that checks report findings to. */
export type Emit = (finding: Finding) => void;

/**
 * Each template split at its placeholders once: text at even indexes, placeholder names at odd
 * ones. A report renders thousands of messages from a few hundred templates.
 */
const TEMPLATE_PARTS = new Map<string, string[]>();

/** Fills `{name}` placeholders; string values are quoted so the element stands out. */
function renderMessage(template: string, args: Finding['args'] = {}): string {
  let parts = TEMPLATE_PARTS.get(template);
  if (parts === undefined) {
    // A capturing split keeps the names: `a {x} b` gives `a `, `x`, ` b`.
    parts = template.split(/\{(\w+)\}/);
    TEMPLATE_PARTS.set(template, parts);
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i]!;
    const value = args[key];
    out += value === undefined ? `{${key}}` : typeof value === 'string' ? JSON.stringify(value) : String(value);
    out += parts[i + 1]!;
  }
  return out;
}

/**
 * Turns findings into judged changes using the catalog's defaults and both specs' line maps.
 * Findings are kept until `finish`, which looks every line up in one pass per document rather
 * than one search per change.
 */
export function createCollector(
  catalog: ReadonlyMap<string, Rule>,
  base: ApiModel,
  revision: ApiModel,
): { emit: Emit; finish(): Change[] } {
  const findings: { finding: Finding; rule: Rule }[] = [];
  const emit: Emit = (finding) => {
    const rule = catalog.get(finding.id);
    if (!rule) throw new Error(`check emitted unknown rule ID ${finding.id}`);
    findings.push({ finding, rule });
  };
  const finish = (): Change[] => {
    // Changes share pointers (one field reported by several rules), so each distinct pointer is
    // looked up once, and all of one document's in one pass over its text.
    const lines = { base: new Map<string, number | undefined>(), revision: new Map<string, number | undefined>() };
    for (const side of ['base', 'revision'] as const) {
      const spec = (side === 'base' ? base : revision).spec;
      const found = lines[side];
      for (const { finding } of findings) if (finding.side === side) found.set(finding.pointer, undefined);
      const pointers = [...found.keys()];
      const at = spec.linesOf ? spec.linesOf(pointers) : pointers.map((pointer) => spec.lineOf(pointer));
      for (let i = 0; i < pointers.length; i++) found.set(pointers[i]!, at[i]);
    }
    const changes: Change[] = new Array(findings.length);
    for (let i = 0; i < findings.length; i++) {
      const { finding, rule } = findings[i]!;
      const change: Change = {
        id: rule.id,
        level: rule.level,
        direction: rule.direction,
        operation: finding.operation,
        pointer: finding.pointer,
        side: finding.side,
        message: renderMessage(rule.message, finding.args),
      };
      const line = lines[finding.side].get(finding.pointer);
      if (line !== undefined) change.line = line;
      if (finding.target) change.target = finding.target;
      changes[i] = change;
    }
    return changes;
  };
  return { emit, finish };
}
