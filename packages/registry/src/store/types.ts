/**
 * The registry's store as its callers see it: records and a typed repository API.
 *
 * Callers name things the way users do (service name, version string, environment name or
 * UUID); internal row ids never leave the store. Timestamps are ISO-8601 strings in UTC.
 * "Not found" on a read is a value (`undefined` or `[]`); a write that refers to something
 * missing throws a `RollgateError` with code `NOT_FOUND`, and bad input throws one with code
 * `INVALID_INPUT` naming the field.
 */

/** A JSON value as stored: what `JSON.parse` can return. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Which database engine backs a store. */
export type StoreDialect = 'sqlite' | 'postgres';

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** Run pending migrations while opening (default true). */
  migrate?: boolean;
  /** PostgreSQL only: schema to use (created when missing), set as `search_path` on every connection. */
  schema?: string;
  /** PostgreSQL only: most pooled connections (default 10). */
  poolSize?: number;
  /**
   * PostgreSQL only: run queries as named prepared statements (default true; planning is then done
   * once per connection). Turn off behind a pooler that cannot keep them, such as PgBouncer in
   * transaction mode before 1.21; the URL parameter `?prepare=false` does the same.
   */
  preparedStatements?: boolean;
  /** SQLite only: how long a writer waits for another process's lock, in ms (default 5,000). */
  busyTimeoutMs?: number;
}

/** One migration as the migrator reports it. */
export interface MigrationOutcome {
  name: string;
  status: 'Success' | 'Error' | 'NotExecuted';
}

