import { Migrator, sql, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type BillfoldDatabase } from '../src/connect.js';
import { migrateToLatest } from '../src/migrate.js';
import * as initial from '../src/migrations/0001-initial.js';
import * as syncPass from '../src/migrations/0002-sync-pass.js';
import * as launchTables from '../src/migrations/0003-launch-tables.js';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const LAUNCH_TABLES = ['sessions', 'replay_guard', 'rate_limits', 'sso_events'];

function migratorWith(database: BillfoldDatabase, migrations: Record<string, Migration>) {
  return new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
}

async function tableSql(database: BillfoldDatabase, table: string): Promise<string> {
  const { rows } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = ${table}
  `.execute(database.db);
  return rows[0]?.sql ?? '';
}

async function countRows(database: BillfoldDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of LAUNCH_TABLES) {
    const { rows } = await sql<{ count: number }>`
      select count(*) as count from ${sql.table(table)}
    `.execute(database.db);
    counts[table] = Number(rows[0]?.count);
  }
  return counts;
}

// The rows a launch writes, stored under the schema before 0003.
async function insertLaunchRows(database: BillfoldDatabase): Promise<void> {
  const { db } = database;
  const tenant = await db
    .insertInto('tenants')
    .values({
      slug: 'acme',
      name: 'Acme',
      portal_origin: 'https://acme.example',
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const profile = await db
    .insertInto('profiles')
    .values({ tenant_id: tenant.id, name: 'Billing', can_view_invoices: 1, created_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contact = await db
    .insertInto('contacts')
    .values({
      tenant_id: tenant.id,
      psa_id: 7,
      first_name: 'Ada',
      last_name: 'Lovelace',
      profile_id: profile.id,
      psa_updated_at: NOW,
      synced_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('sessions')
    .values({
      id_hash: 'hash-1',
      tenant_id: tenant.id,
      contact_id: contact.id,
      company_id: 1,
      created_at: NOW,
      last_seen_at: NOW,
      expires_at: NOW + 1000,
      revoked_at: null,
    })
    .execute();
  await db
    .insertInto('replay_guard')
    .values({ issuer: 'iss', jti: 'jti-1', expires_at: NOW })
    .execute();
  await db
    .insertInto('rate_limits')
    .values({ key: 'launch:ip:1', window_start: NOW, count: 3 })
    .execute();
  await db
    .insertInto('sso_events')
    .values({
      tenant_id: tenant.id,
      at: NOW,
      provider: 'connectwise_portal',
      outcome: 'success',
      issuer: null,
      psa_contact_id: '7',
      contact_id: contact.id,
      email_masked: null,
      ip: null,
    })
    .execute();
}

describe('launch tables migration on sqlite', () => {
  let database: BillfoldDatabase | undefined;

  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('keeps every row and drops the rowid', async () => {
    database = openDatabase({ url: ':memory:' });
    const before = migratorWith(database, { '0001-initial': initial, '0002-sync-pass': syncPass });
    expect((await before.migrateToLatest()).error).toBeUndefined();
    await insertLaunchRows(database);

    await migrateToLatest(database.db);

    expect(await countRows(database)).toEqual({
      sessions: 1,
      replay_guard: 1,
      rate_limits: 1,
      sso_events: 1,
    });
    expect(await tableSql(database, 'sessions')).toMatch(/without rowid/i);
    expect(await tableSql(database, 'replay_guard')).toMatch(/without rowid/i);
    expect(await tableSql(database, 'rate_limits')).toMatch(/without rowid/i);
    expect(await tableSql(database, 'sso_events')).not.toMatch(/autoincrement/i);
  });

  it('rolls back completely when a step fails', async () => {
    database = openDatabase({ url: ':memory:' });
    const before = migratorWith(database, { '0001-initial': initial, '0002-sync-pass': syncPass });
    expect((await before.migrateToLatest()).error).toBeUndefined();
    await insertLaunchRows(database);
    // A view over the last table makes its rename fail after the first three rebuilds.
    await sql`create view recent_events as select id from sso_events`.execute(database.db);

    await expect(migrateToLatest(database.db)).rejects.toThrow(/0003-launch-tables/);
    expect(await tableSql(database, 'sessions')).not.toMatch(/without rowid/i);
    expect(await countRows(database)).toEqual({
      sessions: 1,
      replay_guard: 1,
      rate_limits: 1,
      sso_events: 1,
    });

    await sql`drop view recent_events`.execute(database.db);
    await migrateToLatest(database.db);
    expect(await tableSql(database, 'sessions')).toMatch(/without rowid/i);
  });

  it('restores the old tables on the way down', async () => {
    database = openDatabase({ url: ':memory:' });
    await migrateToLatest(database.db);
    const all = migratorWith(database, {
      '0001-initial': initial,
      '0002-sync-pass': syncPass,
      '0003-launch-tables': launchTables,
    });
    expect((await all.migrateTo('0002-sync-pass')).error).toBeUndefined();
    await insertLaunchRows(database);
    expect((await all.migrateToLatest()).error).toBeUndefined();
    expect((await all.migrateTo('0002-sync-pass')).error).toBeUndefined();

    expect(await countRows(database)).toEqual({
      sessions: 1,
      replay_guard: 1,
      rate_limits: 1,
      sso_events: 1,
    });
    expect(await tableSql(database, 'sessions')).not.toMatch(/without rowid/i);
    expect(await tableSql(database, 'sso_events')).toMatch(/autoincrement/i);
  });
});
