import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import type { CompiledQuery, Transaction } from 'kysely';
import { RollgateError } from '@rollgate/openapi';
import { hashContent, parseStored } from './canonical.js';
import { migrationProvider } from './migrations/index.js';
import { byText, checkHash, checkName, checkText, invalidInput, iso, notFound, now, num, storeBusy } from './rows.js';
import type { Database, EnvironmentRow, VersionRow } from './schema.js';
import type {
  BranchRecord,
  CompatKey,
  DeploymentInput,
  DeploymentRecord,
  DeploymentResult,
  EndDeploymentInput,
  EndReleaseInput,
  EnvironmentInput,
  EnvironmentRecord,
  JsonValue,
  LatestVersionFilter,
  MigrationOutcome,
  OpenApiRecord,
  OpenApiSummary,
  PactFilter,
  PactRecord,
  PactSummary,
  PactToStore,
  ProviderUsageFilter,
  PublishOptions,
  PublishResult,
  PutPactOptions,
  PutPactsResult,
  ReleaseInput,
  ReleaseRecord,
  ServicePatch,
  ServiceRecord,
  ServiceSummary,
  Store,
  StoreCounts,
  StoreDialect,
  UsageInput,
  UsageRecord,
  VerificationFilter,
  VerificationInput,
  VerificationRecord,
  VersionInfo,
  VersionRecord,
} from './types.js';
import { SERVICE_COLUMNS, VERSION_COLUMNS, VERSION_COLUMNS_V, ENVIRONMENT_COLUMNS, USAGE_COLUMNS_U, Refused, INSERT_CHUNK, resolveConflict, forConsumerVersions, putContent, findServiceId, ensureServiceId, versionLabels, findVersionRow, ensureVersionId, reorderVersions, byOrder, byConsumerVersion, attachVersionInfo, findEnvironment, ensureEnvironmentRow, replaceUsageRows, groupBy, chunks } from './queries.js';
import type { Db, Resolved } from './queries.js';
import { mapService, mapVersion, mapOpenApi, mapPact, mapUsage, mapEnvironment, mapDeployment, mapRelease, mapVerification } from './records.js';
import type { UsageRow } from './records.js';
import { servicePatch, environmentChanges, checkVersionInfo, checkFormat, checkUsages } from './validate.js';

/** The `Store` over Kysely, the same code for SQLite and PostgreSQL. */
export class KyselyStore implements Store {
  #closed = false;
  // Compiled once: the revision is read before every cached answer, so building the query each
  // time would cost more than running it.
  readonly #revisionQuery: CompiledQuery<{ value: number | string }>;

  constructor(
    private readonly db: Db,
    readonly dialect: StoreDialect,
    readonly location: string,
    /** PostgreSQL: the schema the store lives in, where the migrator keeps its own tables too. */
    private readonly schema?: string,
  ) {
    this.#revisionQuery = db.selectFrom('store_revision').select('value').where('id', '=', 1).compile();
  }

