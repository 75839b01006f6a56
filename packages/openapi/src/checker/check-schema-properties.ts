import type { AdditionalPropertiesDiff, PropertiesDiff, SchemaDiff } from '../diff/schema-types.js';
import { child } from '../model/pointer.js';
import { BODY_PLACES, keywordPointer, placedRules, type SchemaWalk } from './check-schema-shared.js';
import type { Rule } from './rule.js';

function rule(
  id: string,
  level: Rule['level'],
  direction: 'request' | 'response',
  description: string,
  message: string,
  why = '',
): Rule {
  return { id, level, direction, family: 'properties', description, message, why };
}

/** Object properties: added, removed, required, read-only and write-only, deprecated, additional properties. */
export const rules: Rule[] = [
  rule('new-required-request-property', 'breaking', 'request',
    'A required property was added to a request body.',
    'required request property {field} was added',
    'Clients that do not send the new property are rejected.'),
  rule('new-optional-request-property', 'info', 'request',
    'An optional property was added to a request body.',
    'optional request property {field} was added'),
  rule('request-property-removed', 'warning', 'request',
    'A property was removed from a request body.',
    'request property {field} was removed',
    'Clients that still send the property may be rejected, or see it ignored without notice.'),
  rule('request-property-became-required', 'breaking', 'request',
    'An optional request body property became required.',
    'request property {field} became required',
    'Clients that leave the property out are rejected.'),
  rule('request-property-became-optional', 'info', 'request',
    'A required request body property became optional.',
    'request property {field} became optional'),
  rule('request-property-became-read-only', 'breaking', 'request',
    'A request body property became read-only, so clients may no longer set it.',
    'request property {field} became read-only',
    'Values clients send for the property are ignored or rejected.'),
  rule('request-property-became-not-read-only', 'info', 'request',
    'A read-only property may now be set in requests.',
    'request property {field} became writable'),
  rule('request-property-deprecated', 'info', 'request',
    'A request body property was deprecated.',
    'request property {field} was deprecated'),
  rule('request-property-deprecation-removed', 'info', 'request',
    'A deprecated request body property is no longer deprecated.',
    'request property {field} is no longer deprecated'),
  rule('response-property-removed', 'breaking', 'response',
    'A required property was removed from a response body.',
    'response property {field} was removed',
    'Clients that read the property no longer find it.'),
  rule('response-optional-property-removed', 'warning', 'response',
    'An optional property was removed from a response body.',
    'optional response property {field} was removed',
    'Clients that read the property when present will never see it again.'),
  rule('response-property-added', 'info', 'response',
    'A property was added to a response body.',
    'response property {field} was added'),
  rule('response-property-became-optional', 'breaking', 'response',
    'A required response body property became optional.',
    'response property {field} became optional',
    'Clients that read the property without checking for it fail when it is missing.'),
  rule('response-property-became-required', 'info', 'response',
    'An optional response body property became required.',
    'response property {field} became required'),
  rule('response-property-became-write-only', 'breaking', 'response',
    'A response body property became write-only, so responses no longer carry it.',
    'response property {field} became write-only',
    'Clients that read the property no longer receive it.'),
  rule('response-property-became-not-write-only', 'info', 'response',
    'A write-only property now appears in responses.',
    'response property {field} became readable'),
  rule('response-property-deprecated', 'info', 'response',
    'A response body property was deprecated.',
    'response property {field} was deprecated'),
  rule('response-property-deprecation-removed', 'info', 'response',
    'A deprecated response body property is no longer deprecated.',
    'response property {field} is no longer deprecated'),
  ...placedRules([
    {
      suffix: 'additional-properties-disallowed',
      family: 'properties',
      places: BODY_PLACES,
      level: { request: 'breaking', response: 'info' },
      description: '{noun} no longer allows properties beyond those it lists (`additionalProperties: false`)',
      message: '{where} no longer allows additional properties',
      why: { request: 'Clients that send properties the schema does not list are rejected.' },
    },
    {
      suffix: 'additional-properties-schema-added',
      family: 'properties',
      places: BODY_PLACES,
      level: { request: 'breaking', response: 'info' },
      description: '{noun} that allowed any additional property now requires them to match a schema',
      message: '{where} additional properties were given a schema',
      why: { request: 'Clients that send additional properties the new schema does not accept are rejected.' },
    },
    {
      suffix: 'additional-properties-schema-removed',
      family: 'properties',
      places: BODY_PLACES,
      level: { request: 'info', response: 'warning' },
      description: 'the schema for additional properties of {noun} was removed, so they may hold any value',
      message: '{where} additional properties schema was removed',
      why: { response: 'Clients that read additional properties by their old schema may meet values of any shape.' },
    },
    {
      suffix: 'additional-properties-allowed',
      family: 'properties',
      places: BODY_PLACES,
      level: { request: 'info', response: 'warning' },
      description: '{noun} now allows properties beyond those it lists',
      message: '{where} now allows additional properties',
      why: { response: 'Clients that map the object to a closed type may meet properties they cannot hold.' },
    },
  ]),
];

