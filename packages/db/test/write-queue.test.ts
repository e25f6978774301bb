import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { consumeReplayKey, createTenant } from '../src/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../src/testing.js';
import { createWriteQueue } from '../src/write-queue.js';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);

const tenant = (slug: string) => ({
  slug,
  name: slug,
  portalOrigin: `https://${slug}.billfold.example`,
  now: NOW,
});

describe.each(testDialects())('write queue on %s', (dialect) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });

  async function open(): Promise<TestDatabase> {
    database = await createTestDatabase(dialect);
    return database;
  }

  it('batches concurrent writes on SQLite only', async () => {
    const opened = await open();
    const writes = createWriteQueue(opened);

    const inTransaction = await Promise.all(
      [1, 2, 3].map(() => writes.run(async (db) => db.isTransaction)),
    );

    expect(inTransaction).toEqual(Array(3).fill(dialect === 'sqlite'));
  });

  it('rejects only the failed write', async () => {
    const opened = await open();
    const writes = createWriteQueue(opened);

    const results = await Promise.allSettled([
      writes.run((db) => createTenant(db, tenant('acme'))),
      writes.run((db) => createTenant(db, tenant('acme'))),
      writes.run((db) => createTenant(db, tenant('globex'))),
    ]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const slugs = await opened.db.selectFrom('tenants').select('slug').orderBy('slug').execute();
    expect(slugs.map((row) => row.slug)).toEqual(['acme', 'globex']);
  });

  it('claims a replay key once per batch', async () => {
    const opened = await open();
    const writes = createWriteQueue(opened);
    const claim = () =>
      writes.run((db) => consumeReplayKey(db, 'https://cw.example', 'jti-1', NOW + 60_000, NOW));

    const claims = await Promise.all([claim(), claim(), claim()]);

    expect(claims.filter((first) => first)).toHaveLength(1);
  });
});

describe('write queue commit failure on sqlite', () => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });

  it('rejects the whole batch when the commit fails', async () => {
    database = await createTestDatabase('sqlite');
    const opened = database;
    const writes = createWriteQueue(opened);

    const results = await Promise.allSettled([
      writes.run((db) => createTenant(db, tenant('acme'))),
      // Ends the batch's transaction early, so its commit fails.
      writes.run(async (db) => {
        await sql`rollback`.execute(db);
      }),
    ]);

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    const count = await opened.db.selectFrom('tenants').select('id').execute();
    expect(count).toEqual([]);
  });
});
