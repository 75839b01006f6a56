import { rules as deprecation } from './check-deprecation.js';
import { rules as headers } from './check-headers.js';
import { rules as info } from './check-info.js';
import { rules as parameters } from './check-parameters.js';
import { rules as paths } from './check-paths.js';
import { rules as requestBody } from './check-request-body.js';
import { rules as responses } from './check-responses.js';
import { rules as schemaComposition } from './check-schema-composition.js';
import { rules as schemaConstraints } from './check-schema-constraints.js';
import { rules as schemaEnum } from './check-schema-enum.js';
import { rules as schemaProperties } from './check-schema-properties.js';
import { rules as schemaType } from './check-schema-type.js';
import type { Rule } from './rule.js';
import { rules as security } from './check-security.js';
import { rules as webhooks } from './check-webhooks.js';

/**
 * The rule catalog. Each family file (`check-<family>.ts`) declares its rows at the top as
 * `export const rules: Rule[]`; this module only gathers them. IDs are frozen once released.
 */
const families: Rule[][] = [
  paths,
  deprecation,
  parameters,
  headers,
  requestBody,
  responses,
  schemaProperties,
  schemaType,
  schemaEnum,
  schemaConstraints,
  schemaComposition,
  security,
  webhooks,
  info,
];

/** Every rule, in catalog order. */
export const RULES: readonly Rule[] = families.flat();

/** Rules by ID. */
export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
