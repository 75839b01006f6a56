// Rows as the database returns them, read into the records the `Store` interface answers.
import type { Selectable } from 'kysely';
import { parseStored } from './canonical.js';
import { bool, byText, iso, isoOrNull, num } from './rows.js';
import type { EnvironmentRow, ServiceRow, UsagesTable, VersionRow } from './schema.js';
import type {
  DeploymentRecord,
  EnvironmentRecord,
  OpenApiSummary,
  PactSummary,
  ReleaseRecord,
  ServiceRecord,
  UsageParam,
  UsageRecord,
  VerificationRecord,
  VersionRecord,
} from './types.js';

/** A usage row with its consumer, consumer version and provider. */
export type UsageRow = Selectable<UsagesTable> & {
  consumer_id: number;
  consumer: string;
  consumer_version: string;
  consumer_version_key: number | null;
  provider: string;
};

/** A service row as a record. */
export function mapService(row: ServiceRow): ServiceRecord {
  return {
    name: row.name,
    displayName: row.display_name,
    mainBranch: row.main_branch,
    repositoryUrl: row.repository_url,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A version row with its tags and branches as a record; branches oldest first. */
export function mapVersion(
  service: string,
  row: VersionRow,
  tags: ReadonlyArray<{ tag: string }>,
  branches: ReadonlyArray<{ branch: string; created_at: Date | string }>,
): VersionRecord {
  const ordered = [...branches].sort((a, b) => byText(iso(a.created_at), iso(b.created_at)) || byText(a.branch, b.branch)).map((b) => b.branch);
  return {
    service,
    version: row.number,
    branch: ordered[0] ?? null,
    branches: ordered,
    commit: row.commit_sha,
    buildUrl: row.build_url,
    tags: tags.map((tag) => tag.tag).sort(byText),
    createdAt: iso(row.created_at),
  };
}

/** A spec row as a summary. */
export function mapOpenApi(row: {
  service: string;
  version: string;
  content_hash: string;
  format: string;
  size: number;
  published_at: Date | string;
  updated_at: Date | string;
}): OpenApiSummary {
  return {
    service: row.service,
    version: row.version,
    hash: row.content_hash,
    format: row.format === 'yaml' ? 'yaml' : 'json',
    size: num(row.size),
    publishedAt: iso(row.published_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A pact row as a summary. */
export function mapPact(row: {
  consumer: string;
  consumer_version: string;
  provider: string;
  content_hash: string;
  size: number;
  published_at: Date | string;
  updated_at: Date | string;
}): PactSummary {
  return {
    consumer: row.consumer,
    consumerVersion: row.consumer_version,
    provider: row.provider,
    hash: row.content_hash,
    size: num(row.size),
    publishedAt: iso(row.published_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A usage row as a record, its JSON lists parsed. */
export function mapUsage(row: UsageRow): UsageRecord {
  return {
    consumer: row.consumer,
    consumerVersion: row.consumer_version,
    provider: row.provider,
    method: row.method,
    path: row.path,
    matched: bool(row.matched),
    params: JSON.parse(row.params) as UsageParam[],
    requestFields: JSON.parse(row.request_fields) as string[],
    responseFields: JSON.parse(row.response_fields) as string[],
    statuses: JSON.parse(row.statuses) as number[],
    interactions: JSON.parse(row.interactions) as string[],
  };
}

/** An environment row as a record. */
export function mapEnvironment(row: EnvironmentRow): EnvironmentRecord {
  return {
    uuid: row.uuid,
    name: row.name,
    displayName: row.display_name,
    production: bool(row.production),
    createdAt: iso(row.created_at),
  };
}

/** A deployment row as a record; the empty instance is none. */
export function mapDeployment(row: {
  uuid: string;
  service: string;
  version: string;
  environment: string;
  environment_uuid: string;
  instance: string;
  deployed_at: Date | string;
  undeployed_at: Date | string | null;
}): DeploymentRecord {
  return {
    uuid: row.uuid,
    service: row.service,
    version: row.version,
    environment: row.environment,
    environmentUuid: row.environment_uuid,
    instance: row.instance === '' ? null : row.instance,
    deployedAt: iso(row.deployed_at),
    undeployedAt: isoOrNull(row.undeployed_at),
    current: row.undeployed_at === null,
  };
}

/** A release row as a record. */
export function mapRelease(row: {
  uuid: string;
  service: string;
  version: string;
  environment: string;
  environment_uuid: string;
  released_at: Date | string;
  ended_at: Date | string | null;
}): ReleaseRecord {
  return {
    uuid: row.uuid,
    service: row.service,
    version: row.version,
    environment: row.environment,
    environmentUuid: row.environment_uuid,
    releasedAt: iso(row.released_at),
    endedAt: isoOrNull(row.ended_at),
    current: row.ended_at === null,
  };
}

/** A verification row as a record, its details parsed. */
export function mapVerification(row: {
  id: number;
  pact_hash: string;
  consumer: string;
  provider: string;
  provider_version: string;
  success: boolean | number;
  build_url: string | null;
  details: string | null;
  verified_at: Date | string;
}): VerificationRecord {
  return {
    id: row.id,
    pactHash: row.pact_hash,
    consumer: row.consumer,
    provider: row.provider,
    providerVersion: row.provider_version,
    success: bool(row.success),
    buildUrl: row.build_url,
    details: row.details === null ? null : parseStored(row.details),
    verifiedAt: iso(row.verified_at),
  };
}
