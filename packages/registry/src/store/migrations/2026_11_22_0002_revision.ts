import type { Kysely, Migration } from 'kysely';

/*
 * Frozen: this migration must keep creating exactly this schema, whatever the application code
 * becomes. It imports nothing from the store; later changes go in new, later-dated migrations.
 */

/**
 * The store's revision: one row whose value every write transaction increases as its last
 * statement, so a cached answer stays valid exactly as long as the value it was computed at.
 */
export function revision(dialect: 'sqlite' | 'postgres'): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('store_revision')
        .addColumn('id', 'integer', (col) => col.primaryKey())
        .addColumn('value', dialect === 'postgres' ? 'bigint' : 'integer', (col) => col.notNull())
        .execute();
      await db.insertInto('store_revision').values({ id: 1, value: 1 }).execute();
    },

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('store_revision').execute();
    },
  };
}
