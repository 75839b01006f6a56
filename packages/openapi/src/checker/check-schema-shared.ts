import { child } from '../model/pointer.js';
import type { SchemaHandle } from '../model/types.js';
import type { SchemaDiff } from '../diff/schema-types.js';
import type { ChangeTarget, Level, OperationRef } from './change.js';
import type { Emit, Finding } from './emit.js';
import type { Rule, RuleFamily } from './rule.js';

/**
 * Where a schema sits, which decides the rule ID prefix: the root of a body, a field inside a body,
 * a request parameter, or a response header. The catalog has distinct IDs per place.
 */
export type Place =
  | 'request-body'
  | 'request-property'
  | 'request-parameter'
  | 'response-body'
  | 'response-property'
  | 'response-header';

/** Every place, request side first. */
export const PLACES: readonly Place[] = [
  'request-body',
  'request-property',
  'request-parameter',
  'response-body',
  'response-property',
  'response-header',
];

/** Places of a value inside a body, a parameter or a header: where enums, formats and limits apply. */
export const FIELD_PLACES: readonly Place[] = ['request-property', 'request-parameter', 'response-property', 'response-header'];

/** Places of a schema in a body, root or nested: where objects and their properties are judged. */
export const BODY_PLACES: readonly Place[] = ['request-body', 'request-property', 'response-body', 'response-property'];

/** Places of a schema nested in a body; a body root without its own ID reports under these. */
export const PROPERTY_PLACES: readonly Place[] = ['request-property', 'response-property'];

/** The element a place names in messages; `{field}` is the parameter or header name or the JSON path. */
const PHRASES: Record<Place, string> = {
  'request-body': 'request body',
  'request-property': 'request property {field}',
  'request-parameter': 'request parameter {field}',
  'response-body': 'response body',
  'response-property': 'response property {field}',
  'response-header': 'response header {field}',
};

const NOUNS: Record<Place, string> = {
  'request-body': 'a request body',
  'request-property': 'a property in a request body',
  'request-parameter': 'a request parameter',
  'response-body': 'a response body',
  'response-property': 'a property in a response body',
  'response-header': 'a response header',
};

/** True for places on the request side. */
function isRequestPlace(place: Place): boolean {
  return place.startsWith('request-');
}

/**
 * One schema rule stated once for several places. `level` and `why` are per side; a side without a
 * level has no rule. `description` and `message` use `{where}` for the place's phrase (`request
 * property {field}`) and `{noun}` for its noun (`a property in a request body`).
 */
export interface PlacedRuleSpec {
  suffix: string;
  family: RuleFamily;
  places: readonly Place[];
  level: { request?: Level; response?: Level };
  description: string;
  message: string;
  why: { request?: string; response?: string };
}

/** One of a keyword's rules: its levels and texts; the keyword's family and places are shared. */
export type KeywordRuleText = Pick<PlacedRuleSpec, 'level' | 'description' | 'message' | 'why'>;

/**
 * The rules `<name>-added`, `<name>-removed` and `<name>-changed` of one keyword, the IDs that
 * `SchemaWalk.keywordChange` reports; they share their family and places. Rules keep the order given.
 */
export function keywordRules(
  name: string,
  family: RuleFamily,
  places: readonly Place[],
  variants: Partial<Record<'added' | 'removed' | 'changed', KeywordRuleText>>,
): PlacedRuleSpec[] {
  return Object.entries(variants).map(([how, text]) => ({ suffix: `${name}-${how}`, family, places, ...text }));
}

/** Places that have their own ID, by suffix; body roots without one use the property ID. */
const placesBySuffix = new Map<string, Set<Place>>();

/** Expands placed specs into catalog rows, one per place whose side has a level. */
export function placedRules(specs: readonly PlacedRuleSpec[]): Rule[] {
  const rules: Rule[] = [];
  for (const spec of specs) {
    let places = placesBySuffix.get(spec.suffix);
    if (!places) placesBySuffix.set(spec.suffix, (places = new Set()));
    for (const place of spec.places) {
      const side = isRequestPlace(place) ? 'request' : 'response';
      const level = spec.level[side];
      if (!level) continue;
      places.add(place);
      const fill = (text: string): string =>
        text.replaceAll('{where}', PHRASES[place]).replaceAll('{noun}', NOUNS[place]);
      rules.push({
        id: `${place}-${spec.suffix}`,
        level,
        direction: side,
        family: spec.family,
        description: fill(spec.description).replace(/^./, (c) => c.toUpperCase()),
        message: fill(spec.message),
        why: spec.why[side] ?? '',
      });
    }
  }
  return rules;
}

