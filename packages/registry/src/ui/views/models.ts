import type { RollbackAnswer } from '../../checks/rollback.js';

// View models: plain data the page templates render. Loaders in `../data.ts` build them from the
// store and the checks, so templates stay pure functions that tests can drive with any input.

/** A change level as the diff engine names it. */
export type ChangeLevel = 'breaking' | 'warning' | 'info';

/** One row of the services list. */
export interface ServiceRow {
  name: string;
  versions: number;
  consumers: number;
  providers: number;
  latestVersion?: string;
}

/** The services list page. */
export interface ServicesView {
  services: ServiceRow[];
  /** Server-side filter from `?q=`; the script filters the same list as the user types. */
  query: string;
  total: number;
}

/** A consumer version that uses an endpoint, with where it runs and what it reads and sends. */
export interface EndpointConsumer {
  service: string;
  version: string;
  environments: string[];
  /** Request parameters and body fields the consumer sends, e.g. `query.limit`, `$.items[*].sku`. */
  requestFields: string[];
  /** Response fields it reads, e.g. `$.status`. */
  responseFields: string[];
}

/** One endpoint of the version shown on the service page. */
export interface EndpointView {
  method: string;
  path: string;
  summary?: string;
  deprecated: boolean;
  sunset?: string;
  consumers: EndpointConsumer[];
}

/** A version row of the environment by version matrix. */
export interface VersionRow {
  version: string;
  branch?: string;
  hasSpec: boolean;
  /** Providers this version has pacts with. */
  pactProviders: string[];
  /** Environment name to the instances running it there (`''` when not per instance); absent when not deployed. */
  deployedIn: Record<string, string[]>;
}

/** The service page. */
export interface ServiceView {
  name: string;
  versions: VersionRow[];
  environments: string[];
  /** Version whose endpoints are listed (the newest with a spec, unless chosen). */
  endpointsVersion?: string;
  /** Versions with a spec, for the version picker. */
  specVersions: string[];
  endpoints: EndpointView[];
  /** Providers this service consumes (any version); when non-empty the page links to the pacts page. */
  providers: string[];
  /** What this service calls, from its pacts: each provider operation with the versions of this service using it. */
  calls: { provider: string; method: string; path: string; versions: string[] }[];
  /** Services that consume this one (any version). */
  consumers: string[];
}

/** A consumer version affected by a breaking change or a warning. */
export interface AffectedConsumer {
  service: string;
  version: string;
  environments: string[];
  /** The used field the change hits, when the match is on a field rather than the whole operation. */
  field?: string;
}

/** One change of a version diff. */
export interface DiffChangeView {
  id: string;
  level: ChangeLevel;
  message: string;
  waived?: boolean;
  affected: AffectedConsumer[];
}

/** Changes of one operation (or of the document as a whole when `operation` is undefined). */
export interface DiffGroupView {
  operation?: string;
  changes: DiffChangeView[];
}

/** The version diff page. */
export interface DiffView {
  service: string;
  versions: string[];
  from?: string;
  to?: string;
  result?: {
    summary: Record<ChangeLevel, number>;
    /** The report's semver sentence, and whether the declared bump is enough. */
    semver?: { sentence: string; ok: boolean };
    groups: DiffGroupView[];
    /** Why the kinds of change found break (or may surprise) clients, one entry per rule. */
    why?: { id: string; why: string }[];
  };
  error?: string;
}

/** A consumer pact's standing against the provider version running in one environment. */
export interface PactCompatCell {
  environment: string;
  providerVersion?: string;
  status: 'compatible' | 'incompatible' | 'not-deployed' | 'no-spec';
  problems: { method?: string; path?: string; message: string }[];
}

/** One pact of a consumer version. */
export interface PactRow {
  provider: string;
  interactions?: number;
  cells: PactCompatCell[];
}

/** The consumer (pacts) page. */
export interface PactsView {
  service: string;
  environments: string[];
  versions: { version: string; environments: string[]; pacts: PactRow[] }[];
}

/** The answer of `GET /rollback-check`, shown as it is (see `checks/rollback.ts`). */
export type RollbackVerdict = RollbackAnswer;

/** The rollback check page: the form and, once submitted, the verdict or the error. */
export interface RollbackView {
  services: string[];
  environments: string[];
  /** Versions of the chosen service, offered as suggestions for the target. */
  versions: string[];
  input: { service?: string; environment?: string; to?: string };
  verdict?: RollbackVerdict;
  error?: string;
}

/** A consumer-to-provider dependency drawn on the graph. */
export interface GraphEdgeView {
  consumer: string;
  provider: string;
  /** In an environment's view: the consumer's versions running there whose pacts name the provider. */
  consumerVersions?: string[];
  /** In an environment's view: the provider's versions running there. */
  providerVersions?: string[];
}

/** The dependency graph page. */
export interface GraphView {
  /** The services drawn: every service, or those running in `environment`. */
  services: string[];
  edges: GraphEdgeView[];
  /**
   * When set, only versions running in this environment are drawn (with the rollback's service
   * at its target version, when a rollback there was checked); every stored pact otherwise.
   */
  environment?: string;
  /** In an environment's view: the versions running there by service, as drawn. */
  running?: Record<string, string[]>;
  /** When set, the rollback asked about and its verdict; its blockers' edges are highlighted. */
  rollback?: { input: { service: string; environment: string; to: string }; verdict?: RollbackVerdict; error?: string };
  environments: string[];
  /** Every service, for the rollback form; `services` when absent. */
  allServices?: string[];
  /** Versions of the service in the rollback form, offered as suggestions for the target. */
  versions?: string[];
  /** Why the view asked for could not be drawn (an unknown environment), shown beside the forms. */
  error?: string;
}
