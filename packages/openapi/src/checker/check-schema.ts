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
  walk(diff, new SchemaWalk(site.direction, site.operation, site.target, placeOf(site), field, emit, new Set()));
}

function walk(diff: SchemaDiff, w: SchemaWalk): void {
  // A recursive schema leads back to a diff on the current path: its changes were reported there.
  if (w.onPath.has(diff)) return;
  w.onPath.add(diff);
  checkSchemaType(diff, w);
  checkSchemaEnum(diff, w);
  checkSchemaConstraints(diff, w);
  checkSchemaProperties(diff, w, walk);
  checkSchemaComposition(diff, w, walk);
  if (diff.items?.modified) walk(diff.items.modified, w.into({ items: true }));
  w.onPath.delete(diff);
}
