import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../src/testing.js';
import { isMigrated, migrateToLatest } from '../src/migrate.js';

describe.each(testDialects())('migrations on %s', (dialect) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });

  it('applies every migration once', async () => {
    database = await createTestDatabase(dialect);

    expect(await isMigrated(database.db)).toBe(true);
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('round-trips ids, epoch milliseconds and amounts as numbers', async () => {
    database = await createTestDatabase(dialect);
    const now = Date.UTC(2026, 11, 4, 12, 0, 0);

    const tenant = await database.db
      .insertInto('tenants')
      .values({
        slug: 'acme',
        name: 'Acme IT',
        portal_origin: 'https://acme.billfold.example',
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'created_at', 'sso_enabled', 'required_role'])
      .executeTakeFirstOrThrow();

    expect(typeof tenant.id).toBe('number');
    expect(tenant.created_at).toBe(now);
    expect(tenant.sso_enabled).toBe(0);
    expect(tenant.required_role).toBe('Billing Admin');
  });

  it('rejects a second tenant with the same slug', async () => {
    database = await createTestDatabase(dialect);
    const values = {
      slug: 'acme',
      name: 'Acme IT',
      portal_origin: 'https://acme.billfold.example',
      created_at: 1,
      updated_at: 1,
    };
    await database.db.insertInto('tenants').values(values).execute();

    await expect(database.db.insertInto('tenants').values(values).execute()).rejects.toThrow();
  });
});
