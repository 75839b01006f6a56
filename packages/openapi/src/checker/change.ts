/** Severity of a change, ordered: breaking > warning > info. */
export type Level = 'breaking' | 'warning' | 'info';

/** Levels from most to least severe; index order is the severity order. */
export const LEVELS: readonly Level[] = ['breaking', 'warning', 'info'];

/** Which side of the exchange a rule is about. */
export type Direction = 'request' | 'response' | 'none';

/** An operation as clients see it: method in upper case and the path template of the revision (or base, for removals). */
export interface OperationRef {
  method: string;
  path: string;
}

/**
 * Where inside an operation a change sits, precise enough to match a consumer's recorded usage:
 * a parameter by location and name, or a body field by JSON path (`$.items[*].name`).
 */
export interface ChangeTarget {
  in: 'path' | 'query' | 'header' | 'cookie' | 'body' | 'security' | 'operation';
  /** Parameter or header name, or JSON path of a body field (`$` is the body itself). */
  name?: string;
  /** Response status code (`200`, `4XX`, `default`) for response-side changes. */
  status?: string;
  mediaType?: string;
  /**
   * Other field paths the same change shows at in this body, parameter or header (a schema used in
   * several places of it), shortest first and at most 15. `name` is the shortest of all.
   */
  alsoAt?: string[];
  /** How many field paths the change was found at, `name` included; set with `alsoAt`. */
  pathCount?: number;
  /** For a change in one of the operation's callbacks: its name, method and URL expression. */
  callback?: string;
}

/** A judged change: what the JSON output's `changes[]` holds. Field names are a public contract. */
export interface Change {
  /** Rule ID, kebab-case, frozen once released. */
  id: string;
  level: Level;
  direction: Direction;
  operation: OperationRef | null;
  /** JSON pointer into the document named by `side`. */
  pointer: string;
  /** `base` for removals (the element exists only there), otherwise `revision`. */
  side: 'base' | 'revision';
  /** 1-based line of `pointer` in that side's file, when known. */
  line?: number;
  /** Past-tense sentence quoting the element, e.g. `response property "name" was removed`. */
  message: string;
  target?: ChangeTarget;
  /** Set when a waiver from the config matched; a waived change never fails the gate. */
  waived?: { reason: string; until?: string };
}