/** Descends into a property's diff; supplied by the walker so families stay free of each other. */
export type Descend = (diff: SchemaDiff, w: SchemaWalk) => void;

/**
 * Reports property changes of one object schema and descends into modified properties. A read-only
 * property is not part of a request and a write-only one not part of a response, so changes to
 * them are not reported on that side.
 */
export function checkSchemaProperties(diff: SchemaDiff, w: SchemaWalk, descend: Descend): void {
  if (diff.properties) checkAddedAndRemoved(diff, diff.properties, w);
  // Facts come with every properties or required change; without them no property is declared on both sides.
  if (diff.propertyFacts) checkKept(diff, diff.propertyFacts, w, descend);
  if (diff.additionalProperties) checkAdditional(diff, diff.additionalProperties, w, descend);
}

/** The property a read-only (requests) or write-only (responses) flag hides on this side. */
function hiddenFlag(w: SchemaWalk): 'readOnly' | 'writeOnly' {
  return w.isRequest ? 'readOnly' : 'writeOnly';
}

/** Properties only in the revision or only in the base. */
function checkAddedAndRemoved(diff: SchemaDiff, props: PropertiesDiff, w: SchemaWalk): void {
  const facts = diff.propertyFacts;
  const hidden = hiddenFlag(w);
  for (const name of Object.keys(props.added)) {
    if (facts !== undefined && facts.revision[hidden].includes(name)) continue;
    const p = w.intoProperty(name);
    const at = props.added[name]!.pointer;
    if (w.isRequest) p.report(sortedHas(facts?.revision.required, name) ? 'new-required-request-property' : 'new-optional-request-property', at, 'revision');
    else p.report('response-property-added', at, 'revision');
  }
  for (const name of Object.keys(props.deleted)) {
    if (facts !== undefined && facts.base[hidden].includes(name)) continue;
    const p = w.intoProperty(name);
    const at = props.deleted[name]!.pointer;
    if (w.isRequest) p.report('request-property-removed', at, 'base');
    else p.report(sortedHas(facts?.base.required, name) ? 'response-property-removed' : 'response-optional-property-removed', at, 'base');
  }
}

/** Properties present on both sides: visibility on this side, then `required`, then the property's own diff. */
function checkKept(diff: SchemaDiff, facts: NonNullable<SchemaDiff['propertyFacts']>, w: SchemaWalk, descend: Descend): void {
  const props = diff.properties;
  const names: string[] = props ? Object.keys(props.modified) : [];
  if (diff.required) names.push(...diff.required.added, ...diff.required.deleted);
  names.sort();
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (i > 0 && names[i - 1] === name) continue;
    if (props && (name in props.added || name in props.deleted)) continue;
    // `required` may name a property that is not declared on both sides; that is no property change.
    if (!sortedHas(facts.base.declared, name) || !sortedHas(facts.revision.declared, name)) continue;
    checkKeptProperty(diff, facts, name, w, descend);
  }
}

