import type { SchemaHandle } from '../model/types.js';

/** A scalar aspect that changed; `undefined` on a side means the keyword is absent there. */
export interface ValueChange<T> {
  from: T | undefined;
  to: T | undefined;
}

/** A numeric bound in one form for 3.0 (`maximum` + boolean `exclusiveMaximum`) and 3.1 (numeric `exclusiveMaximum`). */
export interface Bound {
  value: number;
  exclusive: boolean;
}

/** Changes of the validation keywords; absent keys did not change. */
export interface ConstraintsDiff {
  maximum?: ValueChange<Bound>;
  minimum?: ValueChange<Bound>;
  multipleOf?: ValueChange<number>;
  maxLength?: ValueChange<number>;
  minLength?: ValueChange<number>;
  pattern?: ValueChange<string>;
  maxItems?: ValueChange<number>;
  minItems?: ValueChange<number>;
  uniqueItems?: ValueChange<boolean>;
  maxProperties?: ValueChange<number>;
  minProperties?: ValueChange<number>;
}

/** A keyword holding one subschema (`items`, `not`): added, deleted, or modified in place. */
export interface SubschemaDiff {
  from: SchemaHandle | undefined;
  to: SchemaHandle | undefined;
  /** Set when the subschema exists on both sides and differs. */
  modified?: SchemaDiff;
}

/** `additionalProperties`: `true` (also when absent), `false`, or a schema for the extra values. */
export type AdditionalProperties = boolean | SchemaHandle;

/** Changes of `additionalProperties`. */
export interface AdditionalPropertiesDiff {
  from: AdditionalProperties;
  to: AdditionalProperties;
  /** Set when both sides are schemas and they differ. */
  modified?: SchemaDiff;
}

/** Changes of `properties`; handles are the property schemas as written in their parent (maybe `$ref`s). */
export interface PropertiesDiff {
  added: Record<string, SchemaHandle>;
  deleted: Record<string, SchemaHandle>;
  modified: Record<string, SchemaDiff>;
}

/** Property names by how they are declared on one side (after `$ref`s and `allOf`). */
export interface PropertyFacts {
  /** Sorted, as `Array.prototype.sort` orders strings. */
  declared: string[];
  /** Sorted, as `Array.prototype.sort` orders strings. */
  required: string[];
  /** Read-only and write-only properties among those that changed (added, removed, modified, or required or not). */
  readOnly: string[];
  writeOnly: string[];
}

/** Changes of `oneOf` or `anyOf`: branches are matched by meaning, not by position. */
export interface CompositionDiff {
  added: SchemaHandle[];
  deleted: SchemaHandle[];
  modified: { base: number; revision: number; diff: SchemaDiff }[];
}

/** Changes of a `discriminator`; mapping values are compared by the schema they name. */
export interface DiscriminatorDiff {
  propertyName?: ValueChange<string>;
  mapping?: {
    added: Record<string, string>;
    deleted: Record<string, string>;
    modified: Record<string, { from: string; to: string }>;
  };
}

/**
 * How two schemas differ, aspect by aspect, after `$ref`s are followed and `allOf` members merged.
 * Structure only: nothing here says whether a change breaks anyone. The graph may be cyclic when
 * the schemas are recursive (a modified property can lead back to a diff on the path to it).
 */
export interface SchemaDiff {
  /** The schemas compared, `$ref`s resolved. */
  base: SchemaHandle;
  revision: SchemaHandle;
  /**
   * JSON types without `null` (`integer` kept apart from `number`); `[]` means any type, and
   * `['null']` a schema that accepts only null (`type: 'null'`, `type: [null]`).
   */
  type?: { from: string[]; to: string[]; added: string[]; deleted: string[] };
  /** Whether `null` is accepted: 3.1 type arrays, 3.0 `nullable`, Swagger `x-nullable`. */
  nullable?: ValueChange<boolean>;
  format?: ValueChange<string>;
  /** `null` values are left out: they belong to `nullable`. */
  enum?: { from: unknown[] | undefined; to: unknown[] | undefined; added: unknown[]; deleted: unknown[] };
  const?: ValueChange<unknown>;
  default?: ValueChange<unknown>;
  constraints?: ConstraintsDiff;
  required?: { added: string[]; deleted: string[] };
  properties?: PropertiesDiff;
  /**
   * Set with `properties` or `required`: which properties are required, read-only or write-only on
   * each side, since a read-only property is not part of a request and a write-only one not of a response.
   */
  propertyFacts?: { base: PropertyFacts; revision: PropertyFacts };
  additionalProperties?: AdditionalPropertiesDiff;
  items?: SubschemaDiff;
  readOnly?: ValueChange<boolean>;
  writeOnly?: ValueChange<boolean>;
  deprecated?: ValueChange<boolean>;
  oneOf?: CompositionDiff;
  anyOf?: CompositionDiff;
  not?: SubschemaDiff;
  discriminator?: DiscriminatorDiff;
}
