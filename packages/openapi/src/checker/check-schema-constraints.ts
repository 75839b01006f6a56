import type { Bound, SchemaDiff, ValueChange } from '../diff/schema-types.js';
import { FIELD_PLACES, keywordPointer, keywordRules, type Place, placedRules, type PlacedRuleSpec, PROPERTY_PLACES, type SchemaWalk } from './check-schema-shared.js';
import type { Rule } from './rule.js';


/** A limit that can be tightened or loosened; `tighter` names the rule suffix of the narrowing direction. */
interface LimitSpec {
  keyword: string;
  /** Words for messages (`maximum`, `maximum length`). */
  words: string;
  tighter: string;
  looser: string;
  tighterVerb: string;
  looserVerb: string;
  places: readonly Place[];
}

const LIMITS: readonly LimitSpec[] = [
  { keyword: 'maximum', words: 'maximum', tighter: 'max-decreased', looser: 'max-increased', tighterVerb: 'decreased', looserVerb: 'increased', places: FIELD_PLACES },
  { keyword: 'minimum', words: 'minimum', tighter: 'min-increased', looser: 'min-decreased', tighterVerb: 'increased', looserVerb: 'decreased', places: FIELD_PLACES },
  { keyword: 'maxLength', words: 'maximum length', tighter: 'max-length-decreased', looser: 'max-length-increased', tighterVerb: 'decreased', looserVerb: 'increased', places: FIELD_PLACES },
  { keyword: 'minLength', words: 'minimum length', tighter: 'min-length-increased', looser: 'min-length-decreased', tighterVerb: 'increased', looserVerb: 'decreased', places: FIELD_PLACES },
  { keyword: 'maxItems', words: 'maximum number of items', tighter: 'max-items-decreased', looser: 'max-items-increased', tighterVerb: 'decreased', looserVerb: 'increased', places: FIELD_PLACES },
  { keyword: 'minItems', words: 'minimum number of items', tighter: 'min-items-increased', looser: 'min-items-decreased', tighterVerb: 'increased', looserVerb: 'decreased', places: FIELD_PLACES },
  { keyword: 'maxProperties', words: 'maximum number of properties', tighter: 'max-properties-decreased', looser: 'max-properties-increased', tighterVerb: 'decreased', looserVerb: 'increased', places: PROPERTY_PLACES },
  { keyword: 'minProperties', words: 'minimum number of properties', tighter: 'min-properties-increased', looser: 'min-properties-decreased', tighterVerb: 'increased', looserVerb: 'decreased', places: PROPERTY_PLACES },
];

function limitRules(limit: LimitSpec): PlacedRuleSpec[] {
  return [
    {
      suffix: limit.tighter,
      family: 'constraints',
      places: limit.places,
      level: { request: 'breaking', response: 'info' },
      description: `the ${limit.words} of {noun} was ${limit.tighterVerb} or newly set, narrowing the values allowed`,
      message: `{where} ${limit.words} was ${limit.tighterVerb} from {from} to {to}`,
      why: { request: `Values clients send that fit the old ${limit.words} but not the new one are rejected.` },
    },
    {
      suffix: limit.looser,
      family: 'constraints',
      places: limit.places,
      level: { request: 'info', response: 'warning' },
      description: `the ${limit.words} of {noun} was ${limit.looserVerb} or removed, widening the values allowed`,
      message: `{where} ${limit.words} was ${limit.looserVerb} from {from} to {to}`,
      why: { response: `Clients that size buffers or validate by the old ${limit.words} may meet values beyond it.` },
    },
  ];
}

