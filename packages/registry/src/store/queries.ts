// Row operations the store's areas share: services, versions and environments found or created
// safely under concurrent writers, contents stored by hash, and the version order.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { hashContent, parseStored } from './canonical.js';
import { iso, now } from './rows.js';
import type { Database, EnvironmentRow, NewUsageRow, VersionRow } from './schema.js';
import type { JsonValue, OnConflict, PublishResult, ServiceVersionRef, StoreDialect, UsageInput, VersionInfo } from './types.js';
import { rankVersions } from './version-order.js';
import type { EnvironmentChanges } from './validate.js';

/** The Kysely handle the store runs on: the whole database or one transaction. */
export type Db = Kysely<Database>;

/*
 * Column lists instead of `select *`: PostgreSQL refuses to run a prepared statement whose result
 * columns changed since it was prepared, so a later migration adding a column would break the
 * statements a running instance keeps prepared (see postgres.ts).
 */
export const SERVICE_COLUMNS = ['id', 'name', 'display_name', 'main_branch', 'repository_url', 'created_at', 'updated_at'] as const;
/** Column lists of the other tables, bare and under the aliases the joins use. */
export const VERSION_COLUMNS = ['id', 'service_id', 'number', 'commit_sha', 'build_url', 'created_at', 'sort_key'] as const;
export const VERSION_COLUMNS_V = ['v.id', 'v.service_id', 'v.number', 'v.commit_sha', 'v.build_url', 'v.created_at', 'v.sort_key'] as const;
export const ENVIRONMENT_COLUMNS = ['id', 'uuid', 'name', 'display_name', 'production', 'created_at'] as const;
export const USAGE_COLUMNS_U = [
  'u.id',
  'u.consumer_version_id',
  'u.provider_id',
  'u.method',
  'u.path',
  'u.matched',
  'u.params',
  'u.request_fields',
  'u.response_fields',
  'u.statuses',
  'u.interactions',
] as const;

/** Thrown inside a publication's transaction to roll it back when the content is refused. */
export class Refused extends Error {
  constructor(
    readonly storedHash: string,
    readonly rejectedHash: string,
  ) {
    super('refused');
  }
}

/** Rows per multi-row INSERT, well under SQLite's and PostgreSQL's bound-parameter limits. */
export const INSERT_CHUNK = 200;

/** What a publication stored, and the content the version holds afterwards. */
export interface Resolved {
  result: PublishResult;
  /** The content stored for that version after the publication. */
  content: JsonValue;
}

/** Decides what a publication does when the version already has content. */
export async function resolveConflict(
  trx: Db,
  storedHash: string,
  incoming: { hash: string; text: string },
  incomingContent: JsonValue,
  onConflict: OnConflict = 'reject',
  what: string,
): Promise<Resolved> {
  if (storedHash === incoming.hash) return { result: { status: 'unchanged', hash: storedHash }, content: incomingContent };
  if (onConflict === 'reject') throw new Refused(storedHash, incoming.hash);
  if (onConflict === 'overwrite') {
    await putContent(trx, incoming.hash, incoming.text);
    return { result: { status: 'updated', hash: incoming.hash, previousHash: storedHash }, content: incomingContent };
  }
  const storedRow = await trx.selectFrom('contents').select('body').where('hash', '=', storedHash).executeTakeFirstOrThrow();
  const stored = parseStored(storedRow.body);
  const merged = onConflict.merge(stored, incomingContent);
  const next = hashContent(merged, `merged ${what}`);
  if (next.hash === storedHash) return { result: { status: 'unchanged', hash: storedHash }, content: stored };
  await putContent(trx, next.hash, next.text);
  return { result: { status: 'updated', hash: next.hash, previousHash: storedHash }, content: merged };
}

/**
 * Runs a query for some consumer versions, a few hundred at a time: it narrows by the names and
 * version strings (flat `IN` lists; a long OR of pairs would exceed SQLite's expression depth),
 * then keeps the exact pairs.
 */
export async function forConsumerVersions<R extends { consumer: string; consumer_version: string }>(
  refs: readonly ServiceVersionRef[],
  run: (services: string[], versions: string[]) => Promise<R[]>,
): Promise<R[]> {
  const rows: R[] = [];
  const unique = [...new Map(refs.map((ref) => [JSON.stringify([ref.service, ref.version]), ref])).entries()];
  for (const chunk of chunks(unique, 250)) {
    const pairs = new Set(chunk.map(([key]) => key));
    const found = await run([...new Set(chunk.map(([, ref]) => ref.service))], [...new Set(chunk.map(([, ref]) => ref.version))]);
    rows.push(...found.filter((row) => pairs.has(JSON.stringify([row.consumer, row.consumer_version]))));
  }
  return rows;
}