/** A service (a "pacticipant" in Pact Broker terms): a provider, a consumer, or both. */
export interface ServiceRecord {
  name: string;
  displayName: string | null;
  /** The branch whose versions count as the main line (Pact Broker `mainBranch`). */
  mainBranch: string | null;
  repositoryUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Editable properties of a service; `null` clears one, an absent key leaves it as it is. */
export interface ServicePatch {
  displayName?: string | null;
  mainBranch?: string | null;
  repositoryUrl?: string | null;
}

/** A service with the counts the service list shows. */
export interface ServiceSummary extends ServiceRecord {
  versionCount: number;
  /** Distinct services with a pact against this one. */
  consumerCount: number;
  /** Distinct services this one has pacts against. */
  providerCount: number;
  /** Newest version by the store's version order, or null when it has none. */
  latestVersion: string | null;
}

/** A version of a service, any string (`1.2.0`, a git SHA, `2024-05-01.3`). */
export interface VersionRecord {
  service: string;
  version: string;
  /** The first branch the version was published on, or null. */
  branch: string | null;
  /** Every branch the version belongs to, in the order they were added. */
  branches: string[];
  commit: string | null;
  buildUrl: string | null;
  /** Tags, sorted by name. */
  tags: string[];
  createdAt: string;
}

/** What to attach to a version while ensuring it: everything is added, nothing is removed. */
export interface VersionInfo {
  branch?: string;
  /** Git commit; set when given (a later different value replaces it). */
  commit?: string;
  buildUrl?: string;
  tags?: string[];
}

/** Filter for `latestVersion`. */
export interface LatestVersionFilter {
  branch?: string;
  tag?: string;
}

/** A branch of a service with its newest version. */
export interface BranchRecord {
  service: string;
  name: string;
  latestVersion: string | null;
  createdAt: string;
}

/** What to do when different content is published for a version that already has some. */
export type OnConflict =
  | 'reject'
  | 'overwrite'
  /** Combine both (Pact Broker `onConflict: merge`); runs inside the write transaction. */
  | { merge: (stored: JsonValue, incoming: JsonValue) => JsonValue };

/** Options shared by `putOpenApi` and `putPact`. */
export interface PublishOptions extends VersionInfo {
  /** Default `reject`: the stored content is kept and the result is `conflict`. */
  onConflict?: OnConflict;
  /** The format the content was sent in, kept for display (`json` or `yaml`); default `json`. */
  format?: 'json' | 'yaml';
}

/** Options of `putPact`. */
export interface PutPactOptions extends PublishOptions {
  /**
   * Usages to store with the pact in the same transaction, replacing the earlier ones, unless
   * the publication is refused (`conflict`). A function receives the content finally stored
   * (useful with `merge`); if it throws, nothing of the publication is stored.
   */
  usages?: UsageInput[] | ((stored: JsonValue) => UsageInput[]);
}

/** One pact of a `putPacts` publication. */
export interface PactToStore {
  provider: string;
  content: JsonValue;
  options?: PutPactOptions;
}

/** What `putPacts` did: every pact stored (results in the order given), or none, for the one refused. */
export type PutPactsResult =
  | { stored: true; results: PublishResult[] }
  | { stored: false; refused: { provider: string; hash: string; rejectedHash: string } };

/**
 * The outcome of a publication. `hash` is always the hash of the content stored for that
 * version after the call: on `conflict` the kept one, with the refused one in `rejectedHash`.
 */
export type PublishResult =
  | { status: 'created' | 'unchanged'; hash: string }
  | { status: 'conflict'; hash: string; rejectedHash: string }
  | { status: 'updated'; hash: string; previousHash: string };

/** A provider's OpenAPI document for one of its versions, without its content. */
export interface OpenApiSummary {
  service: string;
  version: string;
  hash: string;
  format: 'json' | 'yaml';
  /** Bytes of the canonical JSON form. */
  size: number;
  publishedAt: string;
  updatedAt: string;
}

/** A provider's OpenAPI document for one of its versions. */
export interface OpenApiRecord extends OpenApiSummary {
  document: JsonValue;
}

/** A consumer version's pact with one provider, without its content. */
export interface PactSummary {
  consumer: string;
  consumerVersion: string;
  provider: string;
  hash: string;
  size: number;
  publishedAt: string;
  updatedAt: string;
}

/** A consumer version's pact with one provider. */
export interface PactRecord extends PactSummary {
  content: JsonValue;
}

/** Filter for `listPacts`; every given field must match. */
export interface PactFilter {
  consumer?: string;
  consumerVersion?: string;
  provider?: string;
  hash?: string;
  /** Only pacts of these consumer versions (e.g. those running in an environment); `[]` matches none. */
  consumerVersions?: ServiceVersionRef[];
  /** Only pacts of consumer versions currently deployed in this environment (name or UUID). */
  deployedIn?: string;
}

/** A request parameter a consumer sends. */
export interface UsageParam {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
}

/** One operation of a provider a consumer version uses, with the fields it relies on. */
export interface UsageInput {
  /** Upper-case HTTP method. */
  method: string;
  /** The provider's path template when `matched`, else the concrete path from the pact. */
  path: string;
  /** True when `path` is an operation of the provider's spec the pact was matched against. */
  matched: boolean;
  params: UsageParam[];
  /** Request body fields sent, as JSON pointers (`/items/0/sku` written `/items/-/sku`). */
  requestFields: string[];
  /** Response body fields read, same notation. */
  responseFields: string[];
  /** Response statuses expected. */
  statuses: number[];
  /** Descriptions of the pact interactions this usage comes from. */
  interactions: string[];
}

/** A stored usage with who uses what. */
export interface UsageRecord extends UsageInput {
  consumer: string;
  consumerVersion: string;
  provider: string;
}

/** A consumer at a version. */
export interface ServiceVersionRef {
  service: string;
  version: string;
}

/** Filter for `usagesOfProvider`. */
export interface ProviderUsageFilter {
  /** Only these consumer versions. */
  consumerVersions?: ServiceVersionRef[];
  method?: string;
  path?: string;
}

/** An environment (`production`, `staging`), created on first use. */
export interface EnvironmentRecord {
  /** Stable id for the Pact Broker API (`/environments/{uuid}`). */
  uuid: string;
  name: string;
  displayName: string | null;
  production: boolean;
  createdAt: string;
}

/** Properties of an environment when creating or updating it. */
export interface EnvironmentInput {
  displayName?: string | null;
  production?: boolean;
}

/** A version of a service running in an environment, from `deployedAt` until `undeployedAt`. */
export interface DeploymentRecord {
  uuid: string;
  service: string;
  version: string;
  environment: string;
  environmentUuid: string;
  /** Application instance, or null for the service's single (unnamed) instance. */
  instance: string | null;
  deployedAt: string;
  undeployedAt: string | null;
  current: boolean;
}

/** Input of `recordDeployment`. */
export interface DeploymentInput {
  service: string;
  version: string;
  /** Environment name; created when missing. */
  environment: string;
  /** Application instance; absent, null and `''` all mean the unnamed one. */
  instance?: string | null;
  /** Create the service and version when missing instead of throwing `NOT_FOUND` (default false). */
  createVersion?: boolean;
}

/** The outcome of `recordDeployment`. */
export interface DeploymentResult {
  /** `unchanged` when that version was already the current one for that service and instance. */
  status: 'created' | 'unchanged';
  deployment: DeploymentRecord;
  /** The deployment this one replaced, now ended. */
  ended: DeploymentRecord | null;
}

/** Which current deployment to end: by its UUID, or by service, environment and instance. */
export type EndDeploymentInput =
  | { uuid: string }
  | { service: string; environment: string; instance?: string | null };

/** A version released to an environment (a mobile app, a library): several may be supported at once. */
export interface ReleaseRecord {
  uuid: string;
  service: string;
  version: string;
  environment: string;
  environmentUuid: string;
  releasedAt: string;
  endedAt: string | null;
  current: boolean;
}

/** Input of `recordRelease`. */
export interface ReleaseInput {
  service: string;
  version: string;
  environment: string;
  createVersion?: boolean;
}

/** Which release to end. */
export type EndReleaseInput = { uuid: string } | { service: string; version: string; environment: string };

/** A provider version's verification of a pact's content. */
export interface VerificationRecord {
  id: number;
  pactHash: string;
  consumer: string;
  provider: string;
  providerVersion: string;
  success: boolean;
  buildUrl: string | null;
  details: JsonValue | null;
  verifiedAt: string;
}

/** Input of `recordVerification`. */
export interface VerificationInput {
  /** Hash of the pact content verified (it must be stored). */
  pactHash: string;
  consumer: string;
  provider: string;
  /** Provider version that ran the verification; created when missing. */
  providerVersion: string;
  success: boolean;
  buildUrl?: string;
  details?: JsonValue;
  providerVersionInfo?: VersionInfo;
}

/** Filter for `listVerifications`; newest first. */
export interface VerificationFilter {
  pactHash?: string;
  consumer?: string;
  provider?: string;
  providerVersion?: string;
}

/** A pact content hash and an OpenAPI content hash whose compatibility was computed. */
export interface CompatKey {
  pactHash: string;
  specHash: string;
}

/** Distinct contents stored, by kind (what `/metrics` reports). */
export interface ContractCounts {
  openapi: number;
  pact: number;
}

/** Row counts for `/metrics` and status pages. */
export interface StoreCounts {
  services: number;
  versions: number;
  environments: number;
  /** Distinct contents stored (one row per hash). */
  contents: number;
  contracts: ContractCounts;
  /** OpenAPI publications (service version to spec). */
  openapiSpecs: number;
  /** Pact publications (consumer version to provider). */
  pacts: number;
  currentDeployments: number;
}

/**
 * The registry's typed repository. Every method that writes several rows does so in one
 * transaction: it either completes or leaves nothing behind.
 */
export interface Store {
  readonly dialect: StoreDialect;
  /** Where the store lives, with any password masked. */
  readonly location: string;

