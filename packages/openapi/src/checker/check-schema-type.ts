import type { SchemaDiff } from '../diff/schema-types.js';
import { BODY_PLACES, FIELD_PLACES, keywordPointer, keywordRules, placedRules, PLACES, type SchemaWalk } from './check-schema-shared.js';
import type { Rule } from './rule.js';

/** Body schemas, and response headers, whose value may be null; a null request parameter has no common serialisation. */
const NULLABLE = [...BODY_PLACES, 'response-header'] as const;

/** Type, nullability and format of a schema, at every place a schema can sit. */
export const rules: Rule[] = placedRules([
  {
    suffix: 'type-changed',
    family: 'type',
    places: PLACES,
    level: { request: 'breaking', response: 'breaking' },
    description: 'the type of {noun} changed in a way that drops values the other side relied on',
    message: '{where} type was changed from {from} to {to}',
    why: {
      request: 'Clients keep sending values of the old type, which the server no longer accepts.',
      response: 'Clients parse the value as the old type and fail on values of the new one.',
    },
  },
  {
    suffix: 'type-widened',
    family: 'type',
    places: PLACES,
    level: { request: 'info' },
    description: 'the type of {noun} was widened so that it accepts more values',
    message: '{where} type was widened from {from} to {to}',
    why: {},
  },
  {
    suffix: 'type-narrowed',
    family: 'type',
    places: PLACES,
    level: { response: 'info' },
    description: 'the type of {noun} was narrowed so that it returns fewer kinds of values',
    message: '{where} type was narrowed from {from} to {to}',
    why: {},
  },
  {
    suffix: 'became-nullable',
    family: 'type',
    places: NULLABLE,
    level: { request: 'info', response: 'breaking' },
    description: '{noun} now allows null',
    message: '{where} became nullable',
    why: { response: 'Clients that read the value without a null check fail when null arrives.' },
  },
  {
    suffix: 'became-not-nullable',
    family: 'type',
    places: NULLABLE,
    level: { request: 'breaking', response: 'info' },
    description: '{noun} no longer allows null',
    message: '{where} became not nullable',
    why: { request: 'Clients that send null are now rejected.' },
  },
  ...keywordRules('format', 'type', FIELD_PLACES, {
    added: {
      level: { request: 'breaking', response: 'info' },
      description: '{noun} gained a format where it had none',
      message: '{where} format {to} was added',
      why: { request: 'Values clients send that do not match the new format are rejected.' },
    },
    removed: {
      level: { request: 'info', response: 'warning' },
      description: '{noun} lost its format',
      message: '{where} format {from} was removed',
      why: { response: 'Clients that parse the value by its format (dates, UUIDs, numbers of a width) can meet values they cannot parse.' },
    },
    changed: {
      level: { request: 'breaking', response: 'breaking' },
      description: 'the format of {noun} changed',
      message: '{where} format was changed from {from} to {to}',
      why: {
        request: 'Values in the old format that clients send may no longer be accepted.',
        response: 'Clients parse the value by its old format and fail on the new one.',
      },
    },
  }),
]);

/**
 * Whether every value of types `a` is a value of types `b` (`[]` is any type; integers are numbers).
 * `null` stands in a list only for a schema that accepts nothing else; `nullKept` says whether the
 * other side accepts null too (nullability did not change).
 */
function within(a: string[], b: string[], nullKept: boolean): boolean {
  if (b.length === 0) return true;
  if (a.length === 0) return false;
  return a.every((t) => b.includes(t) || (t === 'integer' && b.includes('number')) || (t === 'null' && nullKept));
}

function typeText(types: string[]): string {
  return types.length === 0 ? 'any' : types.join(' | ');
}

/** Reports type, nullability and format changes of one schema diff. */
export function checkSchemaType(diff: SchemaDiff, w: SchemaWalk): void {
  const at = keywordPointer(diff.revision, 'type');
  if (diff.type) {
    const { from, to } = diff.type;
    const args = { from: typeText(from), to: typeText(to) };
    const nullKept = diff.nullable === undefined;
    if (w.isRequest) w.placed(within(from, to, nullKept) ? 'type-widened' : 'type-changed', at, 'revision', args);
    else w.placed(within(to, from, nullKept) ? 'type-narrowed' : 'type-changed', at, 'revision', args);
  }
  if (diff.nullable) {
    w.placed(diff.nullable.to ? 'became-nullable' : 'became-not-nullable', at, 'revision');
  }
  if (diff.format) w.keywordChange(diff, 'format', 'format', diff.format);
}
