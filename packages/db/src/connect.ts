import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

/** Which engine a connection talks to. */
export type DialectName = 'sqlite' | 'postgres';

/** An open database: the Kysely handle plus what a few hot paths and tests need. */
export interface BillfoldDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The raw better-sqlite3 handle (SQLite only), for benchmarks and bulk loads. */
  sqlite: BetterSqlite3.Database | null;
  /** The pg pool (PostgreSQL only). */
  pool: pg.Pool | null;
  /** Closes the pool or file; waits for queries in flight on PostgreSQL. */
  close(): Promise<void>;
}

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** `postgres://…` or a SQLite file path; `:memory:` for a private in-memory database. */
  url: string;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
  /** PostgreSQL statement timeout in milliseconds. Default 10 000. */
  statementTimeoutMs?: number;
  /** PostgreSQL schema to use as `search_path`, for isolated test databases. */
  schema?: string;
}

/** The default SQLite file, relative to the working directory. */
export const DEFAULT_DATABASE_URL = './data/billfold.db';

/** Tells whether a `DATABASE_URL` value names PostgreSQL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens SQLite or PostgreSQL, chosen by the URL.
 *
 * @example
 * const { db, close } = openDatabase({ url: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL });
 */
export function openDatabase(options: OpenDatabaseOptions): BillfoldDatabase {
  return isPostgresUrl(options.url) ? openPostgres(options) : openSqlite(options.url);
}

function openSqlite(file: string): BillfoldDatabase {
  if (file !== ':memory:') {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');

  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    pool: null,
    close: async () => {
      await db.destroy();
    },
  };
}

// Kysely's SQLite driver calls `prepare` for every query, and preparing costs more than
// running a point lookup. Caching statements by SQL text keeps Kysely's query building
// while paying the prepare once. better-sqlite3 statements are reusable unless one is
// mid-iteration; Kysely streams only through `iterate`, so a busy statement is
// prepared afresh rather than shared.
const STATEMENT_CACHE_SIZE = 500;

function withStatementCache(sqlite: BetterSqlite3.Database) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      const cached = cache.get(sql);
      if (cached !== undefined && !cached.busy) {
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

// bigint columns (ids, epoch milliseconds, minor-unit amounts) stay well under 2^53, so
// they are read as numbers, matching what better-sqlite3 returns.
const PG_INT8_OID = 20;
pg.types.setTypeParser(PG_INT8_OID, (value) => Number.parseInt(value, 10));

function openPostgres(options: OpenDatabaseOptions): BillfoldDatabase {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    pool,
    close: async () => {
      await db.destroy();
    },
  };
}