  /** Runs pending migrations; a no-op when there are none. */
  migrate(): Promise<MigrationOutcome[]>;
  /** A cheap round trip to the database (for `/healthz`). */
  ping(): Promise<void>;
  /** Closes the database connections. */
  close(): Promise<void>;
  /**
   * The store's revision: a number every write transaction increases in the same transaction, so
   * two equal reads mean nothing changed in between, whichever registry instance wrote. One
   * indexed read; caches of derived answers key on it. (Stored compatibility verdicts do not
   * count as writes: they are facts about immutable contents.)
   */
  revision(): Promise<number>;

  // Services
  /** Returns the service, creating it when missing. */
  ensureService(name: string, patch?: ServicePatch): Promise<ServiceRecord>;
  /** Updates a service's properties, creating it when missing. */
  updateService(name: string, patch: ServicePatch): Promise<ServiceRecord>;
  getService(name: string): Promise<ServiceRecord | undefined>;
  /** Every service with counts, by name. */
  listServices(): Promise<ServiceSummary[]>;
  /** Deletes a service with its versions, contracts, usages, deployments and releases. */
  deleteService(name: string): Promise<boolean>;

  // Versions, branches, tags
  /** Returns the version, creating the service and version when missing, and attaches `info`. */
  ensureVersion(service: string, version: string, info?: VersionInfo): Promise<VersionRecord>;
  getVersion(service: string, version: string): Promise<VersionRecord | undefined>;
  /** Versions oldest first: by publication time, those that parse as semver sorted by semver among their places (see `sortVersions`). */
  listVersions(service: string): Promise<VersionRecord[]>;
  /** Deletes a version with its contracts, usages, deployments, releases and verifications; false when unknown. */
  deleteVersion(service: string, version: string): Promise<boolean>;
  /** The newest version in `listVersions` order, optionally only those with a branch or tag. */
  latestVersion(service: string, filter?: LatestVersionFilter): Promise<VersionRecord | undefined>;
  /** Adds a tag to a version (creating the version when missing); idempotent. */
  addTag(service: string, version: string, tag: string): Promise<VersionRecord>;
  /** Removes a tag; false when it was not there. */
  removeTag(service: string, version: string, tag: string): Promise<boolean>;
  /** Adds a version to a branch (creating the version when missing); idempotent. */
  addBranch(service: string, version: string, branch: string): Promise<VersionRecord>;
  listBranches(service: string): Promise<BranchRecord[]>;