/** One property on both sides whose visibility, requirement or schema changed. */
function checkKeptProperty(diff: SchemaDiff, facts: NonNullable<SchemaDiff['propertyFacts']>, name: string, w: SchemaWalk, descend: Descend): void {
  const hidden = hiddenFlag(w);
  const p = w.intoProperty(name);
  const hiddenBefore = facts.base[hidden].includes(name);
  const hiddenAfter = facts.revision[hidden].includes(name);
  if (hiddenBefore && hiddenAfter) return;
  if (hiddenAfter) {
    p.report(w.isRequest ? 'request-property-became-read-only' : 'response-property-became-write-only', propPointer(diff, 'revision', name), 'revision');
    return;
  }
  if (hiddenBefore) {
    p.report(w.isRequest ? 'request-property-became-not-read-only' : 'response-property-became-not-write-only', propPointer(diff, 'revision', name), 'revision');
    // A property clients could not send before and must send now is a new requirement for them.
    if (w.isRequest && sortedHas(facts.revision.required, name)) p.report('request-property-became-required', keywordPointer(diff.revision, 'required'), 'revision');
    return;
  }
  const wasRequired = sortedHas(facts.base.required, name);
  const isRequired = sortedHas(facts.revision.required, name);
  if (wasRequired !== isRequired) {
    const id = w.isRequest
      ? isRequired ? 'request-property-became-required' : 'request-property-became-optional'
      : isRequired ? 'response-property-became-required' : 'response-property-became-optional';
    const side = isRequired ? 'revision' : 'base';
    p.report(id, keywordPointer(diff[side], 'required'), side);
  }
  const sub = diff.properties?.modified[name];
  if (sub) {
    if (sub.deprecated) {
      const id = `${w.direction}-property-${sub.deprecated.to ? 'deprecated' : 'deprecation-removed'}`;
      p.report(id, keywordPointer(sub.revision, 'deprecated'), 'revision');
    }
    descend(sub, p);
  }
}

/** `additionalProperties` closed, opened, given or relieved of a schema, and changes inside its schema. */
function checkAdditional(diff: SchemaDiff, ap: AdditionalPropertiesDiff, w: SchemaWalk, descend: Descend): void {
  // `false` is the only value that closes the object; `true` and a schema both let other properties in.
  const closedBefore = ap.from === false;
  const closedAfter = ap.to === false;
  if (closedAfter && !closedBefore) w.placed('additional-properties-disallowed', keywordPointer(diff.revision, 'additionalProperties'), 'revision');
  else if (closedBefore && !closedAfter) w.placed('additional-properties-allowed', keywordPointer(diff.revision, 'additionalProperties'), 'revision');
  // Between `true` (or absent) and a schema: the extra properties stay allowed, but their values are constrained or freed.
  else if (ap.from === true && typeof ap.to === 'object') {
    w.placed('additional-properties-schema-added', keywordPointer(diff.revision, 'additionalProperties'), 'revision');
  } else if (typeof ap.from === 'object' && ap.to === true) {
    w.placed('additional-properties-schema-removed', keywordPointer(diff.base, 'additionalProperties'), 'base');
  }
  if (ap.modified) descend(ap.modified, w.into({ values: true }));
}

function propPointer(diff: SchemaDiff, side: 'base' | 'revision', name: string): string {
  return child(diff[side].pointer, 'properties', name);
}

/** Whether a sorted list (property facts are sorted) holds a name, by binary search. */
function sortedHas(list: readonly string[] | undefined, name: string): boolean {
  if (list === undefined) return false;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = list[mid]!;
    if (at === name) return true;
    if (at < name) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
