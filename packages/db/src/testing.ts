import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type BillfoldDatabase, type DialectName } from './connect.js';
import { migrateToLatest } from './migrate.js';

/** A migrated, empty database for one test file, and how to throw it away. */
export interface TestDatabase extends BillfoldDatabase {
  /** The URL or file another process can open to reach the same data. */
  url: string;
  /** PostgreSQL schema name, when `dialect` is `postgres`. */
  schema: string | null;
  /** Closes the connection and deletes the file or schema. */
  dispose(): Promise<void>;
}

let noticePrinted = false;

/**
 * The database engines to run database tests against: SQLite always, PostgreSQL when
 * `TEST_DATABASE_URL` is set. Prints once how to enable the PostgreSQL runs when it is not.
 *
 * @example
 * describe.each(testDialects())('%s', (dialect) => { ... createTestDatabase(dialect) ... });
 */
export function testDialects(): DialectName[] {
  if (process.env.TEST_DATABASE_URL) {
    return ['sqlite', 'postgres'];
  }
  if (!noticePrinted) {
    noticePrinted = true;
    console.warn(
      'PostgreSQL tests skipped: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them.',
    );
  }
  return ['sqlite'];
}

/**
 * Creates a migrated database for a test: a new SQLite file in a temporary folder, or a
 * new schema in the `TEST_DATABASE_URL` database so test files can run in parallel.
 */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  return dialect === 'postgres' ? createPostgresTestDatabase() : createSqliteTestDatabase();
}

async function createSqliteTestDatabase(): Promise<TestDatabase> {
  const folder = mkdtempSync(path.join(tmpdir(), 'billfold-test-'));
  const url = path.join(folder, 'test.db');
  const opened = openDatabase({ url });
  await migrateToLatest(opened.db);
  return {
    ...opened,
    url,
    schema: null,
    dispose: async () => {
      await opened.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) {
    throw new Error('TEST_DATABASE_URL is not set; it must name a PostgreSQL database.');
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();

  const opened = openDatabase({ url: baseUrl, schema, poolSize: 4 });
  await migrateToLatest(opened.db);
  const url = withSearchPath(baseUrl, schema);
  return {
    ...opened,
    url,
    schema,
    dispose: async () => {
      await opened.close();
      const cleanup = new pg.Client({ connectionString: baseUrl });
      await cleanup.connect();
      await cleanup.query(`drop schema if exists ${schema} cascade`);
      await cleanup.end();
    },
  };
}

/** Adds `options=-c search_path=SCHEMA` to a PostgreSQL URL, for child processes. */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}
