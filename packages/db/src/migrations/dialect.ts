import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Helpers for the few column definitions that SQLite and PostgreSQL spell differently.
// Migrations import only this file and Kysely, never application code, so an old
// migration keeps meaning what it meant when it was written.

/** Tells whether the migration runs on PostgreSQL. */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Defines an auto-incrementing integer primary key on either database. */
export function identity(db: Kysely<unknown>) {
  return (column: ColumnDefinitionBuilder) =>
    isPostgres(db)
      ? column.primaryKey().generatedByDefaultAsIdentity()
      : column.primaryKey().autoIncrement();
}

/** The integer type used for ids: `bigint` on PostgreSQL, `integer` (the rowid alias) on SQLite. */
export function idType(db: Kysely<unknown>): 'bigint' | 'integer' {
  return isPostgres(db) ? 'bigint' : 'integer';
}
