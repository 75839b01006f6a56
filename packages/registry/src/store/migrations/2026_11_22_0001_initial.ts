import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/*
 * Frozen: this migration must keep creating exactly this schema, whatever the application code
 * becomes. It imports nothing from the store; later changes go in new, later-dated migrations.
 */

/** The first schema: services, versions, contracts by hash, usages, environments, deployments. */
export function initial(dialect: 'sqlite' | 'postgres'): Migration {
  const pg = dialect === 'postgres';
  const ts = pg ? 'timestamptz' : 'text';
  const bool = pg ? 'boolean' : 'integer';

  return {
    // Kysely hands migrations an untyped instance: the schema they build is the one of their day.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      const table = (name: string) =>
        db.schema
          .createTable(name)
          .addColumn('id', 'integer', (col) => (pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement()));

      await table('services')
        .addColumn('name', 'text', (col) => col.notNull().unique())
        .addColumn('display_name', 'text')
        .addColumn('main_branch', 'text')
        .addColumn('repository_url', 'text')
        .addColumn('created_at', ts, (col) => col.notNull())
        .addColumn('updated_at', ts, (col) => col.notNull())
        .execute();

      await table('versions')
        .addColumn('service_id', 'integer', (col) => col.notNull().references('services.id').onDelete('cascade'))
        .addColumn('number', 'text', (col) => col.notNull())
        .addColumn('commit_sha', 'text')
        .addColumn('build_url', 'text')
        .addColumn('created_at', ts, (col) => col.notNull())
        .addUniqueConstraint('versions_service_number_key', ['service_id', 'number'])
        .execute();

      await db.schema
        .createTable('version_branches')
        .addColumn('version_id', 'integer', (col) => col.notNull().references('versions.id').onDelete('cascade'))
        .addColumn('branch', 'text', (col) => col.notNull())
        .addColumn('created_at', ts, (col) => col.notNull())
        .addPrimaryKeyConstraint('version_branches_pkey', ['version_id', 'branch'])
        .execute();

      await db.schema
        .createTable('version_tags')
        .addColumn('version_id', 'integer', (col) => col.notNull().references('versions.id').onDelete('cascade'))
        .addColumn('tag', 'text', (col) => col.notNull())
        .addColumn('created_at', ts, (col) => col.notNull())
        .addPrimaryKeyConstraint('version_tags_pkey', ['version_id', 'tag'])
        .execute();

      await db.schema
        .createTable('contents')
        .addColumn('hash', 'text', (col) => col.primaryKey())
        .addColumn('size', 'integer', (col) => col.notNull())
        .addColumn('created_at', ts, (col) => col.notNull())
        // Large columns go last: SQLite reaches a column stored after one that overflowed its page
        // only by walking that column's overflow pages.
        .addColumn('body', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('openapi_specs')
        .addColumn('version_id', 'integer', (col) => col.primaryKey().references('versions.id').onDelete('cascade'))
        .addColumn('content_hash', 'text', (col) => col.notNull().references('contents.hash'))
        .addColumn('format', 'text', (col) => col.notNull())
        .addColumn('published_at', ts, (col) => col.notNull())
        .addColumn('updated_at', ts, (col) => col.notNull())
        .execute();

      await table('pacts')
        .addColumn('consumer_version_id', 'integer', (col) => col.notNull().references('versions.id').onDelete('cascade'))
        .addColumn('provider_id', 'integer', (col) => col.notNull().references('services.id').onDelete('cascade'))
        .addColumn('content_hash', 'text', (col) => col.notNull().references('contents.hash'))
        .addColumn('published_at', ts, (col) => col.notNull())
        .addColumn('updated_at', ts, (col) => col.notNull())
        .addUniqueConstraint('pacts_consumer_version_provider_key', ['consumer_version_id', 'provider_id'])
        .execute();
      await db.schema.createIndex('pacts_provider_idx').on('pacts').column('provider_id').execute();
      await db.schema.createIndex('pacts_content_hash_idx').on('pacts').column('content_hash').execute();

      await table('usages')
        .addColumn('consumer_version_id', 'integer', (col) => col.notNull().references('versions.id').onDelete('cascade'))
        .addColumn('provider_id', 'integer', (col) => col.notNull().references('services.id').onDelete('cascade'))
        .addColumn('method', 'text', (col) => col.notNull())
        .addColumn('path', 'text', (col) => col.notNull())
        .addColumn('matched', bool, (col) => col.notNull())
        .addColumn('params', 'text', (col) => col.notNull())
        .addColumn('request_fields', 'text', (col) => col.notNull())
        .addColumn('response_fields', 'text', (col) => col.notNull())
        .addColumn('statuses', 'text', (col) => col.notNull())
        .addColumn('interactions', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('usages_consumer_idx').on('usages').columns(['consumer_version_id', 'provider_id']).execute();
      await db.schema.createIndex('usages_provider_idx').on('usages').columns(['provider_id', 'consumer_version_id']).execute();

      await table('environments')
        .addColumn('uuid', 'text', (col) => col.notNull().unique())
        .addColumn('name', 'text', (col) => col.notNull().unique())
        .addColumn('display_name', 'text')
        .addColumn('production', bool, (col) => col.notNull())
        .addColumn('created_at', ts, (col) => col.notNull())
        .execute();

      await table('deployments')
        .addColumn('uuid', 'text', (col) => col.notNull().unique())
        .addColumn('service_id', 'integer', (col) => col.notNull().references('services.id').onDelete('cascade'))
        .addColumn('version_id', 'integer', (col) => col.notNull().references('versions.id').onDelete('cascade'))
        .addColumn('environment_id', 'integer', (col) => col.notNull().references('environments.id').onDelete('cascade'))
        .addColumn('instance', 'text', (col) => col.notNull())
        .addColumn('deployed_at', ts, (col) => col.notNull())
        .addColumn('undeployed_at', ts)
        .execute();
      // The database itself guarantees one current deployment per service, environment and instance.
      await db.schema
        .createIndex('deployments_one_current_key')
        .on('deployments')
        .columns(['service_id', 'environment_id', 'instance'])
        .unique()
        .where(sql.ref('undeployed_at'), 'is', null)
        .execute();
      await db.schema
        .createIndex('deployments_current_by_environment_idx')
        .on('deployments')
        .column('environment_id')
        .where(sql.ref('undeployed_at'), 'is', null)
        .execute();
      await db.schema.createIndex('deployments_history_idx').on('deployments').columns(['service_id', 'deployed_at']).execute();
      await db.schema.createIndex('deployments_version_idx').on('deployments').column('version_id').execute();

      await table('releases')
        .addColumn('uuid', 'text', (col) => col.notNull().unique())
        .addColumn('service_id', 'integer', (col) => col.notNull().references('services.id').onDelete('cascade'))
        .addColumn('version_id', 'integer', (col) => col.notNull().references('versions.id').onDelete('cascade'))
        .addColumn('environment_id', 'integer', (col) => col.notNull().references('environments.id').onDelete('cascade'))
        .addColumn('released_at', ts, (col) => col.notNull())
        .addColumn('ended_at', ts)
        .execute();
      await db.schema
        .createIndex('releases_one_current_key')
        .on('releases')
        .columns(['version_id', 'environment_id'])
        .unique()
        .where(sql.ref('ended_at'), 'is', null)
        .execute();
      await db.schema.createIndex('releases_service_idx').on('releases').columns(['service_id', 'released_at']).execute();
      await db.schema.createIndex('releases_environment_idx').on('releases').column('environment_id').execute();

      await table('verifications')
        .addColumn('pact_hash', 'text', (col) => col.notNull().references('contents.hash'))
        .addColumn('consumer_id', 'integer', (col) => col.notNull().references('services.id').onDelete('cascade'))
        .addColumn('provider_version_id', 'integer', (col) => col.notNull().references('versions.id').onDelete('cascade'))
        .addColumn('success', bool, (col) => col.notNull())
        .addColumn('build_url', 'text')
        .addColumn('verified_at', ts, (col) => col.notNull())
        .addColumn('details', 'text')
        .execute();
      await db.schema.createIndex('verifications_pact_hash_idx').on('verifications').column('pact_hash').execute();
      await db.schema.createIndex('verifications_provider_version_idx').on('verifications').column('provider_version_id').execute();

      await db.schema
        .createTable('compat')
        .addColumn('pact_hash', 'text', (col) => col.notNull())
        .addColumn('spec_hash', 'text', (col) => col.notNull())
        .addColumn('engine', 'text', (col) => col.notNull())
        .addColumn('computed_at', ts, (col) => col.notNull())
        .addColumn('result', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('compat_pkey', ['pact_hash', 'spec_hash', 'engine'])
        .execute();
    },

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>): Promise<void> {
      for (const name of [
        'compat', 'verifications', 'releases', 'deployments', 'environments', 'usages', 'pacts',
        'openapi_specs', 'contents', 'version_tags', 'version_branches', 'versions', 'services',
      ]) {
        await db.schema.dropTable(name).execute();
      }
    },
  };
}
