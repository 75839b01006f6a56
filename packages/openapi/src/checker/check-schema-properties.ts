import type { SchemaDiff } from '../diff/schema-types.js';
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
  const facts = diff.propertyFacts;
  const props = diff.properties;
  const hidden = w.isRequest ? 'readOnly' : 'writeOnly';
  const hiddenIn = (side: 'base' | 'revision', name: string): boolean => facts?.[side][hidden].includes(name) ?? false;
  const requiredIn = (side: 'base' | 'revision', name: string): boolean => facts?.[side].required.includes(name) ?? false;
  const propPointer = (side: 'base' | 'revision', name: string): string =>
    child(diff[side].pointer, 'properties', name);

  if (props) {
    for (const name of Object.keys(props.added)) {
      if (hiddenIn('revision', name)) continue;
      const p = w.into({ property: name });
      const at = props.added[name]!.pointer;
      if (w.isRequest) p.report(requiredIn('revision', name) ? 'new-required-request-property' : 'new-optional-request-property', at, 'revision');
      else p.report('response-property-added', at, 'revision');
    }
    for (const name of Object.keys(props.deleted)) {
      if (hiddenIn('base', name)) continue;
      const p = w.into({ property: name });
      const at = props.deleted[name]!.pointer;
      if (w.isRequest) p.report('request-property-removed', at, 'base');
      else p.report(requiredIn('base', name) ? 'response-property-removed' : 'response-optional-property-removed', at, 'base');
    }
  }
  // Properties present on both sides: visibility on this side, then `required`, then the property's own diff.
  const names = new Set([...Object.keys(props?.modified ?? {}), ...(diff.required?.added ?? []), ...(diff.required?.deleted ?? [])]);
  for (const name of [...names].sort()) {
    if (props && (name in props.added || name in props.deleted)) continue;
    // `required` may name a property that is not declared on both sides; that is no property change.
    if (!facts?.base.declared.includes(name) || !facts.revision.declared.includes(name)) continue;
    const p = w.into({ property: name });
    const hiddenBefore = hiddenIn('base', name);
    const hiddenAfter = hiddenIn('revision', name);
    if (hiddenBefore && hiddenAfter) continue;
    if (hiddenAfter) {
      p.report(w.isRequest ? 'request-property-became-read-only' : 'response-property-became-write-only', propPointer('revision', name), 'revision');
      continue;
    }
    if (hiddenBefore) {
      p.report(w.isRequest ? 'request-property-became-not-read-only' : 'response-property-became-not-write-only', propPointer('revision', name), 'revision');
      // A property clients could not send before and must send now is a new requirement for them.
      if (w.isRequest && requiredIn('revision', name)) p.report('request-property-became-required', keywordPointer(diff.revision, 'required'), 'revision');
      continue;
    }
    const wasRequired = requiredIn('base', name);
    const isRequired = requiredIn('revision', name);
    if (wasRequired !== isRequired) {
      const id = w.isRequest
        ? isRequired ? 'request-property-became-required' : 'request-property-became-optional'
        : isRequired ? 'response-property-became-required' : 'response-property-became-optional';
      const side = isRequired ? 'revision' : 'base';
      p.report(id, keywordPointer(diff[side], 'required'), side);
    }
    const sub = props?.modified[name];
    if (sub) {
      if (sub.deprecated) {
        const id = `${w.direction}-property-${sub.deprecated.to ? 'deprecated' : 'deprecation-removed'}`;
        p.report(id, keywordPointer(sub.revision, 'deprecated'), 'revision');
      }
      descend(sub, p);
    }
  }

  const ap = diff.additionalProperties;
  if (ap) {
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
  }
  if (ap?.modified) descend(ap.modified, w.into({ values: true }));
}