/** The rule ID for a suffix at a place: body roots fall back to the property ID when they have none of their own. */
function placedId(place: Place, suffix: string): string | undefined {
  const places = placesBySuffix.get(suffix);
  if (!places) return undefined;
  if (places.has(place)) return `${place}-${suffix}`;
  if (place === 'request-body' && places.has('request-property')) return `request-property-${suffix}`;
  if (place === 'response-body' && places.has('response-property')) return `response-property-${suffix}`;
  return undefined;
}

/** Renders a value for a message: strings and numbers as they are, everything else as JSON. */
export function show(value: unknown): string | number | boolean {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value) ?? 'undefined';
}

/** The pointer of a keyword in a schema when it is written there, else the schema's own pointer. */
export function keywordPointer(handle: SchemaHandle, keyword: string): string {
  return handle.node[keyword] !== undefined ? child(handle.pointer, keyword) : handle.pointer;
}

/** JSON path segments of property names (`.name`, `["a-b"]`): the same names recur across a document. */
const SEGMENTS = new Map<string, string>();

/**
 * Where the rules stand in a schema diff: the side of the exchange, the place (which picks rule
 * IDs) and the JSON path, and the sink findings go to. `checkSchema` records each diff's findings
 * once with paths relative to it, and replays them for every site and path that reaches it.
 */
export class SchemaWalk {
  constructor(
    readonly direction: 'request' | 'response',
    readonly operation: OperationRef,
    readonly target: ChangeTarget,
    readonly place: Place,
    /** JSON path of the field for bodies (`$.items[*].name`), the parameter or header name otherwise. */
    readonly field: string,
    private readonly sink: Emit,
  ) {}

  get isRequest(): boolean {
    return this.direction === 'request';
  }

  /** The walk one level down: a property, array items (`[*]`) or map values (`*`). */
  into(step: { property: string } | { items: true } | { values: true }): SchemaWalk {
    if ('property' in step) return this.intoProperty(step.property);
    return this.down('items' in step ? '[*]' : '.*');
  }

  /** The walk into a property: `into({ property })` without the step object. */
  intoProperty(name: string): SchemaWalk {
    let segment = SEGMENTS.get(name);
    if (segment === undefined) {
      segment = /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
      SEGMENTS.set(name, segment);
    }
    return this.down(segment);
  }

  private down(segment: string): SchemaWalk {
    const place: Place =
      this.place === 'request-body' ? 'request-property' : this.place === 'response-body' ? 'response-property' : this.place;
    return new SchemaWalk(this.direction, this.operation, this.target, place, this.field + segment, this.sink);
  }

  /**
   * Reports a keyword that appeared, disappeared or changed as the placed rule `<name>-added`,
   * `<name>-removed` or `<name>-changed`, pointing into the revision, the base (for a removal) or
   * the revision. With `values`, the message gets the old and new values as `{from}` and `{to}`.
   */
  keywordChange(diff: SchemaDiff, keyword: string, name: string, change: { from: unknown; to: unknown }, values = true): void {
    if (change.from === undefined) {
      this.placed(`${name}-added`, keywordPointer(diff.revision, keyword), 'revision', values ? { to: show(change.to) } : {});
    } else if (change.to === undefined) {
      this.placed(`${name}-removed`, keywordPointer(diff.base, keyword), 'base', values ? { from: show(change.from) } : {});
    } else {
      this.placed(`${name}-changed`, keywordPointer(diff.revision, keyword), 'revision', values ? { from: show(change.from), to: show(change.to) } : {});
    }
  }

  /** Reports a placed rule (`max-decreased` at this place) when the catalog has it here. */
  placed(suffix: string, pointer: string, side: Finding['side'], args: Finding['args'] = {}): void {
    const id = placedId(this.place, suffix);
    if (id) this.report(id, pointer, side, args);
  }

  /** Reports a rule by its full ID. */
  report(id: string, pointer: string, side: Finding['side'], args: Finding['args'] = {}): void {
    const target: ChangeTarget = { ...this.target };
    if (this.target.in === 'body') target.name = this.field;
    this.sink({ id, operation: this.operation, pointer, side, args: { field: this.field, ...args }, target });
  }
}
