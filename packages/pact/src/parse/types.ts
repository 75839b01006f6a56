/** A Pact matcher as it affects compatibility; unknown kinds are kept and treated as `type`. */
export interface Matcher {
  match: MatcherKind;
  /** `type` with a minimum or maximum array length (`eachLike`, `atLeastOneLike`, `atMostLike`). */
  min?: number;
  max?: number;
  regex?: string;
  /** Date/time pattern of `date`, `time`, `datetime`/`timestamp` (Java `DateTimeFormatter` syntax). */
  format?: string;
  /** Substring of `include`, media type of `contentType`. */
  value?: string;
  /** Alternatives of `arrayContains`: each is matched against some element of the array. */
  variants?: ArrayContainsVariant[];
  /** Nested matchers of `eachKey` / `eachValue`. */
  rules?: Matcher[];
}

/** Matcher kinds of Pact specifications v2 to v4; anything else is kept verbatim. */
export type MatcherKind =
  | 'type'
  | 'regex'
  | 'integer'
  | 'decimal'
  | 'number'
  | 'boolean'
  | 'null'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'include'
  | 'equality'
  | 'values'
  | 'arrayContains'
  | 'eachKey'
  | 'eachValue'
  | 'contentType'
  | 'notEmpty'
  | 'semver'
  | 'statusCode'
  | (string & {});

/** One element pattern of an `arrayContains` matcher, with rules relative to that element (`$`). */
export interface ArrayContainsVariant {
  index: number;
  rules: RuleSet;
}

/** The matchers at one path and how they combine. */
export interface RuleEntry {
  matchers: Matcher[];
  combine: 'AND' | 'OR';
}

/** Rules of one category keyed by path: JSON paths (`$.items[*].name`) for bodies, names for headers and query. */
export type RuleSet = Record<string, RuleEntry>;

/** Matching rules of a request or response, normalised from the v2 flat form and the v3/v4 nested form. */
export interface MatchingRules {
  body: RuleSet;
  header: RuleSet;
  query: RuleSet;
  path?: RuleEntry;
  status?: RuleEntry;
}

/** Generators by category, kept as written (they only matter for which values vary between runs). */
export type Generators = Record<string, unknown>;

/** A body with its media type; `pointer` is the JSON pointer of the content inside the pact document. */
export interface PactBody {
  /** Parsed JSON when the body is JSON, otherwise the text. */
  content: unknown;
  contentType?: string;
  pointer: string;
}

/** A provider state: its name and the parameters v3/v4 pacts attach to it. */
export interface ProviderState {
  name: string;
  params?: Record<string, unknown>;
}

/** The request a consumer sends. Header names keep their case; use `headerValues()` to look them up. */
export interface PactRequest {
  /** Upper-case method. */
  method: string;
  path: string;
  /** Query parameters by name; v2 query strings are parsed and decoded. */
  query: Record<string, string[]>;
  headers: Record<string, string[]>;
  body?: PactBody;
  matchingRules: MatchingRules;
  generators: Generators;
}

/** The response a consumer expects. */
export interface PactResponse {
  status: number;
  headers: Record<string, string[]>;
  body?: PactBody;
  matchingRules: MatchingRules;
  generators: Generators;
}

/** One HTTP interaction (v4: `Synchronous/HTTP`). */
export interface PactInteraction {
  /** Position in the document's `interactions` array. */
  index: number;
  /** JSON pointer of the interaction (`/interactions/3`). */
  pointer: string;
  description: string;
  providerStates: ProviderState[];
  /** v4 interaction key, when written. */
  key?: string;
  /** v4 pending flag. */
  pending: boolean;
  request: PactRequest;
  response: PactResponse;
}

/** An interaction this version does not check (messages, plugin interactions), with the reason. */
export interface UnsupportedInteraction {
  index: number;
  pointer: string;
  description: string;
  type: string;
  reason: string;
}

/** A parsed, normalised pact. */
export interface Pact {
  /** What to show in messages: the file name or a label. */
  name: string;
  consumer: string;
  provider: string;
  /** The specification version as written (`2.0.0`, `3.0.0`, `4.0`), or inferred from the shape. */
  specification: string;
  /** Major specification version: 1 and 1.1 pacts are read as 2. */
  specMajor: 2 | 3 | 4;
  interactions: PactInteraction[];
  unsupported: UnsupportedInteraction[];
}
