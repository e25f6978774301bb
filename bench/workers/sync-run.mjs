// Runs one full sync from the simulator at BENCH_SYNC.manageUrl into a fresh SQLite file
// (BENCH_SYNC.databaseFile) with the real Manage client, and reports the counts and the
// wall time of `syncTenant` alone (database set-up is not timed).
import process from 'node:process';
import { rmSync } from 'node:fs';
import { DEMO_MANAGE } from '@billfold/portal';
import { fail, send } from './worker-channel.mjs';

try {
  const settings = JSON.parse(process.env.BENCH_SYNC ?? '{}');
  const sync = await import('@billfold/psa-connectwise');
  if (typeof sync.syncTenant !== 'function') {
    send({ type: 'unavailable', reason: '@billfold/psa-connectwise does not export syncTenant' });
    process.exit(0);
  }

  const database = await openFreshDatabase(settings.databaseFile);
  const tenantId = await createSyncTenant(database);
  const started = process.hrtime.bigint();
  const cpuAtStart = process.cpuUsage();
  const summary = await sync.syncTenant({
    db: database.db,
    tenantId,
    connection: { ...DEMO_MANAGE, url: settings.manageUrl },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuAtStart);

  const counts = await countRows(database.db, tenantId);
  await database.close();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  send({ type: 'done', seconds, cpuSeconds, status: summary?.status ?? null, counts });
  process.exit(0);
} catch (error) {
  fail(error);
}

async function openFreshDatabase(file) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const { migrateToLatest, openDatabase } = await import('@billfold/db');
  const database = openDatabase({ url: file });
  await migrateToLatest(database.db);
  return database;
}

// A tenant with the two built-in profiles, which synced contacts reference.
async function createSyncTenant(database) {
  const db = await import('@billfold/db');
  const now = Date.now();
  const tenant = await db.createTenant(database.db, {
    slug: 'bench-sync',
    name: 'Bench sync',
    portalOrigin: 'http://localhost:4000',
    now,
  });
  if (typeof db.ensureDefaultProfiles === 'function') {
    await db.ensureDefaultProfiles(database.db, tenant.id);
  } else {
    await database.db
      .insertInto('profiles')
      .values([
        {
          tenant_id: tenant.id,
          name: 'Revoke Access',
          is_revoke: 1,
          is_builtin: 1,
          created_at: now,
        },
        {
          tenant_id: tenant.id,
          name: 'Admin',
          can_view_invoices: 1,
          can_download_pdf: 1,
          can_pay: 1,
          is_builtin: 1,
          created_at: now,
        },
      ])
      .execute();
  }
  return tenant.id;
}

async function countRows(db, tenantId) {
  const count = async (table) => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    companies: await count('companies'),
    contacts: await count('contacts'),
    invoices: await count('invoices'),
  };
}