/** Numeric, length, item-count and property-count limits, patterns, `multipleOf`, `items` and `uniqueItems`. */
export const rules: Rule[] = placedRules([
  ...LIMITS.flatMap(limitRules),
  ...keywordRules('pattern', 'constraints', FIELD_PLACES, {
    added: {
      level: { request: 'breaking', response: 'info' },
      description: '{noun} gained a pattern it must match',
      message: '{where} pattern {to} was added',
      why: { request: 'Values clients send that do not match the new pattern are rejected.' },
    },
    removed: {
      level: { request: 'info', response: 'warning' },
      description: 'the pattern of {noun} was removed',
      message: '{where} pattern {from} was removed',
      why: { response: 'Clients that rely on values matching the pattern may meet values that do not.' },
    },
    changed: {
      level: { request: 'breaking', response: 'warning' },
      description: 'the pattern of {noun} changed',
      message: '{where} pattern was changed from {from} to {to}',
      why: {
        request: 'Values clients send that matched the old pattern may not match the new one.',
        response: 'Clients that rely on values matching the old pattern may meet values that do not.',
      },
    },
  }),
  {
    suffix: 'multiple-of-changed',
    family: 'constraints',
    places: FIELD_PLACES,
    level: { request: 'breaking', response: 'warning' },
    description: 'the `multipleOf` of {noun} changed in a way that does not keep every value valid',
    message: '{where} multipleOf was changed from {from} to {to}',
    why: {
      request: 'Values clients send that were multiples of the old number may not be multiples of the new one.',
      response: 'Clients that rely on values being multiples of the old number may meet values that are not.',
    },
  },
  {
    suffix: 'multiple-of-widened',
    family: 'constraints',
    places: FIELD_PLACES,
    level: { request: 'info' },
    description: 'the `multipleOf` of {noun} was loosened or removed, so that every value allowed before still is',
    message: '{where} multipleOf was widened from {from} to {to}',
    why: {},
  },
  {
    suffix: 'multiple-of-narrowed',
    family: 'constraints',
    places: FIELD_PLACES,
    level: { response: 'info' },
    description: 'the `multipleOf` of {noun} was tightened or newly set, so that it returns only values allowed before',
    message: '{where} multipleOf was narrowed from {from} to {to}',
    why: {},
  },
  ...keywordRules('items', 'constraints', FIELD_PLACES, {
    added: {
      level: { request: 'breaking', response: 'info' },
      description: 'the items of {noun} gained a schema where any item was allowed',
      message: '{where} items were given a schema',
      why: { request: 'Clients that send items the new schema does not accept are rejected.' },
    },
    removed: {
      level: { request: 'info', response: 'warning' },
      description: 'the items schema of {noun} was removed, so any item is allowed',
      message: '{where} items schema was removed',
      why: { response: 'Clients that read the items by their old schema may meet items of any shape.' },
    },
  }),
  {
    suffix: 'unique-items-added',
    family: 'constraints',
    places: FIELD_PLACES,
    level: { request: 'breaking', response: 'info' },
    description: 'the items of {noun} must now be unique',
    message: '{where} items were made unique',
    why: { request: 'Clients that send an array with repeated items are rejected.' },
  },
  {
    suffix: 'unique-items-removed',
    family: 'constraints',
    places: FIELD_PLACES,
    level: { request: 'info', response: 'warning' },
    description: 'the items of {noun} no longer need to be unique',
    message: '{where} items are no longer required to be unique',
    why: { response: 'Clients that treat the array as a set may meet repeated items.' },
  },
]);

function boundText(bound: Bound | number | undefined): string | number {
  if (bound === undefined) return 'none';
  if (typeof bound === 'number') return bound;
  return bound.exclusive ? `${bound.value} (exclusive)` : bound.value;
}

/** Whether the new limit admits fewer values than the old one. */
function isTighter(keyword: string, change: ValueChange<Bound | number>): boolean {
  const { from, to } = change;
  if (to === undefined) return false;
  if (from === undefined) return true;
  const a = typeof from === 'number' ? { value: from, exclusive: false } : from;
  const b = typeof to === 'number' ? { value: to, exclusive: false } : to;
  const upper = keyword.startsWith('max');
  if (a.value !== b.value) return upper ? b.value < a.value : b.value > a.value;
  return b.exclusive && !a.exclusive;
}

/** Every multiple of `to` is a multiple of `from` only when `to` is a multiple of `from`: then values were only dropped. */
function isMultiple(of: number, value: number): boolean {
  const q = value / of;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

/** Reports constraint changes of one schema diff. */
export function checkSchemaConstraints(diff: SchemaDiff, w: SchemaWalk): void {
  // An items schema that changed is walked into; only one that appeared or went is a change here.
  if (diff.items && !diff.items.modified) w.keywordChange(diff, 'items', 'items', diff.items, false);
  const c = diff.constraints;
  if (!c) return;
  for (const limit of LIMITS) {
    const change = c[limit.keyword as keyof typeof c] as ValueChange<Bound | number> | undefined;
    if (!change) continue;
    const tighter = isTighter(limit.keyword, change);
    const args = { from: boundText(change.from), to: boundText(change.to) };
    if (tighter) w.placed(limit.tighter, keywordPointer(diff.revision, limit.keyword), 'revision', args);
    else if (change.to === undefined) w.placed(limit.looser, keywordPointer(diff.base, limit.keyword), 'base', args);
    else w.placed(limit.looser, keywordPointer(diff.revision, limit.keyword), 'revision', args);
  }
  if (c.pattern) w.keywordChange(diff, 'pattern', 'pattern', c.pattern);
  if (c.multipleOf) {
    const { from, to } = c.multipleOf;
    // New multiples of a multiple of the old step only drop values (request narrows); a divisor only adds (response widens).
    const narrower = to !== undefined && (from === undefined || isMultiple(from, to));
    const wider = from !== undefined && (to === undefined || isMultiple(to, from));
    const args = { from: boundText(from), to: boundText(to) };
    const pointer = to === undefined ? keywordPointer(diff.base, 'multipleOf') : keywordPointer(diff.revision, 'multipleOf');
    const side = to === undefined ? 'base' : 'revision';
    if (w.isRequest ? !wider : !narrower) w.placed('multiple-of-changed', pointer, side, args);
    else w.placed(w.isRequest ? 'multiple-of-widened' : 'multiple-of-narrowed', pointer, side, args);
  }
  if (c.uniqueItems) {
    if (c.uniqueItems.to) w.placed('unique-items-added', keywordPointer(diff.revision, 'uniqueItems'), 'revision');
    else w.placed('unique-items-removed', keywordPointer(diff.base, 'uniqueItems'), 'base');
  }
}
