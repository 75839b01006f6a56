import type { Change, ChangeTarget, OperationRef } from './change.js';
import type { Rule } from './rule.js';
import type { LoadedSpec } from '../load/types.js';
import type { ApiModel } from '../model/types.js';

/** What a check reports; the level, direction, line and message text come from the catalog and the specs. */
export interface Finding {
  id: string;
  operation: OperationRef | null;
  pointer: string;
  side: 'base' | 'revision';
  /** Values for the rule's message placeholders; strings are quoted when rendered. */
  args?: Record<string, string | number | boolean | readonly string[]>;
  target?: ChangeTarget;
}

/** Sink that checks report findings to. */
export type Emit = (finding: Finding) => void;

/**
 * Each template split at its placeholders once: text at even indexes, placeholder names at odd
 * ones. A report renders thousands of messages from a few hundred templates.
 */
const TEMPLATE_PARTS = new Map<string, string[]>();

/** Values a message lists before it says how many more there are. */
const LISTED = 5;

/** `"a", "b" and "c"`; past five values, `"a", …, "e" and 12 more`. */
function listText(values: readonly string[]): string {
  const quoted = values.slice(0, LISTED).map((v) => JSON.stringify(v));
  const more = values.length - quoted.length;
  if (more > 0) return `${quoted.join(', ')} and ${more} more`;
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}` : (quoted[0] ?? '');
}

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
    out += value === undefined ? `{${key}}` : typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? listText(value) : String(value);
    out += parts[i + 1]!;
  }
  return out;
}

/** ` (also at 3 other paths)` for a change found at several field paths of one body, else nothing. */
function alsoAtText(target: ChangeTarget | undefined): string {
  const others = (target?.pathCount ?? 1) - 1;
  return others > 0 ? ` (also at ${others} other path${others === 1 ? '' : 's'})` : '';
}

/** ` in callback onEvent POST {$request.body#/url}` for a payload change of a callback, else nothing. */
function inCallbackText(finding: Finding): string {
  const callback = finding.target?.callback;
  return callback !== undefined && finding.id !== 'callback-removed' && finding.id !== 'callback-added' ? ` in callback ${callback}` : '';
}

/** The distinct pointers of one side's findings, numbered in order of first appearance. */
class Pointers {
  private readonly numbers = new Map<string, number>();
  private readonly list: string[] = [];

  number(pointer: string): number {
    let number = this.numbers.get(pointer);
    if (number === undefined) {
      number = this.list.length;
      this.numbers.set(pointer, number);
      this.list.push(pointer);
    }
    return number;
  }

  /** The line of each pointer, by number. */
  lines(spec: LoadedSpec): (number | undefined)[] {
    const pointers = this.list;
    return spec.linesOf ? spec.linesOf(pointers) : pointers.map((pointer) => spec.lineOf(pointer));
  }
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
  const findings: Finding[] = [];
  const rules: Rule[] = [];
  const emit: Emit = (finding) => {
    const rule = catalog.get(finding.id);
    if (!rule) throw new Error(`check emitted unknown rule ID ${finding.id}`);
    findings.push(finding);
    rules.push(rule);
  };
  const finish = (): Change[] => {
    // Changes share pointers (one field reported by several rules), so each distinct pointer is
    // looked up once, and all of one document's in one pass over its text. Each finding keeps the
    // number of its pointer in its side's list, so no pointer is hashed twice.
    const n = findings.length;
    const numbers = new Array<number>(n);
    const basePointers = new Pointers();
    const revisionPointers = new Pointers();
    for (let i = 0; i < n; i++) {
      const finding = findings[i]!;
      numbers[i] = (finding.side === 'base' ? basePointers : revisionPointers).number(finding.pointer);
    }
    const baseLines = basePointers.lines(base.spec);
    const revisionLines = revisionPointers.lines(revision.spec);
    const changes: Change[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const finding = findings[i]!;
      const rule = rules[i]!;
      const change: Change = {
        id: rule.id,
        level: rule.level,
        direction: rule.direction,
        operation: finding.operation,
        pointer: finding.pointer,
        side: finding.side,
        message: renderMessage(rule.message, finding.args) + alsoAtText(finding.target) + inCallbackText(finding),
      };
      const line = (finding.side === 'base' ? baseLines : revisionLines)[numbers[i]!];
      if (line !== undefined) change.line = line;
      if (finding.target) change.target = finding.target;
      changes[i] = change;
    }
    return changes;
  };
  return { emit, finish };
}
