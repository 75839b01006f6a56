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

/** Fills `{name}` placeholders; string values are quoted so the element stands out. */
export function renderMessage(template: string, args: Finding['args'] = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = args[key];
    if (value === undefined) return whole;
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  });
}

/** Turns findings into judged changes using the catalog's defaults and both specs' line maps. */
export function createCollector(
  catalog: ReadonlyMap<string, Rule>,
  base: ApiModel,
  revision: ApiModel,
): { emit: Emit; changes: Change[] } {
  const changes: Change[] = [];
  const emit: Emit = (finding) => {
    const rule = catalog.get(finding.id);
    if (!rule) throw new Error(`check emitted unknown rule ID ${finding.id}`);
    const spec = finding.side === 'base' ? base.spec : revision.spec;
    const change: Change = {
      id: rule.id,
      level: rule.level,
      direction: rule.direction,
      operation: finding.operation,
      pointer: finding.pointer,
      side: finding.side,
      message: renderMessage(rule.message, finding.args),
    };
    const line = spec.lineOf(finding.pointer);
    if (line !== undefined) change.line = line;
    if (finding.target) change.target = finding.target;
    changes.push(change);
  };
  return { emit, changes };
}
