import type { Kysely, Migration } from 'kysely';

/*
 * Frozen: this migration must keep creating exactly this schema, whatever the application code
 * becomes. It imports nothing from the store; later changes go in new, later-dated migrations.
 */

/**
 * A persisted position of each version in its service's version order, so listings order in SQL
 * instead of ranking every version in JS per call. The store fills it (for existing rows too,
 * when it opens), since the order is the application's rule, not the schema's.
 */
export function versionOrder(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('versions').addColumn('sort_key', 'integer').execute();
      await db.schema.createIndex('versions_order_idx').on('versions').columns(['service_id', 'sort_key']).execute();
    },

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('versions_order_idx').execute();
      await db.schema.alterTable('versions').dropColumn('sort_key').execute();
    },
  };
}