  // Contracts
  /** Stores a provider version's OpenAPI document (already parsed) by content hash. */
  putOpenApi(service: string, version: string, document: JsonValue, options?: PublishOptions): Promise<PublishResult>;
  getOpenApi(service: string, version: string): Promise<OpenApiRecord | undefined>;
  /** A provider's published specs, in version order. */
  listOpenApi(service: string): Promise<OpenApiSummary[]>;
  /** Stores a consumer version's pact with a provider by content hash. */
  putPact(consumer: string, version: string, provider: string, content: JsonValue, options?: PutPactOptions): Promise<PublishResult>;
  /** Stores several pacts of one consumer version: all in one transaction, or none when one is refused. */
  putPacts(consumer: string, version: string, pacts: readonly PactToStore[]): Promise<PutPactsResult>;
  getPact(consumer: string, version: string, provider: string): Promise<PactRecord | undefined>;
  /** Pacts matching the filter, by consumer, consumer version order, then provider. */
  listPacts(filter?: PactFilter): Promise<PactSummary[]>;
  /** Any stored content by hash (a spec or a pact). */
  getContent(hash: string): Promise<JsonValue | undefined>;

  // Usages
  /** Replaces the usages of a consumer version's pact with a provider (the pact must be stored). */
  replaceUsages(consumer: string, version: string, provider: string, usages: UsageInput[]): Promise<void>;
  /** Who uses the provider, by consumer, consumer version order, path, method. */
  usagesOfProvider(provider: string, filter?: ProviderUsageFilter): Promise<UsageRecord[]>;
  /** What a consumer version uses, optionally of one provider. */
  usagesOfConsumer(consumer: string, version: string, provider?: string): Promise<UsageRecord[]>;

  // Environments
  /** Returns the environment, creating it when missing; given properties are applied. */
  ensureEnvironment(name: string, input?: EnvironmentInput): Promise<EnvironmentRecord>;
  listEnvironments(): Promise<EnvironmentRecord[]>;
  /** By name or UUID. */
  getEnvironment(nameOrUuid: string): Promise<EnvironmentRecord | undefined>;
  /** Deletes an environment and its deployment and release history; false when unknown. */
  deleteEnvironment(nameOrUuid: string): Promise<boolean>;

  // Deployments and releases
  /** Records a deployment, ending the previous current one of that service and instance there. */
  recordDeployment(input: DeploymentInput): Promise<DeploymentResult>;
  /** Ends a current deployment; undefined when there was none. */
  endDeployment(input: EndDeploymentInput): Promise<DeploymentRecord | undefined>;
  getDeployment(uuid: string): Promise<DeploymentRecord | undefined>;
  /** Deployments running in an environment (name or UUID), by service then instance. */
  currentDeployments(environment: string, filter?: { service?: string }): Promise<DeploymentRecord[]>;
  /** A service's deployment history, newest first. */
  deploymentsOf(service: string, filter?: { environment?: string; currentOnly?: boolean }): Promise<DeploymentRecord[]>;
  /** Records a release; a version already supported there is returned unchanged. */
  recordRelease(input: ReleaseInput): Promise<{ status: 'created' | 'unchanged'; release: ReleaseRecord }>;
  /** Ends support of a release; undefined when there was none. */
  endRelease(input: EndReleaseInput): Promise<ReleaseRecord | undefined>;
  /** Releases supported in an environment, by service then version. */
  currentReleases(environment: string, filter?: { service?: string }): Promise<ReleaseRecord[]>;
  /** A service's release history, newest first. */
  releasesOf(service: string): Promise<ReleaseRecord[]>;

  // Verification results
  recordVerification(input: VerificationInput): Promise<VerificationRecord>;
  listVerifications(filter?: VerificationFilter): Promise<VerificationRecord[]>;

  // Compatibility cache
  /** A stored compatibility result for that pact and spec content under that engine revision. */
  getCompat(pactHash: string, specHash: string, engine: string): Promise<JsonValue | undefined>;
  /** Several at once; keys of the map are `${pactHash}:${specHash}`. */
  getCompatMany(keys: CompatKey[], engine: string): Promise<Map<string, JsonValue>>;
  /** Stores (or replaces) a compatibility result. */
  putCompat(pactHash: string, specHash: string, engine: string, result: JsonValue): Promise<void>;

  // Counts
  counts(): Promise<StoreCounts>;
}
