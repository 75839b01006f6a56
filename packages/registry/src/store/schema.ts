import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The tables as Kysely sees them, on both dialects.
 *
 * PostgreSQL stores timestamps as `timestamptz` and booleans as `boolean`; SQLite stores them as
 * ISO-8601 text and 0/1 integers. The select types say so, and the store's row mappers turn them
 * into ISO strings and booleans. JSON is kept as text on both so a content hash always matches
 * the exact bytes stored.
 */

/** A timestamp: written as an ISO string, read as a `Date` (PostgreSQL) or an ISO string (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;
/** A boolean: read as `boolean` (PostgreSQL) or 0/1 (SQLite). */
export type Bool = ColumnType<boolean | number, boolean, boolean>;
/** JSON serialised as text. */
export type JsonText = string;

export interface ServicesTable {
  id: Generated<number>;
  name: string;
  display_name: string | null;
  main_branch: string | null;
  repository_url: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface VersionsTable {
  id: Generated<number>;
  service_id: number;
  number: string;
  commit_sha: string | null;
  build_url: string | null;
  created_at: Timestamp;
  /** Position in the service's version order (0 = oldest); null only until the store fills it. */
  sort_key: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface VersionBranchesTable {
  version_id: number;
  branch: string;
  created_at: Timestamp;
}

export interface VersionTagsTable {
  version_id: number;
  tag: string;
  created_at: Timestamp;
}

/** Every contract body once, keyed by the sha256 of its canonical JSON. */
export interface ContentsTable {
  hash: string;
  body: JsonText;
  size: number;
  created_at: Timestamp;
}

export interface OpenApiSpecsTable {
  version_id: number;
  content_hash: string;
  format: string;
  published_at: Timestamp;
  updated_at: Timestamp;
}

export interface PactsTable {
  id: Generated<number>;
  consumer_version_id: number;
  provider_id: number;
  content_hash: string;
  published_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsagesTable {
  id: Generated<number>;
  consumer_version_id: number;
  provider_id: number;
  method: string;
  path: string;
  matched: Bool;
  params: JsonText;
  request_fields: JsonText;
  response_fields: JsonText;
  statuses: JsonText;
  interactions: JsonText;
}

export interface EnvironmentsTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  display_name: string | null;
  production: Bool;
  created_at: Timestamp;
}

export interface DeploymentsTable {
  id: Generated<number>;
  uuid: string;
  service_id: number;
  version_id: number;
  environment_id: number;
  /** '' for the unnamed instance, so the "one current per instance" unique index applies to it. */
  instance: string;
  deployed_at: Timestamp;
  undeployed_at: Timestamp | null;
}

export interface ReleasesTable {
  id: Generated<number>;
  uuid: string;
  service_id: number;
  version_id: number;
  environment_id: number;
  released_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface VerificationsTable {
  id: Generated<number>;
  pact_hash: string;
  consumer_id: number;
  provider_version_id: number;
  success: Bool;
  build_url: string | null;
  details: JsonText | null;
  verified_at: Timestamp;
}

export interface CompatTable {
  pact_hash: string;
  spec_hash: string;
  engine: string;
  result: JsonText;
  computed_at: Timestamp;
}

/** One row (`id` 1): a counter every write transaction increases (`bigint` on PostgreSQL, read as a string). */
export interface StoreRevisionTable {
  id: number;
  value: ColumnType<number | string, number, number>;
}

/** The registry's schema, the same on SQLite and PostgreSQL. */
export interface Database {
  services: ServicesTable;
  versions: VersionsTable;
  version_branches: VersionBranchesTable;
  version_tags: VersionTagsTable;
  contents: ContentsTable;
  openapi_specs: OpenApiSpecsTable;
  pacts: PactsTable;
  usages: UsagesTable;
  environments: EnvironmentsTable;
  deployments: DeploymentsTable;
  releases: ReleasesTable;
  verifications: VerificationsTable;
  compat: CompatTable;
  store_revision: StoreRevisionTable;
}

export type ServiceRow = Selectable<ServicesTable>;
export type VersionRow = Selectable<VersionsTable>;
export type EnvironmentRow = Selectable<EnvironmentsTable>;
export type NewUsageRow = Insertable<UsagesTable>;
