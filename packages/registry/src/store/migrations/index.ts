import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './2026_11_22_0001_initial.js';
import { revision } from './2026_11_22_0002_revision.js';
import { versionOrder } from './2026_11_22_0003_version_order.js';

/**
 * Every migration, by name. Names start with their date so they sort in the order they were
 * written; they are served from code (not read from a folder) so they run the same from `src/`
 * under vitest and from `dist/` in production.
 */
const MIGRATIONS: Record<string, (dialect: 'sqlite' | 'postgres') => Migration> = {
  '2026_11_22_0001_initial': initial,
  '2026_11_22_0002_revision': revision,
  '2026_11_22_0003_version_order': versionOrder,
};

/** A Kysely migration provider serving the registry's migrations for one dialect. */
export function migrationProvider(dialect: 'sqlite' | 'postgres'): MigrationProvider {
  return {
    async getMigrations() {
      return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, build]) => [name, build(dialect)]));
    },
  };
}