  /** Runs pending migrations; a no-op when there are none. */
  async migrate(): Promise<MigrationOutcome[]> {
    const migrator = new Migrator({
      db: this.db,
      provider: migrationProvider(this.dialect),
      migrationTableName: 'rollgate_migrations',
      migrationLockTableName: 'rollgate_migrations_lock',
      // Named explicitly: otherwise the migrator would take a table of that name in any schema
      // of the database (another registry's, an old test run's) for its own.
      ...(this.schema ? { migrationTableSchema: this.schema } : {}),
    });
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error) {
      const failed = results.find((result) => result.status === 'Error');
      const reason = error instanceof Error ? error.message : String(error);
      throw new RollgateError(
        'STORE_MIGRATION',
        `database migration ${failed ? `"${failed.migrationName}" ` : ''}failed on ${this.location}: ${reason}`,
      );
    }
    await this.placeUnorderedVersions();
    return results.map((result) => ({ name: result.migrationName, status: result.status }));
  }

  /**
   * Gives versions without a place in their service's order one: those stored before the order
   * was persisted, or written by an older registry instance during an upgrade.
   */
  private async placeUnorderedVersions(): Promise<void> {
    const pending = await this.db.selectFrom('versions').select('service_id').where('sort_key', 'is', null).distinct().execute();
    if (pending.length === 0) return;
    await this.tx(async (trx) => {
      for (const { service_id } of pending) await reorderVersions(trx, service_id, this.dialect);
    });
  }

  /** A cheap round trip to the database. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /** The store's revision, increased by every write transaction. */
  async revision(): Promise<number> {
    const { rows } = await this.db.executeQuery(this.#revisionQuery);
    return num(rows[0]?.value);
  }

  /** Closes the connections; later calls do nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.destroy();
  }

  // ---------------------------------------------------------------- services

  /** Returns the service, creating it when missing. */
  async ensureService(name: string, patch?: ServicePatch): Promise<ServiceRecord> {
    checkName('service', name);
    const changes = servicePatch(patch);
    if (Object.keys(changes).length === 0) {
      // Most calls find the service; they need no transaction (nor SQLite's write lock).
      const existing = await this.getService(name);
      if (existing) return existing;
    }
    return this.tx(async (trx) => {
      const id = await ensureServiceId(trx, name);
      if (Object.keys(changes).length > 0) await trx.updateTable('services').set({ ...changes, updated_at: now() }).where('id', '=', id).execute();
      return mapService(await trx.selectFrom('services').select(SERVICE_COLUMNS).where('id', '=', id).executeTakeFirstOrThrow());
    });
  }

  /** Updates a service's properties, creating it when missing. */
  async updateService(name: string, patch: ServicePatch): Promise<ServiceRecord> {
    return this.ensureService(name, patch);
  }

  /** The service, or undefined. */
  async getService(name: string): Promise<ServiceRecord | undefined> {
    const row = await this.db.selectFrom('services').select(SERVICE_COLUMNS).where('name', '=', name).executeTakeFirst();
    return row && mapService(row);
  }

  /** Every service with its counts, by name. */
  async listServices(): Promise<ServiceSummary[]> {
    // Three flat reads counted here: correlated count subqueries per service were an order of
    // magnitude slower on PostgreSQL (each one rescanned the pacts).
    const [services, versions, edges] = await Promise.all([
      this.db.selectFrom('services').select(SERVICE_COLUMNS).execute(),
      this.db.selectFrom('versions').select(['id', 'service_id', 'number', 'sort_key']).execute(),
      this.db
        .selectFrom('pacts as p')
        .innerJoin('versions as cv', 'cv.id', 'p.consumer_version_id')
        .select(['cv.service_id as consumer_id', 'p.provider_id'])
        .distinct()
        .execute(),
    ]);
    const byService = groupBy(versions, (version) => version.service_id);
    const consumers = groupBy(edges, (edge) => edge.provider_id);
    const providers = groupBy(edges, (edge) => edge.consumer_id);
    return services
      .map((row) => {
        const own = byService.get(row.id) ?? [];
        return {
          ...mapService(row),
          versionCount: own.length,
          consumerCount: consumers.get(row.id)?.length ?? 0,
          providerCount: providers.get(row.id)?.length ?? 0,
          latestVersion: own.reduce<(typeof own)[number] | undefined>((newest, version) => (!newest || byOrder(newest, version) < 0 ? version : newest), undefined)?.number ?? null,
        };
      })
      .sort((a, b) => byText(a.name, b.name));
  }

  /** Deletes a service and everything recorded about it; false when unknown. */
  async deleteService(name: string): Promise<boolean> {
    const result = await this.tx((trx) => trx.deleteFrom('services').where('name', '=', name).executeTakeFirst());
    return num(result.numDeletedRows) > 0;
  }

  // ---------------------------------------------------------------- versions

  /** Returns the version, creating the service and version when missing, and attaches `info`. */
  async ensureVersion(service: string, version: string, info: VersionInfo = {}): Promise<VersionRecord> {
    checkName('service', service);
    checkName('version', version);
    checkVersionInfo(info);
    if (info.branch === undefined && info.commit === undefined && info.buildUrl === undefined && !info.tags?.length) {
      const existing = await this.getVersion(service, version);
      if (existing) return existing;
    }
    return this.tx(async (trx) => {
      const serviceId = await ensureServiceId(trx, service);
      const versionId = await ensureVersionId(trx, serviceId, version, this.dialect);
      await attachVersionInfo(trx, versionId, info);
      return this.versionRecord(trx, service, versionId);
    });
  }

  /** The version, or undefined. */
  async getVersion(service: string, version: string): Promise<VersionRecord | undefined> {
    // Two reads rather than one join on a UNION of tags and branches: SQLite would build that
    // whole union for every call.
    const row = await this.findVersionByName(this.db, service, version);
    return row && mapVersion(service, row, ...(await versionLabels(this.db, row.id)));
  }

  /** Versions oldest first (see `sortVersions`). */
  async listVersions(service: string): Promise<VersionRecord[]> {
    const [rows, labels] = await Promise.all([
      this.db
        .selectFrom('versions as v')
        .innerJoin('services as s', 's.id', 'v.service_id')
        .select(VERSION_COLUMNS_V)
        .where('s.name', '=', service)
        .execute(),
      this.db
        .selectFrom('version_tags as t')
        .innerJoin('versions as v', 'v.id', 't.version_id')
        .innerJoin('services as s', 's.id', 'v.service_id')
        .select(['t.version_id', sql<string>`'tag'`.as('kind'), 't.tag as name', 't.created_at'])
        .where('s.name', '=', service)
        .unionAll((eb) =>
          eb
            .selectFrom('version_branches as b')
            .innerJoin('versions as v', 'v.id', 'b.version_id')
            .innerJoin('services as s', 's.id', 'v.service_id')
            .select(['b.version_id', sql<string>`'branch'`.as('kind'), 'b.branch as name', 'b.created_at'])
            .where('s.name', '=', service),
        )
        .execute(),
    ]);
    const tagsOf = groupBy(
      labels.filter((label) => label.kind === 'tag').map((label) => ({ version_id: label.version_id, tag: label.name })),
      (tag) => tag.version_id,
    );
    const branchesOf = groupBy(
      labels.filter((label) => label.kind === 'branch').map((label) => ({ version_id: label.version_id, branch: label.name, created_at: label.created_at })),
      (branch) => branch.version_id,
    );
    return rows.sort(byOrder).map((row) => mapVersion(service, row, tagsOf.get(row.id) ?? [], branchesOf.get(row.id) ?? []));
  }

  /** The newest version, optionally among those on a branch or with a tag. */
  async latestVersion(service: string, filter: LatestVersionFilter = {}): Promise<VersionRecord | undefined> {
    const versions = await this.listVersions(service);
    return versions.findLast(
      (version) =>
        (filter.branch === undefined || version.branches.includes(filter.branch)) &&
        (filter.tag === undefined || version.tags.includes(filter.tag)),
    );
  }

  /** Deletes a version and everything recorded about it; false when unknown. */
  async deleteVersion(service: string, version: string): Promise<boolean> {
    const row = await this.findVersionByName(this.db, service, version);
    if (!row) return false;
    const result = await this.tx(async (trx) => {
      const deleted = await trx.deleteFrom('versions').where('id', '=', row.id).executeTakeFirst();
      // Without it, semver versions may take other places among the rest.
      await reorderVersions(trx, row.service_id, this.dialect);
      return deleted;
    });
    return num(result.numDeletedRows) > 0;
  }

  /** Adds a tag to a version, creating the version when missing. */
  async addTag(service: string, version: string, tag: string): Promise<VersionRecord> {
    checkName('tag', tag);
    return this.ensureVersion(service, version, { tags: [tag] });
  }

  /** Removes a tag; false when it was not there. */
  async removeTag(service: string, version: string, tag: string): Promise<boolean> {
    const row = await this.findVersionByName(this.db, service, version);
    if (!row) return false;
    const result = await this.tx((trx) => trx.deleteFrom('version_tags').where('version_id', '=', row.id).where('tag', '=', tag).executeTakeFirst());
    return num(result.numDeletedRows) > 0;
  }

  /** Adds a version to a branch, creating the version when missing. */
  async addBranch(service: string, version: string, branch: string): Promise<VersionRecord> {
    checkName('branch', branch);
    return this.ensureVersion(service, version, { branch });
  }

  /** A service's branches by name, each with its newest version. */
  async listBranches(service: string): Promise<BranchRecord[]> {
    const versions = await this.listVersions(service);
    const branches = new Map<string, BranchRecord>();
    for (const version of versions) {
      for (const name of version.branches) {
        const known = branches.get(name);
        if (known) known.latestVersion = version.version;
        else branches.set(name, { service, name, latestVersion: version.version, createdAt: version.createdAt });
      }
    }
    const firstSeen = await this.db
      .selectFrom('version_branches as b')
      .innerJoin('versions as v', 'v.id', 'b.version_id')
      .innerJoin('services as s', 's.id', 'v.service_id')
      .select(['b.branch', (eb) => eb.fn.min('b.created_at').as('created_at')])
      .where('s.name', '=', service)
      .groupBy('b.branch')
      .execute();
    for (const row of firstSeen) {
      const branch = branches.get(row.branch);
      if (branch && row.created_at !== null) branch.createdAt = iso(row.created_at);
    }
    return [...branches.values()].sort((a, b) => byText(a.name, b.name));
  }

  // ---------------------------------------------------------------- contracts

  /** Stores a provider version's OpenAPI document by content hash. */
  async putOpenApi(service: string, version: string, document: JsonValue, options: PublishOptions = {}): Promise<PublishResult> {
    checkName('service', service);
    checkName('version', version);
    checkVersionInfo(options);
    const format = checkFormat(options.format);
    const incoming = hashContent(document, 'OpenAPI document');
    return refusedAsConflict(() =>
      this.tx(async (trx) => {
        const serviceId = await ensureServiceId(trx, service);
        const versionId = await ensureVersionId(trx, serviceId, version, this.dialect);
        await attachVersionInfo(trx, versionId, options);
        const stored = () => trx.selectFrom('openapi_specs').select('content_hash').where('version_id', '=', versionId).executeTakeFirst();
        let existing = await stored();
        const at = now();
        if (!existing) {
          await putContent(trx, incoming.hash, incoming.text);
          const inserted = await trx
            .insertInto('openapi_specs')
            .values({ version_id: versionId, content_hash: incoming.hash, format, published_at: at, updated_at: at })
            .onConflict((oc) => oc.column('version_id').doNothing())
            .returning('version_id')
            .executeTakeFirst();
          if (inserted) return { status: 'created', hash: incoming.hash } as const;
          // Another registry instance published this version meanwhile: judge against its content.
          existing = await stored();
          if (!existing) throw new Error('openapi_specs row vanished during publication');
        }
        const outcome = await resolveConflict(trx, existing.content_hash, incoming, document, options.onConflict, 'OpenAPI document');
        if (outcome.result.status === 'updated') {
          await trx
            .updateTable('openapi_specs')
            .set({ content_hash: outcome.result.hash, format, updated_at: at })
            .where('version_id', '=', versionId)
            .execute();
        }
        return outcome.result;
      }),
    );
  }

  /** A provider version's OpenAPI document, or undefined. */
  async getOpenApi(service: string, version: string): Promise<OpenApiRecord | undefined> {
    const row = await this.openApiQuery()
      .select('c.body')
      .where('s.name', '=', service)
      .where('v.number', '=', version)
      .executeTakeFirst();
    return row && { ...mapOpenApi(row), document: parseStored(row.body) };
  }

  /** A provider's published specs in version order. */
  async listOpenApi(service: string): Promise<OpenApiSummary[]> {
    const rows = await this.openApiQuery().select(['v.id', 'v.sort_key']).where('s.name', '=', service).execute();
    return rows.sort(byOrder).map(mapOpenApi);
  }

  /** Stores a consumer version's pact with a provider by content hash, with its usages. */
  async putPact(consumer: string, version: string, provider: string, content: JsonValue, options: PutPactOptions = {}): Promise<PublishResult> {
    const [pact] = checkPacts(consumer, version, [{ provider, content, options }]);
    return refusedAsConflict(() => this.tx((trx) => this.storePacts(trx, consumer, version, [pact!]).then(([result]) => result!)));
  }

  /**
   * Stores several pacts of one consumer version in one transaction: all of them, or none when
   * one is refused (different content stored and no `onConflict` that allows it) or fails.
   */
  async putPacts(consumer: string, version: string, pacts: readonly PactToStore[]): Promise<PutPactsResult> {
    const checked = checkPacts(consumer, version, pacts);
    try {
      return { stored: true, results: await this.tx((trx) => this.storePacts(trx, consumer, version, checked)) };
    } catch (error) {
      if (error instanceof RefusedPact) return { stored: false, refused: { provider: error.provider, hash: error.storedHash, rejectedHash: error.rejectedHash } };
      throw error;
    }
  }

  private async storePacts(trx: Transaction<Database>, consumer: string, version: string, pacts: readonly CheckedPact[]): Promise<PublishResult[]> {
    // Services are created in name order: two instances publishing B->A and A->B for two new
    // services at once would otherwise each wait for the other's uncommitted row (a deadlock on PostgreSQL).
    const ids = new Map<string, number>();
    for (const name of [...new Set([consumer, ...pacts.map((p) => p.provider)])].sort(byText)) ids.set(name, await ensureServiceId(trx, name));
    const consumerId = ids.get(consumer)!;
    const versionId = await ensureVersionId(trx, consumerId, version, this.dialect);
    const results: PublishResult[] = [];
    for (const { provider, content, options, incoming, presetUsages } of pacts) {
      const providerId = ids.get(provider)!;
      await attachVersionInfo(trx, versionId, options);
      const stored = () =>
        trx
          .selectFrom('pacts')
          .select(['id', 'content_hash'])
          .where('consumer_version_id', '=', versionId)
          .where('provider_id', '=', providerId)
          .executeTakeFirst();
      let existing = await stored();
      const at = now();
      let outcome: Resolved | undefined;
      if (!existing) {
        await putContent(trx, incoming.hash, incoming.text);
        const inserted = await trx
          .insertInto('pacts')
          .values({ consumer_version_id: versionId, provider_id: providerId, content_hash: incoming.hash, published_at: at, updated_at: at })
          .onConflict((oc) => oc.columns(['consumer_version_id', 'provider_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (inserted) outcome = { result: { status: 'created', hash: incoming.hash }, content };
        else {
          existing = await stored();
          if (!existing) throw new Error('pacts row vanished during publication');
        }
      }
      if (!outcome) {
        try {
          outcome = await resolveConflict(trx, existing!.content_hash, incoming, content, options.onConflict, 'pact');
        } catch (error) {
          if (error instanceof Refused) throw new RefusedPact(provider, error);
          throw error;
        }
        if (outcome.result.status === 'updated') {
          await trx.updateTable('pacts').set({ content_hash: outcome.result.hash, updated_at: at }).where('id', '=', existing!.id).execute();
        }
      }
      if (options.usages !== undefined) {
        const usages = presetUsages ?? checkUsages((options.usages as (stored: JsonValue) => UsageInput[])(outcome.content));
        await replaceUsageRows(trx, versionId, providerId, usages, outcome.result.status !== 'created');
      }
      results.push(outcome.result);
    }
    return results;
  }

  /** A consumer version's pact with a provider, or undefined. */
  async getPact(consumer: string, version: string, provider: string): Promise<PactRecord | undefined> {
    const row = await this.pactQuery()
      .select('ct.body')
      .where('c.name', '=', consumer)
      .where('cv.number', '=', version)
      .where('pr.name', '=', provider)
      .executeTakeFirst();
    return row && { ...mapPact(row), content: parseStored(row.body) };
  }

  /** Pacts matching the filter, by consumer, consumer version order, then provider. */
  async listPacts(filter: PactFilter = {}): Promise<PactSummary[]> {
    const build = () => {
      let query = this.pactQuery();
      if (filter.consumer !== undefined) query = query.where('c.name', '=', filter.consumer);
      if (filter.consumerVersion !== undefined) query = query.where('cv.number', '=', filter.consumerVersion);
      if (filter.provider !== undefined) query = query.where('pr.name', '=', filter.provider);
      if (filter.hash !== undefined) query = query.where('p.content_hash', '=', filter.hash);
      const environment = filter.deployedIn;
      if (environment !== undefined) {
        // A join in the database rather than a list of running versions sent to it: the statement
        // stays the same (and prepared) whatever the environment's size.
        query = query.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('deployments as d')
              .innerJoin('environments as e', 'e.id', 'd.environment_id')
              .select('d.id')
              .whereRef('d.version_id', '=', 'p.consumer_version_id')
              .where('d.undeployed_at', 'is', null)
              .where((eb) => eb.or([eb('e.name', '=', environment), eb('e.uuid', '=', environment)])),
          ),
        );
      }
      return query;
    };
    const wanted = filter.consumerVersions;
    const rows = wanted
      ? await forConsumerVersions(wanted, (services, versions) => build().where('c.name', 'in', services).where('cv.number', 'in', versions).execute())
      : await build().execute();
    return rows
      .sort((a, b) => byText(a.consumer, b.consumer) || byConsumerVersion(a, b) || byText(a.provider, b.provider))
      .map(mapPact);
  }

  /** Any stored content by hash. */
  async getContent(hash: string): Promise<JsonValue | undefined> {
    const row = await this.db.selectFrom('contents').select('body').where('hash', '=', hash).executeTakeFirst();
    return row && parseStored(row.body);
  }

  // ---------------------------------------------------------------- usages

  /** Replaces the usages stored for a consumer version's pact with a provider. */
  async replaceUsages(consumer: string, version: string, provider: string, usages: UsageInput[]): Promise<void> {
    const rows = checkUsages(usages);
    await this.tx(async (trx) => {
      const pact = await trx
        .selectFrom('pacts as p')
        .innerJoin('versions as cv', 'cv.id', 'p.consumer_version_id')
        .innerJoin('services as c', 'c.id', 'cv.service_id')
        .innerJoin('services as pr', 'pr.id', 'p.provider_id')
        .select(['p.consumer_version_id', 'p.provider_id'])
        .where('c.name', '=', consumer)
        .where('cv.number', '=', version)
        .where('pr.name', '=', provider)
        .executeTakeFirst();
      if (!pact) throw new RollgateError('NOT_FOUND', `no pact of ${consumer} ${version} with ${provider}`);
      await replaceUsageRows(trx, pact.consumer_version_id, pact.provider_id, rows);
    });
  }

  /** Who uses a provider, by consumer, consumer version order, path and method. */
  async usagesOfProvider(provider: string, filter: ProviderUsageFilter = {}): Promise<UsageRecord[]> {
    let query = this.usageQuery().where('pr.name', '=', provider);
    if (filter.method !== undefined) query = query.where('u.method', '=', filter.method.toUpperCase());
    if (filter.path !== undefined) query = query.where('u.path', '=', filter.path);
    const wanted = filter.consumerVersions;
    const rows = wanted
      ? await forConsumerVersions(wanted, (services, versions) => query.where('c.name', 'in', services).where('cv.number', 'in', versions).execute())
      : await query.execute();
    return this.sortedUsages(rows);
  }

  /** What a consumer version uses, optionally of one provider. */
  async usagesOfConsumer(consumer: string, version: string, provider?: string): Promise<UsageRecord[]> {
    let query = this.usageQuery().where('c.name', '=', consumer).where('cv.number', '=', version);
    if (provider !== undefined) query = query.where('pr.name', '=', provider);
    return this.sortedUsages(await query.execute());
  }

  // ---------------------------------------------------------------- environments

  /** Returns the environment, creating it when missing; given properties are applied. */
  async ensureEnvironment(name: string, input: EnvironmentInput = {}): Promise<EnvironmentRecord> {
    checkName('environment', name);
    const changes = environmentChanges(input);
    if (Object.keys(changes).length === 0) {
      const existing = await this.db.selectFrom('environments').select(ENVIRONMENT_COLUMNS).where('name', '=', name).executeTakeFirst();
      if (existing) return mapEnvironment(existing);
    }
    return this.tx(async (trx) => {
      const row = await ensureEnvironmentRow(trx, name, changes);
      if (Object.keys(changes).length === 0) return mapEnvironment(row);
      await trx.updateTable('environments').set(changes).where('id', '=', row.id).execute();
      return mapEnvironment(await trx.selectFrom('environments').select(ENVIRONMENT_COLUMNS).where('id', '=', row.id).executeTakeFirstOrThrow());
    });
  }

  /** Every environment by name. */
  async listEnvironments(): Promise<EnvironmentRecord[]> {
    const rows = await this.db.selectFrom('environments').select(ENVIRONMENT_COLUMNS).execute();
    return rows.map(mapEnvironment).sort((a, b) => byText(a.name, b.name));
  }

  /** An environment by name or UUID, or undefined. */
  async getEnvironment(nameOrUuid: string): Promise<EnvironmentRecord | undefined> {
    const row = await findEnvironment(this.db, nameOrUuid);
    return row && mapEnvironment(row);
  }

  /** Deletes an environment with its deployment and release history; false when unknown. */
  async deleteEnvironment(nameOrUuid: string): Promise<boolean> {
    return this.tx(async (trx) => {
      const row = await findEnvironment(trx, nameOrUuid);
      if (!row) return false;
      await trx.deleteFrom('environments').where('id', '=', row.id).execute();
      return true;
    });
  }

  // ---------------------------------------------------------------- deployments

  /** Records a deployment and ends the one it replaces, atomically. */
  async recordDeployment(input: DeploymentInput): Promise<DeploymentResult> {
    checkPlacement(input);
    const instance = input.instance === undefined || input.instance === null || input.instance === '' ? '' : checkName('instance', input.instance);
    return this.tx(async (trx) => {
      const { serviceId, versionId, environment } = await this.placement(trx, input);
      const current = await trx
        .selectFrom('deployments')
        .select(['id', 'version_id'])
        .where('service_id', '=', serviceId)
        .where('environment_id', '=', environment.id)
        .where('instance', '=', instance)
        .where('undeployed_at', 'is', null)
        .executeTakeFirst();
      if (current && current.version_id === versionId) {
        return { status: 'unchanged', deployment: await this.deploymentById(trx, current.id), ended: null };
      }
      const at = now();
      if (current) await trx.updateTable('deployments').set({ undeployed_at: at }).where('id', '=', current.id).execute();
      const inserted = await trx
        .insertInto('deployments')
        .values({
          uuid: randomUUID(),
          service_id: serviceId,
          version_id: versionId,
          environment_id: environment.id,
          instance,
          deployed_at: at,
          undeployed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return {
        status: 'created',
        deployment: await this.deploymentById(trx, inserted.id),
        ended: current ? await this.deploymentById(trx, current.id) : null,
      };
    });
  }

  /** Ends a current deployment; undefined when there was none. */
  async endDeployment(input: EndDeploymentInput): Promise<DeploymentRecord | undefined> {
    return this.tx(async (trx) => {
      let query = trx.selectFrom('deployments as d').select(['d.id', 'd.service_id']).where('d.undeployed_at', 'is', null);
      if ('uuid' in input) query = query.where('d.uuid', '=', input.uuid);
      else {
        const environment = await findEnvironment(trx, input.environment);
        if (!environment) return undefined;
        query = query
          .innerJoin('services as s', 's.id', 'd.service_id')
          .where('s.name', '=', input.service)
          .where('d.environment_id', '=', environment.id)
          .where('d.instance', '=', input.instance ?? '');
      }
      const found = await query.executeTakeFirst();
      if (!found) return undefined;
      await this.lockService(trx, found.service_id);
      const ended = await trx
        .updateTable('deployments')
        .set({ undeployed_at: now() })
        .where('id', '=', found.id)
        .where('undeployed_at', 'is', null)
        .executeTakeFirst();
      // A concurrent deployment may have ended it between the read and the lock.
      if (num(ended.numUpdatedRows) === 0) return undefined;
      return this.deploymentById(trx, found.id);
    });
  }

  /** A deployment by UUID, or undefined. */
  async getDeployment(uuid: string): Promise<DeploymentRecord | undefined> {
    const row = await this.deploymentQuery(this.db).where('d.uuid', '=', uuid).executeTakeFirst();
    return row && mapDeployment(row);
  }

  /** Deployments running in an environment, by service then instance. */
  async currentDeployments(environment: string, filter: { service?: string } = {}): Promise<DeploymentRecord[]> {
    let query = this.deploymentQuery(this.db)
      .where((eb) => eb.or([eb('e.name', '=', environment), eb('e.uuid', '=', environment)]))
      .where('d.undeployed_at', 'is', null);
    if (filter.service !== undefined) query = query.where('s.name', '=', filter.service);
    const rows = await query.execute();
    return rows.map(mapDeployment).sort((a, b) => byText(a.service, b.service) || byText(a.instance ?? '', b.instance ?? ''));
  }

  /** A service's deployment history, newest first. */
  async deploymentsOf(service: string, filter: { environment?: string; currentOnly?: boolean } = {}): Promise<DeploymentRecord[]> {
    let query = this.deploymentQuery(this.db).where('s.name', '=', service);
    const environment = filter.environment;
    if (environment !== undefined) query = query.where((eb) => eb.or([eb('e.name', '=', environment), eb('e.uuid', '=', environment)]));
    if (filter.currentOnly) query = query.where('d.undeployed_at', 'is', null);
    const rows = await query.orderBy('d.deployed_at', 'desc').orderBy('d.id', 'desc').execute();
    return rows.map(mapDeployment);
  }

  // ---------------------------------------------------------------- releases

  /** Records a release; a version already supported there is returned unchanged. */
  async recordRelease(input: ReleaseInput): Promise<{ status: 'created' | 'unchanged'; release: ReleaseRecord }> {
    checkPlacement(input);
    return this.tx(async (trx) => {
      const { serviceId, versionId, environment } = await this.placement(trx, input);
      const current = await trx
        .selectFrom('releases')
        .select('id')
        .where('version_id', '=', versionId)
        .where('environment_id', '=', environment.id)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      if (current) return { status: 'unchanged' as const, release: await this.releaseById(trx, current.id) };
      const inserted = await trx
        .insertInto('releases')
        .values({ uuid: randomUUID(), service_id: serviceId, version_id: versionId, environment_id: environment.id, released_at: now(), ended_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { status: 'created' as const, release: await this.releaseById(trx, inserted.id) };
    });
  }

  /** Ends support of a release; undefined when there was none. */
  async endRelease(input: EndReleaseInput): Promise<ReleaseRecord | undefined> {
    return this.tx(async (trx) => {
      let query = trx.selectFrom('releases as r').select(['r.id', 'r.service_id']).where('r.ended_at', 'is', null);
      if ('uuid' in input) query = query.where('r.uuid', '=', input.uuid);
      else {
        const environment = await findEnvironment(trx, input.environment);
        if (!environment) return undefined;
        query = query
          .innerJoin('versions as v', 'v.id', 'r.version_id')
          .innerJoin('services as s', 's.id', 'r.service_id')
          .where('s.name', '=', input.service)
          .where('v.number', '=', input.version)
          .where('r.environment_id', '=', environment.id);
      }
      const found = await query.executeTakeFirst();
      if (!found) return undefined;
      await this.lockService(trx, found.service_id);
      const ended = await trx.updateTable('releases').set({ ended_at: now() }).where('id', '=', found.id).where('ended_at', 'is', null).executeTakeFirst();
      if (num(ended.numUpdatedRows) === 0) return undefined;
      return this.releaseById(trx, found.id);
    });
  }

  /** Releases supported in an environment, by service then version order. */
  async currentReleases(environment: string, filter: { service?: string } = {}): Promise<ReleaseRecord[]> {
    let query = this.releaseQuery(this.db)
      .where((eb) => eb.or([eb('e.name', '=', environment), eb('e.uuid', '=', environment)]))
      .where('r.ended_at', 'is', null);
    if (filter.service !== undefined) query = query.where('s.name', '=', filter.service);
    const rows = await query.execute();
    return rows
      .sort((a, b) => byText(a.service, b.service) || byOrder({ id: a.version_id, sort_key: a.version_key }, { id: b.version_id, sort_key: b.version_key }))
      .map(mapRelease);
  }

  /** A service's release history, newest first. */
  async releasesOf(service: string): Promise<ReleaseRecord[]> {
    const rows = await this.releaseQuery(this.db).where('s.name', '=', service).orderBy('r.released_at', 'desc').orderBy('r.id', 'desc').execute();
    return rows.map(mapRelease);
  }

  // ---------------------------------------------------------------- verifications

  /** Records a provider version's verification of a stored pact content. */
  async recordVerification(input: VerificationInput): Promise<VerificationRecord> {
    checkHash('pactHash', input.pactHash);
    checkName('consumer', input.consumer);
    checkName('provider', input.provider);
    checkName('providerVersion', input.providerVersion);
    if (typeof input.success !== 'boolean') throw invalidInput('success', `must be a boolean, got ${typeof input.success}`);
    if (input.buildUrl !== undefined) checkText('buildUrl', input.buildUrl);
    const details = input.details === undefined ? null : hashContent(input.details, 'verification details').text;
    const info = input.providerVersionInfo ?? {};
    checkVersionInfo(info);
    return this.tx(async (trx) => {
      const content = await trx.selectFrom('contents').select('hash').where('hash', '=', input.pactHash).executeTakeFirst();
      if (!content) throw notFound('pact content', input.pactHash);
      const consumerId = await findServiceId(trx, input.consumer);
      if (consumerId === undefined) throw notFound('service', input.consumer);
      const providerId = await ensureServiceId(trx, input.provider);
      const versionId = await ensureVersionId(trx, providerId, input.providerVersion, this.dialect);
      await attachVersionInfo(trx, versionId, info);
      const inserted = await trx
        .insertInto('verifications')
        .values({
          pact_hash: input.pactHash,
          consumer_id: consumerId,
          provider_version_id: versionId,
          success: input.success,
          build_url: input.buildUrl ?? null,
          details,
          verified_at: now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return mapVerification(await this.verificationQuery(trx).where('vr.id', '=', inserted.id).executeTakeFirstOrThrow());
    });
  }

  /** Verification results matching the filter, newest first. */
  async listVerifications(filter: VerificationFilter = {}): Promise<VerificationRecord[]> {
    let query = this.verificationQuery(this.db);
    if (filter.pactHash !== undefined) query = query.where('vr.pact_hash', '=', filter.pactHash);
    if (filter.consumer !== undefined) query = query.where('c.name', '=', filter.consumer);
    if (filter.provider !== undefined) query = query.where('p.name', '=', filter.provider);
    if (filter.providerVersion !== undefined) query = query.where('pv.number', '=', filter.providerVersion);
    const rows = await query.orderBy('vr.verified_at', 'desc').orderBy('vr.id', 'desc').execute();
    return rows.map(mapVerification);
  }

  // ---------------------------------------------------------------- compatibility cache

  /** A stored compatibility result, or undefined. */
  async getCompat(pactHash: string, specHash: string, engine: string): Promise<JsonValue | undefined> {
    const row = await this.db
      .selectFrom('compat')
      .select('result')
      .where('pact_hash', '=', pactHash)
      .where('spec_hash', '=', specHash)
      .where('engine', '=', engine)
      .executeTakeFirst();
    return row && parseStored(row.result);
  }

  /** Several stored results at once, keyed `${pactHash}:${specHash}`. */
  async getCompatMany(keys: CompatKey[], engine: string): Promise<Map<string, JsonValue>> {
    const found = new Map<string, JsonValue>();
    const wanted = new Set(keys.map((key) => `${key.pactHash}:${key.specHash}`));
    for (const chunk of chunks([...new Set(keys.map((key) => key.pactHash))], INSERT_CHUNK)) {
      const specs = [...new Set(keys.filter((key) => chunk.includes(key.pactHash)).map((key) => key.specHash))];
      const rows = await this.db
        .selectFrom('compat')
        .select(['pact_hash', 'spec_hash', 'result'])
        .where('engine', '=', engine)
        .where('pact_hash', 'in', chunk)
        .where('spec_hash', 'in', specs)
        .execute();
      for (const row of rows) {
        const key = `${row.pact_hash}:${row.spec_hash}`;
        if (wanted.has(key)) found.set(key, parseStored(row.result));
      }
    }
    return found;
  }

  /** Stores or replaces a compatibility result. */
  async putCompat(pactHash: string, specHash: string, engine: string, result: JsonValue): Promise<void> {
    checkHash('pactHash', pactHash);
    checkHash('specHash', specHash);
    checkText('engine', engine);
    const text = hashContent(result, 'compatibility result').text;
    await this.db
      .insertInto('compat')
      .values({ pact_hash: pactHash, spec_hash: specHash, engine, result: text, computed_at: now() })
      .onConflict((oc) =>
        oc.columns(['pact_hash', 'spec_hash', 'engine']).doUpdateSet((eb) => ({ result: eb.ref('excluded.result'), computed_at: eb.ref('excluded.computed_at') })),
      )
      .execute();
  }

  // ---------------------------------------------------------------- counts

  /** Row counts for `/metrics`. */
  async counts(): Promise<StoreCounts> {
    const row = await this.db
      .selectNoFrom((eb) => [
        eb.selectFrom('services').select(eb.fn.countAll().as('n')).as('services'),
        eb.selectFrom('versions').select(eb.fn.countAll().as('n')).as('versions'),
        eb.selectFrom('environments').select(eb.fn.countAll().as('n')).as('environments'),
        eb.selectFrom('contents').select(eb.fn.countAll().as('n')).as('contents'),
        eb.selectFrom('openapi_specs').select(eb.fn.countAll().as('n')).as('openapi_specs'),
        eb.selectFrom('openapi_specs').select(sql<number>`count(distinct content_hash)`.as('n')).as('openapi_contents'),
        eb.selectFrom('pacts').select(eb.fn.countAll().as('n')).as('pacts'),
        eb.selectFrom('pacts').select(sql<number>`count(distinct content_hash)`.as('n')).as('pact_contents'),
        eb.selectFrom('deployments').select(eb.fn.countAll().as('n')).where('undeployed_at', 'is', null).as('current_deployments'),
      ])
      .executeTakeFirstOrThrow();
    return {
      services: num(row.services),
      versions: num(row.versions),
      environments: num(row.environments),
      contents: num(row.contents),
      contracts: { openapi: num(row.openapi_contents), pact: num(row.pact_contents) },
      openapiSpecs: num(row.openapi_specs),
      pacts: num(row.pacts),
      currentDeployments: num(row.current_deployments),
    };
  }

  // ---------------------------------------------------------------- internals

  /**
   * Runs a write transaction and increases the store's revision as its last statement. Last, so
   * the revision row is locked only for the moment before commit and never ahead of another lock
   * (two writers cannot deadlock on it); in the same transaction, so a reader that sees the new
   * revision sees the writes too. A transaction that throws (a refused publication) rolls back
   * with its bump. Waiting too long for another writer's lock is a `STORE_BUSY` error.
   */
  private async tx<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const result = await work(trx);
        await trx
          .updateTable('store_revision')
          .set({ value: sql<number>`value + 1` })
          .where('id', '=', 1)
          .execute();
        return result;
      });
    } catch (error) {
      // PostgreSQL's lock_timeout (see postgres.ts): another session held a lock for too long.
      if ((error as { code?: string }).code === '55P03') throw storeBusy(this.location, error as Error);
      throw error;
    }
  }

  /**
   * Serialises writers of one service's deployments and releases. On PostgreSQL the service row
   * is locked until commit, so two registry instances recording deployments of the same service
   * take turns (read committed alone would let both end the same row and insert two current
   * ones). SQLite's `BEGIN IMMEDIATE` already serialises every writer.
   */
  private async lockService(trx: Db, serviceId: number): Promise<void> {
    if (this.dialect === 'postgres') await trx.selectFrom('services').select('id').where('id', '=', serviceId).forUpdate().execute();
  }

  /** Where a deployment or release goes: the version's ids (the service row locked) and the environment, created when missing. */
  private async placement(trx: Db, input: DeploymentInput | ReleaseInput): Promise<{ serviceId: number; versionId: number; environment: EnvironmentRow }> {
    const ids = await this.lockedVersion(trx, input.service, input.version, input.createVersion === true);
    return { ...ids, environment: await ensureEnvironmentRow(trx, input.environment, {}) };
  }

  /** The ids of a service version, the service row locked; created when allowed. */
  private async lockedVersion(trx: Db, service: string, version: string, create: boolean): Promise<{ serviceId: number; versionId: number }> {
    let serviceId = await findServiceId(trx, service);
    if (serviceId === undefined) {
      if (!create) throw notFound('service', service);
      serviceId = await ensureServiceId(trx, service);
    }
    await this.lockService(trx, serviceId);
    let versionId = (await findVersionRow(trx, serviceId, version))?.id;
    if (versionId === undefined) {
      if (!create) throw new RollgateError('NOT_FOUND', `unknown version ${JSON.stringify(version)} of service ${JSON.stringify(service)}`);
      versionId = await ensureVersionId(trx, serviceId, version, this.dialect);
    }
    return { serviceId, versionId };
  }

  private async findVersionByName(db: Db, service: string, version: string): Promise<VersionRow | undefined> {
    return db
      .selectFrom('versions as v')
      .innerJoin('services as s', 's.id', 'v.service_id')
      .select(VERSION_COLUMNS_V)
      .where('s.name', '=', service)
      .where('v.number', '=', version)
      .executeTakeFirst();
  }

  private async versionRecord(db: Db, service: string, versionId: number): Promise<VersionRecord> {
    const row = await db.selectFrom('versions').select(VERSION_COLUMNS).where('id', '=', versionId).executeTakeFirstOrThrow();
    return mapVersion(service, row, ...(await versionLabels(db, versionId)));
  }

  private openApiQuery() {
    return this.db
      .selectFrom('openapi_specs as o')
      .innerJoin('versions as v', 'v.id', 'o.version_id')
      .innerJoin('services as s', 's.id', 'v.service_id')
      .innerJoin('contents as c', 'c.hash', 'o.content_hash')
      .select(['s.name as service', 'v.number as version', 'o.content_hash', 'o.format', 'c.size', 'o.published_at', 'o.updated_at']);
  }

  private pactQuery() {
    return this.db
      .selectFrom('pacts as p')
      .innerJoin('versions as cv', 'cv.id', 'p.consumer_version_id')
      .innerJoin('services as c', 'c.id', 'cv.service_id')
      .innerJoin('services as pr', 'pr.id', 'p.provider_id')
      .innerJoin('contents as ct', 'ct.hash', 'p.content_hash')
      .select([
        'c.id as consumer_id',
        'c.name as consumer',
        'p.consumer_version_id',
        'cv.sort_key as consumer_version_key',
        'cv.number as consumer_version',
        'pr.name as provider',
        'p.content_hash',
        'ct.size',
        'p.published_at',
        'p.updated_at',
      ]);
  }

  private usageQuery() {
    return this.db
      .selectFrom('usages as u')
      .innerJoin('versions as cv', 'cv.id', 'u.consumer_version_id')
      .innerJoin('services as c', 'c.id', 'cv.service_id')
      .innerJoin('services as pr', 'pr.id', 'u.provider_id')
      .select(USAGE_COLUMNS_U)
      .select(['c.id as consumer_id', 'c.name as consumer', 'cv.number as consumer_version', 'cv.sort_key as consumer_version_key', 'pr.name as provider']);
  }

  private sortedUsages(rows: UsageRow[]): UsageRecord[] {
    return rows
      .sort(
        (a, b) =>
          byText(a.consumer, b.consumer) ||
          byConsumerVersion(a, b) ||
          byText(a.path, b.path) ||
          byText(a.method, b.method) ||
          a.id - b.id,
      )
      .map(mapUsage);
  }

  private deploymentQuery(db: Db) {
    return db
      .selectFrom('deployments as d')
      .innerJoin('services as s', 's.id', 'd.service_id')
      .innerJoin('versions as v', 'v.id', 'd.version_id')
      .innerJoin('environments as e', 'e.id', 'd.environment_id')
      .select([
        'd.id',
        'd.uuid',
        's.name as service',
        'v.number as version',
        'e.name as environment',
        'e.uuid as environment_uuid',
        'd.instance',
        'd.deployed_at',
        'd.undeployed_at',
      ]);
  }

  private async deploymentById(db: Db, id: number): Promise<DeploymentRecord> {
    return mapDeployment(await this.deploymentQuery(db).where('d.id', '=', id).executeTakeFirstOrThrow());
  }

  private releaseQuery(db: Db) {
    return db
      .selectFrom('releases as r')
      .innerJoin('services as s', 's.id', 'r.service_id')
      .innerJoin('versions as v', 'v.id', 'r.version_id')
      .innerJoin('environments as e', 'e.id', 'r.environment_id')
      .select([
        'r.id',
        'r.uuid',
        'r.service_id',
        'r.version_id',
        'v.sort_key as version_key',
        's.name as service',
        'v.number as version',
        'e.name as environment',
        'e.uuid as environment_uuid',
        'r.released_at',
        'r.ended_at',
      ]);
  }

  private async releaseById(db: Db, id: number): Promise<ReleaseRecord> {
    return mapRelease(await this.releaseQuery(db).where('r.id', '=', id).executeTakeFirstOrThrow());
  }

  private verificationQuery(db: Db) {
    return db
      .selectFrom('verifications as vr')
      .innerJoin('services as c', 'c.id', 'vr.consumer_id')
      .innerJoin('versions as pv', 'pv.id', 'vr.provider_version_id')
      .innerJoin('services as p', 'p.id', 'pv.service_id')
      .select([
        'vr.id',
        'vr.pact_hash',
        'c.name as consumer',
        'p.name as provider',
        'pv.number as provider_version',
        'vr.success',
        'vr.build_url',
        'vr.details',
        'vr.verified_at',
      ]);
  }
}

// -------------------------------------------------------------------- helpers

/** A publication's result, a refused one (rolled back by `Refused`) answered as a conflict. */
async function refusedAsConflict(publish: () => Promise<PublishResult>): Promise<PublishResult> {
  try {
    return await publish();
  } catch (error) {
    if (error instanceof Refused) return { status: 'conflict', hash: error.storedHash, rejectedHash: error.rejectedHash };
    throw error;
  }
}

/** Checks the names a deployment or a release is recorded under. */
function checkPlacement(input: { service: string; version: string; environment: string }): void {
  checkName('service', input.service);
  checkName('version', input.version);
  checkName('environment', input.environment);
}

/** A pact to store, checked: its content hashed and its fixed usages validated. */
interface CheckedPact extends PactToStore {
  options: PutPactOptions;
  incoming: { hash: string; text: string };
  presetUsages: UsageInput[] | undefined;
}

/** Checks the names and options of pacts to store, before a transaction starts. */
function checkPacts(consumer: string, version: string, pacts: readonly PactToStore[]): CheckedPact[] {
  checkName('consumer', consumer);
  checkName('version', version);
  const providers = new Set<string>();
  return pacts.map(({ provider, content, options = {} }) => {
    checkName('provider', provider);
    if (providers.has(provider)) throw invalidInput('provider', `${JSON.stringify(provider)} is given twice in one publication`);
    providers.add(provider);
    checkVersionInfo(options);
    checkFormat(options.format);
    return {
      provider,
      content,
      options,
      incoming: hashContent(content, 'pact'),
      presetUsages: Array.isArray(options.usages) ? checkUsages(options.usages) : undefined,
    };
  });
}

/** A refused pact of a `putPacts` call: rolls the whole transaction back. */
class RefusedPact extends Refused {
  constructor(
    readonly provider: string,
    refused: Refused,
  ) {
    super(refused.storedHash, refused.rejectedHash);
  }
}
