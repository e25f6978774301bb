import {
  Migrator,
  PostgresAdapter,
  sql,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';
import * as initial from './migrations/0001-initial.js';
import * as syncPass from './migrations/0002-sync-pass.js';
import * as launchTables from './migrations/0003-launch-tables.js';
import type { Database } from './schema.js';

// Migrations are listed here rather than read from a folder, so they work the same from
// TypeScript sources, from dist/, and from a bundle. Names sort in the order they run.
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-sync-pass': syncPass,
  '0003-launch-tables': launchTables,
};

const provider: MigrationProvider = {
  getMigrations: async () => migrations,
};

/** The names of every migration in this build, in order. */
export const migrationNames: readonly string[] = Object.keys(migrations).sort();

/**
 * Applies every pending migration. Throws with the failing migration's name and error.
 * On PostgreSQL several processes may call it at once, because Kysely takes a lock first.
 * Kysely's SQLite lock guards one process only, so start one process first on SQLite.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = await createMigrator(db);
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error');
    const name = failed?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${name} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}

/** Tells whether every known migration has been applied (for `/readyz`). */
export async function isMigrated(db: Kysely<Database>): Promise<boolean> {
  const migrator = await createMigrator(db);
  const all = await migrator.getMigrations();
  return all.every((migration) => migration.executedAt !== undefined);
}

// On PostgreSQL, Kysely decides whether its bookkeeping tables exist by looking through
// every schema, so a `kysely_migration` table in another schema (another tenant's or a
// parallel test's) would make it skip creating its own. Naming the connection's current
// schema keeps the check and the tables in the schema the data lives in.
async function createMigrator(db: Kysely<Database>): Promise<Migrator> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    return new Migrator({ db, provider });
  }
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  return new Migrator({
    db,
    provider,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}
