import type { SchemaDiff } from '../diff/schema-types.js';
import type { ChangeTarget, OperationRef } from './change.js';
import type { Emit } from './emit.js';
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
 */
export function checkSchema(diff: SchemaDiff, site: SchemaSite, emit: Emit): void {
  const field = site.target.in === 'body' ? (site.target.name ?? '$') : (site.target.name ?? '');
  // Breadth first, so every change is reported at least at its shortest path from the root.
  const diffs: SchemaDiff[] = [diff];
  const walks: SchemaWalk[] = [new SchemaWalk(site.direction, site.operation, site.target, placeOf(site), field, emit)];
  const visits = new Map<SchemaDiff, number>();
  const descend = (d: SchemaDiff, w: SchemaWalk): void => {
    diffs.push(d);
    walks.push(w);
  };
  for (let i = 0; i < diffs.length; i++) {
    const d = diffs[i]!;
    const from = walks[i]!;
    // A recursive schema leads back to a diff on the path here: its changes were reported there.
    if (from.leadsHere(d)) continue;
    const seen = visits.get(d) ?? 0;
    if (seen >= MAX_PATHS_PER_DIFF) continue;
    visits.set(d, seen + 1);
    const w = from.at(d);
    checkSchemaType(d, w);
    checkSchemaEnum(d, w);
    checkSchemaConstraints(d, w);
    checkSchemaProperties(d, w, descend);
    checkSchemaComposition(d, w, descend);
    if (d.items?.modified) descend(d.items.modified, w.into({ items: true }));
  }
}
