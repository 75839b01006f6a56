import type { SchemaDiff } from '../diff/schema-types.js';
import { FIELD_PLACES, keywordPointer, keywordRules, placedRules, type SchemaWalk, show } from './check-schema-shared.js';
import type { Rule } from './rule.js';


/** Enumerations, constants and defaults. */
export const rules: Rule[] = placedRules([
  {
    suffix: 'enum-value-removed',
    family: 'enum',
    places: FIELD_PLACES,
    level: { request: 'breaking', response: 'info' },
    description: 'a value was removed from the enum of {noun}',
    message: '{where} enum value {value} was removed',
    why: { request: 'Clients that send the removed value are rejected.' },
  },
  {
    suffix: 'enum-value-added',
    family: 'enum',
    places: FIELD_PLACES,
    level: { request: 'info', response: 'warning' },
    description: 'a value was added to the enum of {noun}',
    message: '{where} enum value {value} was added',
    why: { response: 'Clients that switch over the known values may not handle the new one.' },
  },
  ...keywordRules('enum', 'enum', FIELD_PLACES, {
    added: {
      level: { request: 'breaking', response: 'info' },
      description: '{noun} that accepted any value was restricted to an enum',
      message: '{where} was restricted to the enum {to}',
      why: { request: 'Clients that send a value outside the new enum are rejected.' },
    },
    removed: {
      level: { request: 'info', response: 'warning' },
      description: 'the enum of {noun} was removed, so any value of its type may appear',
      message: '{where} enum {from} was removed',
      why: { response: 'Clients that switch over the known values may meet values they do not handle.' },
    },
  }),
  ...keywordRules('const', 'enum', FIELD_PLACES, {
    changed: {
      level: { request: 'breaking', response: 'breaking' },
      description: 'the constant value of {noun} changed',
      message: '{where} constant was changed from {from} to {to}',
      why: {
        request: 'Clients keep sending the old constant, which is no longer accepted.',
        response: 'Clients that check for the old constant no longer find it.',
      },
    },
    added: {
      level: { request: 'breaking', response: 'info' },
      description: '{noun} was fixed to a constant value',
      message: '{where} was fixed to the constant {to}',
      why: { request: 'Clients that send any other value are rejected.' },
    },
    removed: {
      level: { request: 'info', response: 'warning' },
      description: '{noun} is no longer fixed to a constant value',
      message: '{where} constant {from} was removed',
      why: { response: 'Clients that rely on the constant value may meet other values.' },
    },
  }),
  ...keywordRules('default', 'enum', FIELD_PLACES, {
    changed: {
      level: { request: 'warning', response: 'info' },
      description: 'the default value of {noun} changed',
      message: '{where} default value was changed from {from} to {to}',
      why: { request: 'Clients that leave the value out get different behaviour than before.' },
    },
    added: {
      level: { request: 'info', response: 'info' },
      description: '{noun} gained a default value',
      message: '{where} default value {to} was added',
      why: {},
    },
    removed: {
      level: { request: 'warning', response: 'info' },
      description: '{noun} lost its default value',
      message: '{where} default value {from} was removed',
      why: { request: 'Clients that leave the value out relied on the default, which the server no longer promises.' },
    },
  }),
]);

/** Reports enum, const and default changes of one schema diff. */
export function checkSchemaEnum(diff: SchemaDiff, w: SchemaWalk): void {
  const e = diff.enum;
  if (e) {
    // A whole enum appearing or going is one change; between two enums, each value is one.
    if (e.from === undefined || e.to === undefined) w.keywordChange(diff, 'enum', 'enum', e);
    else {
      for (const value of e.deleted) w.placed('enum-value-removed', keywordPointer(diff.base, 'enum'), 'base', { value: show(value) });
      for (const value of e.added) w.placed('enum-value-added', keywordPointer(diff.revision, 'enum'), 'revision', { value: show(value) });
    }
  }
  if (diff.const) w.keywordChange(diff, 'const', 'const', diff.const);
  if (diff.default) w.keywordChange(diff, 'default', 'default', diff.default);
}
