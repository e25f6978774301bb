import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { consumeReplayKey, createTenant, recordSsoEvent, type Database } from '../src/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../src/testing.js';
import { createWriteQueue, WriteBatchError } from '../src/write-queue.js';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);

// The rejection reason of a settled write; fails the test when the write succeeded.
function reasonOf(result: PromiseSettledResult<unknown> | undefined): unknown {
  if (result?.status !== 'rejected')
    throw new Error(`Expected a rejected write, got ${result?.status}.`);
  return result.reason;
}

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

  it('shares one transaction on SQLite only', async () => {
    const opened = await open();
    const writes = createWriteQueue(opened);
    const handles: Kysely<Database>[] = [];

    await Promise.all(
      [1, 2, 3].map(() =>
        writes.run(async (db) => {
          handles.push(db);
        }),
      ),
    );

    expect(handles.every((handle) => handle.isTransaction)).toBe(dialect === 'sqlite');
    // One transaction for the batch on SQLite, the database itself on PostgreSQL.
    expect(new Set(handles).size).toBe(1);
    expect(handles[0] === opened.db).toBe(dialect !== 'sqlite');
  });

  it('gives each caller its own result', async () => {
    const opened = await open();
    const writes = createWriteQueue(opened);

    const results = await Promise.all([0, 1, 2, 3].map((n) => writes.run(async () => n)));

    expect(results).toEqual([0, 1, 2, 3]);
  });

  it('rejects only the failed write', async () => {
    const opened = await open();
    const writes = createWriteQueue(opened);

    const results = await Promise.allSettled([
      writes.run(async (db) => (await createTenant(db, tenant('acme'))).slug),
      writes.run(async (db) => (await createTenant(db, tenant('acme'))).slug),
      writes.run(async (db) => (await createTenant(db, tenant('globex'))).slug),
      writes.run(async () => 'last'),
    ]);

    expect(
      results.map((result) => (result.status === 'fulfilled' ? result.value : 'error')),
    ).toEqual(['acme', 'error', 'globex', 'last']);
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

describe('write queue failures on sqlite', () => {
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

  it('stops a batch that SQLite undid and runs the rest later', async () => {
    database = await createTestDatabase('sqlite');
    const opened = database;
    const raw = opened.sqlite;
    if (raw === null) throw new Error('The SQLite test database has no raw handle.');
    const { id: tenantId } = await createTenant(opened.db, tenant('acme'));
    // A nearly full disk: small rows still fit, a 200 KB row does not, and SQLite then
    // undoes the whole transaction.
    const pages = Number(raw.pragma('page_count', { simple: true }));
    raw.pragma(`max_page_count = ${pages + 4}`);
    const writes = createWriteQueue(opened);
    const event = (reasons: string) => ({
      tenant_id: tenantId,
      at: NOW,
      provider: 'connectwise_portal',
      outcome: 'rejected',
      reasons,
      issuer: null,
      psa_contact_id: null,
      contact_id: null,
      email_masked: null,
      ip: null,
    });
    const claim = (jti: string) =>
      writes.run((db) => consumeReplayKey(db, 'https://cw.example', jti, NOW + 60_000, NOW));

    const results = await Promise.allSettled([
      claim('jti-a'),
      writes.run((db) => recordSsoEvent(db, event('x'.repeat(200_000)))),
      claim('jti-b'),
    ]);

    const [first, failed, later] = results;
    expect(reasonOf(first)).toBeInstanceOf(WriteBatchError);
    expect(String(reasonOf(failed))).toMatch(/full/);
    expect(later).toEqual({ status: 'fulfilled', value: true });
    const claimed = raw.prepare('select jti from replay_guard order by jti').all();
    expect(claimed).toEqual([{ jti: 'jti-b' }]);
  });

  it('times out a write that uses another handle', async () => {
    database = await createTestDatabase('sqlite');
    const opened = database;
    const writes = createWriteQueue(opened, { writeTimeoutMs: 100 });

    const results = await Promise.allSettled([
      writes.run(() => createTenant(opened.db, tenant('wrong-handle'))),
      writes.run(async (db) => (await createTenant(db, tenant('acme'))).slug),
    ]);

    expect(String(reasonOf(results[0]))).toMatch(/within 100 ms/);
    expect(results[1]).toEqual({ status: 'fulfilled', value: 'acme' });
  });

  it('caps the size of a batch', async () => {
    database = await createTestDatabase('sqlite');
    const writes = createWriteQueue(database, { maxBatch: 2 });
    const handles: Kysely<Database>[] = [];

    await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        writes.run(async (db) => {
          handles.push(db);
        }),
      ),
    );

    expect(new Set(handles).size).toBe(3);
  });
});
