import type { SchemaDiff } from '../diff/schema-types.js';
import type { ChangeTarget, OperationRef } from './change.js';
import type { Emit, Finding } from './emit.js';
import { checkSchemaComposition } from './check-schema-composition.js';
import { checkSchemaConstraints } from './check-schema-constraints.js';
import { checkSchemaEnum } from './check-schema-enum.js';
import { checkSchemaProperties } from './check-schema-properties.js';
import { SchemaWalk, type Place } from './check-schema-shared.js';
import { checkSchemaType } from './check-schema-type.js';

/** Where a schema sits: its side of the exchange, its operation, and the parameter, header or body it belongs to. */
export interface SchemaSite {
  direction: 'request' | 'response';
  operation: OperationRef;
  /** `in` is `body`, `query`, `path`, `header` or `cookie`; for a body, `name` is the JSON path (`$` for the root). */
  target: ChangeTarget;
}

/**
 * Paths one changed schema is reported at within one site. A schema shared in several places of a
 * body is reported at each (consumers match fields by path), but densely recursive schemas have
 * more paths than anyone could read, so the shortest ones stand for the rest.
 */
const MAX_PATHS_PER_DIFF = 16;

/** Field paths a change lists beside its own (`target.alsoAt`): enough to match consumers' fields by. */
const MAX_ALSO_AT = 15;

/** What makes two findings of one site the same change: rule, pointer, side and values, not the field path. */
function changeKey(id: string, pointer: string, side: string, args: NonNullable<Finding['args']>): string {
  let key = `${id}\0${pointer}\0${side}`;
  for (const name in args) key += `\0${name}=${String(args[name])}`;
  return key;
}

/** A finding recorded at a diff, its field path relative to the diff's own. */
interface Recorded {
  id: string;
  pointer: string;
  side: Finding['side'];
  /** The message values other than `field`. */
  args: NonNullable<Finding['args']>;
  /** The field path below the diff's own (`.name`), empty for the diff itself. */
  rel: string;
  key: string;
}

/** What a schema diff reports at a place: its findings, and the diffs the walk goes on to. */
interface Script {
  findings: Recorded[];
  steps: { diff: SchemaDiff; rel: string; place: Place }[];
}

/**
 * Scripts by diff and place. The rules judge a diff by its content and its place alone, never by
 * the operation or the path that led there, so each diff is judged once per place and the walks of
 * every site replay the result: a schema used by thousands of operations is not judged thousands of times.
 */
const SCRIPTS = new WeakMap<SchemaDiff, Partial<Record<Place, Script>>>();

/** Recording walks report no operation; replay supplies the site's. */
const NO_OPERATION: OperationRef = { method: '', path: '' };
const NO_TARGET: ChangeTarget = { in: 'body' };

function scriptOf(diff: SchemaDiff, place: Place): Script {
  let byPlace = SCRIPTS.get(diff);
  if (byPlace === undefined) SCRIPTS.set(diff, (byPlace = {}));
  const known = byPlace[place];
  if (known !== undefined) return known;
  const script: Script = { findings: [], steps: [] };
  const record: Emit = (finding) => {
    const { field, ...args } = finding.args ?? {};
    const rel = typeof field === 'string' ? field : '';
    script.findings.push({ id: finding.id, pointer: finding.pointer, side: finding.side, args, rel, key: changeKey(finding.id, finding.pointer, finding.side, args) });
  };
  const direction = place.startsWith('request-') ? 'request' : 'response';
  const w = new SchemaWalk(direction, NO_OPERATION, NO_TARGET, place, '', record);
  const descend = (d: SchemaDiff, to: SchemaWalk): void => {
    script.steps.push({ diff: d, rel: to.field, place: to.place });
  };
  checkSchemaType(diff, w);
  checkSchemaEnum(diff, w);
  checkSchemaConstraints(diff, w);
  checkSchemaProperties(diff, w, descend);
  checkSchemaComposition(diff, w, descend);
  if (diff.items?.modified) descend(diff.items.modified, w.into({ items: true }));
  byPlace[place] = script;
  return script;
}

/** The diffs from the root of a walk down to where it is, innermost first. */
interface Chain {
  diff: SchemaDiff;
  up: Chain | undefined;
}

/** Whether the diff is on the path to here (the walk came round a cycle). */
function onChain(chain: Chain | undefined, diff: SchemaDiff): boolean {
  for (let c = chain; c; c = c.up) if (c.diff === diff) return true;
  return false;
}

/** The place a site's root schema sits at, which picks the rule ID prefix. */
export function placeOf(site: SchemaSite): Place {
  const body = site.target.in === 'body';
  if (site.direction === 'request') {
    if (!body) return 'request-parameter';
    return !site.target.name || site.target.name === '$' ? 'request-body' : 'request-property';
  }
  if (!body) return 'response-header';
  return !site.target.name || site.target.name === '$' ? 'response-body' : 'response-property';
}

/**
 * Judges a schema diff with the schema rules, by direction: a request schema breaks clients when it
 * narrows, a response schema when it loses guarantees. Every change names the field's JSON path.
 *
 * A change met again at this site through another field path (a schema shared or inherited in
 * several places of one body) is one change: the first path, the shortest, is its `target.name`,
 * the others go to `target.alsoAt` and `target.pathCount`. An edit to a base schema that a large
 * API inherits everywhere is then one change per body, not one per field path of every subtype.
 */
export function checkSchema(diff: SchemaDiff, site: SchemaSite, emit: Emit): void {
  const body = site.target.in === 'body';
  const root = body ? (site.target.name ?? '$') : (site.target.name ?? '');
  const first = new Map<string, Finding>();
  // Breadth first, so every change is reported at least at its shortest path from the root.
  const diffs: SchemaDiff[] = [diff];
  const fields: string[] = [root];
  const places: Place[] = [placeOf(site)];
  const chains: (Chain | undefined)[] = [undefined];
  const visits = new Map<SchemaDiff, number>();
  for (let i = 0; i < diffs.length; i++) {
    const d = diffs[i]!;
    const up = chains[i];
    // A recursive schema leads back to a diff on the path here: its changes were reported there.
    if (onChain(up, d)) continue;
    const seen = visits.get(d) ?? 0;
    if (seen >= MAX_PATHS_PER_DIFF) continue;
    visits.set(d, seen + 1);
    const field = fields[i]!;
    const script = scriptOf(d, places[i]!);
    for (const r of script.findings) {
      const path = field + r.rel;
      const earlier = first.get(r.key);
      if (earlier === undefined) {
        const target: ChangeTarget = { ...site.target };
        if (body) target.name = path;
        const finding: Finding = { id: r.id, operation: site.operation, pointer: r.pointer, side: r.side, args: { field: path, ...r.args }, target };
        first.set(r.key, finding);
        emit(finding);
        continue;
      }
      // The same path again (branches of a oneOf that name one schema) adds nothing.
      const target = earlier.target!;
      if (earlier.args!.field === path || target.alsoAt?.includes(path)) continue;
      const also = (target.alsoAt ??= []);
      if (also.length < MAX_ALSO_AT) also.push(path);
      target.pathCount = (target.pathCount ?? 1) + 1;
    }
    if (script.steps.length === 0) continue;
    const chain: Chain = { diff: d, up };
    for (const step of script.steps) {
      diffs.push(step.diff);
      fields.push(field + step.rel);
      places.push(step.place);
      chains.push(chain);
    }
  }
}
