import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '@billfold/db/testing';
import { sql, type Kysely } from 'kysely';
import type { Database } from '@billfold/db';
import { createHarness, type Harness } from '../support/fixture.js';

// The list query as listInvoices builds it, compiled so its plan can be read.
function listQuery(db: Kysely<Database>, status: 'open' | 'all', withCursor: boolean) {
  let query = db
    .selectFrom('invoices')
    .select(['id', 'due_date'])
    .where('tenant_id', '=', 1)
    .where('company_id', '=', 1)
    .where('deleted', '=', 0);
  if (status === 'open') query = query.where('is_closed', '=', 0).where('balance', '<>', 0);
  if (withCursor)
    query = query.where((eb) => eb(eb.refTuple('due_date', 'id'), '<', eb.tuple('2026-01-01', 50)));
  return query.orderBy('due_date', 'desc').orderBy('id', 'desc').limit(26).compile();
}

describe.each(testDialects())('invoice list plan (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h.close();
  });

  it.each([
    ['all', false],
    ['all', true],
    ['open', true],
  ] as const)('uses invoices_list index (%s, cursor %s)', async (status, withCursor) => {
    const compiled = listQuery(h.ctx.db, status, withCursor);
    let plan: string;
    if (dialect === 'sqlite') {
      const rows = h.database.sqlite
        ?.prepare(`explain query plan ${compiled.sql}`)
        .all(...compiled.parameters) as { detail: string }[];
      plan = rows.map((row) => row.detail).join('\n');
      expect(plan).not.toContain('USE TEMP B-TREE FOR ORDER BY');
    } else {
      plan = await h.ctx.db.connection().execute(async (connection) => {
        // The test table is empty, so a sequential scan is always cheapest. Turning
        // it off shows which index the planner would use on a real table.
        await sql`set enable_seqscan = off`.execute(connection);
        const result = await connection.executeQuery<{ 'QUERY PLAN': string }>({
          ...compiled,
          sql: `explain ${compiled.sql}`,
        });
        await sql`set enable_seqscan = on`.execute(connection);
        return result.rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).not.toMatch(/\bSort\b/);
    }
    expect(plan).toContain('invoices_list');
  });
});
