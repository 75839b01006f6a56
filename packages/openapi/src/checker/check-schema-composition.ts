import type { CompositionDiff, SchemaDiff } from '../diff/schema-types.js';
import { child } from '../model/pointer.js';
import { FIELD_PLACES, keywordPointer, keywordRules, placedRules, PROPERTY_PLACES, type SchemaWalk } from './check-schema-shared.js';
import type { Descend } from './check-schema-properties.js';
import type { Rule } from './rule.js';


/** `oneOf` / `anyOf` branches, `not` and discriminators. */
export const rules: Rule[] = placedRules([
  ...(['one-of', 'any-of'] as const).flatMap((kind) => {
    const keyword = kind === 'one-of' ? 'oneOf' : 'anyOf';
    return [
      {
        suffix: `${kind}-added`,
        family: 'composition' as const,
        places: PROPERTY_PLACES,
        level: { request: 'info' as const, response: 'warning' as const },
        description: `a \`${keyword}\` branch was added to {noun}`,
        message: `{where} ${keyword} branch {branch} was added`,
        why: { response: 'Clients that handle each known shape may meet a shape they do not handle.' },
      },
      {
        suffix: `${kind}-removed`,
        family: 'composition' as const,
        places: PROPERTY_PLACES,
        level: { request: 'breaking' as const, response: 'info' as const },
        description: `a \`${keyword}\` branch was removed from {noun}`,
        message: `{where} ${keyword} branch {branch} was removed`,
        why: { request: 'Clients that send values of the removed shape are rejected.' },
      },
    ];
  }),
  ...keywordRules('not', 'composition', FIELD_PLACES, {
    added: {
      level: { request: 'breaking', response: 'info' },
      description: '{noun} gained a `not` schema that excludes values',
      message: '{where} now excludes values matching a not schema',
      why: { request: 'Values clients send that match the new `not` schema are rejected.' },
    },
    removed: {
      level: { request: 'info', response: 'warning' },
      description: 'the `not` schema of {noun} was removed, so values it excluded are allowed',
      message: '{where} no longer excludes values matching a not schema',
      why: { response: 'Clients that rely on the excluded values never appearing may meet them.' },
    },
    changed: {
      level: { request: 'breaking', response: 'warning' },
      description: 'the `not` schema of {noun} changed, so a different set of values is excluded',
      message: '{where} not schema was changed',
      why: {
        request: 'Values clients send that the new `not` schema excludes are rejected.',
        response: 'Clients that rely on the old excluded values never appearing may meet them.',
      },
    },
  }),
  {
    suffix: 'discriminator-property-changed',
    family: 'composition',
    places: PROPERTY_PLACES,
    level: { request: 'breaking', response: 'breaking' },
    description: 'the discriminator property of {noun} was changed, added or removed',
    message: '{where} discriminator property was changed from {from} to {to}',
    why: {
      request: 'The server picks the shape by a different property than the one clients set.',
      response: 'Clients pick the shape by a property the server no longer sets as discriminator.',
    },
  },
  {
    suffix: 'discriminator-mapping-added',
    family: 'composition',
    places: PROPERTY_PLACES,
    level: { request: 'info', response: 'warning' },
    description: 'discriminator values were added to the mapping of {noun}',
    message: '{where} discriminator mapping gained {values}',
    why: { response: 'Clients that dispatch on the discriminator may meet a value they do not know.' },
  },
  {
    suffix: 'discriminator-mapping-removed',
    family: 'composition',
    places: PROPERTY_PLACES,
    level: { request: 'breaking', response: 'info' },
    description: 'discriminator values were removed from the mapping of {noun}',
    message: '{where} discriminator mapping lost {values}',
    why: { request: 'Clients that send the removed discriminator value are rejected.' },
  },
  {
    suffix: 'discriminator-mapping-changed',
    family: 'composition',
    places: PROPERTY_PLACES,
    level: { request: 'breaking', response: 'breaking' },
    description: 'a discriminator value of {noun} now maps to a different schema',
    message: '{where} discriminator mapping {value} was changed from {from} to {to}',
    why: {
      request: 'Clients send the value with the old shape, which is now read as a different one.',
      response: 'Clients read the value with the old shape while the server sends another.',
    },
  },
]);

/** How a branch is named in messages: its `$ref`, else its title, else its position. */
function branchName(node: Record<string, unknown>, pointer: string): string {
  if (typeof node.$ref === 'string') return node.$ref;
  if (typeof node.title === 'string') return node.title;
  return `#${pointer.slice(pointer.lastIndexOf('/') + 1)}`;
}

/** Branches of one `oneOf` or `anyOf` added or removed, and changes inside matched ones. */
function checkBranches(c: CompositionDiff, kind: 'one-of' | 'any-of', w: SchemaWalk, descend: Descend): void {
  for (const branch of c.deleted) w.placed(`${kind}-removed`, branch.pointer, 'base', { branch: branchName(branch.node, branch.pointer) });
  for (const branch of c.added) w.placed(`${kind}-added`, branch.pointer, 'revision', { branch: branchName(branch.node, branch.pointer) });
  // A branch describes the same value, so its changes keep the field's path.
  for (let i = 0; i < c.modified.length; i++) descend(c.modified[i]!.diff, w);
}

/** Reports branch, `not` and discriminator changes of one schema diff and descends into matched branches. */
export function checkSchemaComposition(diff: SchemaDiff, w: SchemaWalk, descend: Descend): void {
  if (diff.oneOf) checkBranches(diff.oneOf, 'one-of', w, descend);
  if (diff.anyOf) checkBranches(diff.anyOf, 'any-of', w, descend);
  // The excluded set grows or shrinks with the `not` schema, so a change inside it is judged as one change, not descended into.
  if (diff.not) w.keywordChange(diff, 'not', 'not', diff.not, false);
  const d = diff.discriminator;
  if (!d) return;
  const at = keywordPointer(diff.revision, 'discriminator');
  if (d.propertyName) {
    w.placed('discriminator-property-changed', at, 'revision', { from: d.propertyName.from ?? 'none', to: d.propertyName.to ?? 'none' });
  }
  if (d.mapping) {
    const disc = (side: 'base' | 'revision'): string | undefined => {
      const at = keywordPointer(diff[side], 'discriminator');
      return at === diff[side].pointer ? undefined : at;
    };
    // The values added or removed at once are one change: a base schema's mapping lists every
    // subtype of a large API, and one release may add hundreds of them.
    const gained = (side: 'base' | 'revision', values: string[]): string => {
      const at = disc(side);
      if (at === undefined) return diff[side].pointer;
      return values.length === 1 ? child(at, 'mapping', values[0]!) : child(at, 'mapping');
    };
    const lost = Object.keys(d.mapping.deleted);
    if (lost.length > 0) w.placed('discriminator-mapping-removed', gained('base', lost), 'base', { values: lost });
    const added = Object.keys(d.mapping.added);
    if (added.length > 0) w.placed('discriminator-mapping-added', gained('revision', added), 'revision', { values: added });
    for (const [value, m] of Object.entries(d.mapping.modified)) {
      const at = disc('revision');
      w.placed('discriminator-mapping-changed', at === undefined ? diff.revision.pointer : child(at, 'mapping', value), 'revision', { value, from: m.from, to: m.to });
    }
  }
}