/** Stores a content under its hash; a content stored before is kept as it is. */
export async function putContent(db: Db, hash: string, text: string): Promise<void> {
  await db
    .insertInto('contents')
    .values({ hash, body: text, size: Buffer.byteLength(text, 'utf8'), created_at: now() })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}

/** The service's id, or undefined. */
export async function findServiceId(db: Db, name: string): Promise<number | undefined> {
  return (await db.selectFrom('services').select('id').where('name', '=', name).executeTakeFirst())?.id;
}

/** The service's id, inserting it when missing; safe when another writer inserts it at the same time. */
export async function ensureServiceId(db: Db, name: string): Promise<number> {
  const found = await findServiceId(db, name);
  if (found !== undefined) return found;
  const at = now();
  const inserted = await db
    .insertInto('services')
    .values({ name, display_name: null, main_branch: null, repository_url: null, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? (await db.selectFrom('services').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

/** A version's tags and branches in one round trip. */
export async function versionLabels(db: Db, versionId: number): Promise<[Array<{ tag: string }>, Array<{ branch: string; created_at: Date | string }>]> {
  const rows = await db
    .selectFrom('version_tags')
    .select([sql<string>`'tag'`.as('kind'), 'tag as name', 'created_at'])
    .where('version_id', '=', versionId)
    .unionAll(
      db
        .selectFrom('version_branches')
        .select([sql<string>`'branch'`.as('kind'), 'branch as name', 'created_at'])
        .where('version_id', '=', versionId),
    )
    .execute();
  return [
    rows.filter((row) => row.kind === 'tag').map((row) => ({ tag: row.name })),
    rows.filter((row) => row.kind === 'branch').map((row) => ({ branch: row.name, created_at: row.created_at })),
  ];
}

/** A version of a service by its number, or undefined. */
export async function findVersionRow(db: Db, serviceId: number, number: string): Promise<VersionRow | undefined> {
  return db.selectFrom('versions').select(VERSION_COLUMNS).where('service_id', '=', serviceId).where('number', '=', number).executeTakeFirst();
}

/** The version's id, inserting it (and placing it in its service's order) when missing. */
export async function ensureVersionId(db: Db, serviceId: number, number: string, dialect: StoreDialect): Promise<number> {
  const found = await findVersionRow(db, serviceId, number);
  if (found) return found.id;
  const inserted = await db
    .insertInto('versions')
    .values({ service_id: serviceId, number, commit_sha: null, build_url: null, created_at: now() })
    .onConflict((oc) => oc.columns(['service_id', 'number']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return (await findVersionRow(db, serviceId, number))!.id;
  await reorderVersions(db, serviceId, dialect);
  return inserted.id;
}

/**
 * Stores each version's place in its service's order (`sortVersions`), updating only the places
 * that moved: usually just the new version's. On PostgreSQL the service row is locked first, so
 * two writers adding versions of one service take turns and the second sees the first's version;
 * `NO KEY UPDATE` because rows referring to the service (a pact, a deployment) only need it to
 * exist, and a stronger lock would make them wait, or deadlock with a writer holding their row.
 * SQLite's `BEGIN IMMEDIATE` already serialises writers.
 */
export async function reorderVersions(db: Db, serviceId: number, dialect: StoreDialect): Promise<void> {
  if (dialect === 'postgres') await db.selectFrom('services').select('id').where('id', '=', serviceId).forNoKeyUpdate().execute();
  const rows = await db.selectFrom('versions').select(['id', 'number', 'created_at', 'sort_key']).where('service_id', '=', serviceId).execute();
  const moved: Array<[number, number]> = [];
  for (const [row, place] of rankVersions(rows, versionKey)) if (row.sort_key !== place) moved.push([row.id, place]);
  for (const chunk of chunks(moved, INSERT_CHUNK)) {
    const places = sql.join(chunk.map(([id, place]) => sql`when ${id} then cast(${place} as integer)`), sql` `);
    await db
      .updateTable('versions')
      .set({ sort_key: sql<number>`case id ${places} end` })
      .where('id', 'in', chunk.map(([id]) => id))
      .execute();
  }
}

/** Version order by stored place; a version not placed yet (see `placeUnorderedVersions`) goes last. */
export function byOrder(a: { id: number; sort_key: number | null }, b: { id: number; sort_key: number | null }): number {
  return (a.sort_key ?? Number.MAX_SAFE_INTEGER) - (b.sort_key ?? Number.MAX_SAFE_INTEGER) || a.id - b.id;
}

/** Two rows of one consumer by its version order. */
export function byConsumerVersion(
  a: { consumer_version_id: number; consumer_version_key: number | null },
  b: { consumer_version_id: number; consumer_version_key: number | null },
): number {
  return byOrder({ id: a.consumer_version_id, sort_key: a.consumer_version_key }, { id: b.consumer_version_id, sort_key: b.consumer_version_key });
}

/** Adds a version's commit, build URL, branch and tags; labels it already has are kept. */
export async function attachVersionInfo(db: Db, versionId: number, info: VersionInfo): Promise<void> {
  const changes: { commit_sha?: string; build_url?: string } = {};
  if (info.commit !== undefined) changes.commit_sha = info.commit;
  if (info.buildUrl !== undefined) changes.build_url = info.buildUrl;
  if (Object.keys(changes).length > 0) await db.updateTable('versions').set(changes).where('id', '=', versionId).execute();
  const at = now();
  if (info.branch !== undefined) {
    await db
      .insertInto('version_branches')
      .values({ version_id: versionId, branch: info.branch, created_at: at })
      .onConflict((oc) => oc.columns(['version_id', 'branch']).doNothing())
      .execute();
  }
  const tags = [...new Set(info.tags ?? [])];
  if (tags.length > 0) {
    await db
      .insertInto('version_tags')
      .values(tags.map((tag) => ({ version_id: versionId, tag, created_at: at })))
      .onConflict((oc) => oc.columns(['version_id', 'tag']).doNothing())
      .execute();
  }
}

/** An environment by name or UUID, or undefined. */
export async function findEnvironment(db: Db, nameOrUuid: string): Promise<EnvironmentRow | undefined> {
  const rows = await db
    .selectFrom('environments')
    .select(ENVIRONMENT_COLUMNS)
    .where((eb) => eb.or([eb('name', '=', nameOrUuid), eb('uuid', '=', nameOrUuid)]))
    .execute();
  // A name that happens to be another environment's UUID: the exact UUID wins, as in URLs.
  return rows.find((row) => row.uuid === nameOrUuid) ?? rows[0];
}

/** The environment's row, inserting it with `changes` when missing; safe under concurrent writers. */
export async function ensureEnvironmentRow(db: Db, name: string, changes: EnvironmentChanges): Promise<EnvironmentRow> {
  const select = () => db.selectFrom('environments').select(ENVIRONMENT_COLUMNS).where('name', '=', name).executeTakeFirst();
  const found = await select();
  if (found) return found;
  await db
    .insertInto('environments')
    .values({
      uuid: randomUUID(),
      name,
      display_name: changes.display_name ?? null,
      production: changes.production ?? false,
      created_at: now(),
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await select())!;
}

/** Stores the usages of a consumer version's pact with a provider, replacing those stored before. */
export async function replaceUsageRows(db: Db, consumerVersionId: number, providerId: number, usages: UsageInput[], replace = true): Promise<void> {
  // A pact just created has no usages yet (usages are only ever stored for a stored pact).
  if (replace) await db.deleteFrom('usages').where('consumer_version_id', '=', consumerVersionId).where('provider_id', '=', providerId).execute();
  const rows: NewUsageRow[] = usages.map((usage) => ({
    consumer_version_id: consumerVersionId,
    provider_id: providerId,
    method: usage.method,
    path: usage.path,
    matched: usage.matched,
    params: JSON.stringify(usage.params),
    request_fields: JSON.stringify(usage.requestFields),
    response_fields: JSON.stringify(usage.responseFields),
    statuses: JSON.stringify(usage.statuses),
    interactions: JSON.stringify(usage.interactions),
  }));
  for (const chunk of chunks(rows, INSERT_CHUNK)) await db.insertInto('usages').values(chunk).execute();
}

/** What `rankVersions` orders a version row by. */
export function versionKey(row: { id: number; number: string; created_at: Date | string }) {
  return { number: row.number, createdAt: iso(row.created_at), seq: row.id };
}

/** Items grouped by key, each group in the items' order. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The items in slices of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}
