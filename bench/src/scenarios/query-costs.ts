import {
  findContactByPsaId,
  findSessionState,
  getTenantByOrigin,
  incrementRateLimitPair,
  internalUserEmailExists,
  listHostOrigins,
  listInvoices,
  listTrustedIssuers,
  openDatabase,
  recordSsoEvent,
  type Database,
} from '@billfold/db';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import type { SeededDatabase } from '../seed.js';

/** The cost of one database call the portal makes, through Kysely and as bare SQL. */
export interface QueryCost {
  name: string;
  /** The portal's query function from `@billfold/db`: query building plus execution. */
  kyselyMicros: number;
  /** The same SQL and parameters through a prepared better-sqlite3 statement. */
  preparedMicros: number;
}

type Call = (db: Kysely<Database>) => Promise<unknown>;

/**
 * Times each database call of the launch, `/me` and invoice-page paths in the bench
 * process, once through the portal's own query function and once as the SQL that
 * Kysely generated for it, run through a prepared statement. The difference is what
 * building the query costs on every request.
 */
export async function measureQueryCosts(
  seeded: SeededDatabase,
  portalOrigin: string,
  secondsEach: number,
): Promise<QueryCost[]> {
  const sqlite = new BetterSqlite3(seeded.file);
  const sessionHash = (
    sqlite.prepare('select id_hash from sessions limit 1').get() as { id_hash: string } | undefined
  )?.id_hash;
  const contact = seeded.contacts[0];
  const tenantId = seeded.tenantId;
  const calls: [string, Call][] = [
    ['tenant by origin', (db) => getTenantByOrigin(db, portalOrigin)],
    ['host origins', (db) => listHostOrigins(db, tenantId)],
    ['session state (4 joins)', (db) => findSessionState(db, tenantId, sessionHash ?? '')],
    [
      'invoice page (51 rows)',
      (db) =>
        listInvoices(db, {
          tenantId,
          companyId: contact?.companyId ?? 1,
          status: 'all',
          limit: 51,
          after: null,
        }),
    ],
    ['trusted issuers', (db) => listTrustedIssuers(db, tenantId)],
    ['contact by PSA id', (db) => findContactByPsaId(db, tenantId, contact?.psaContactId ?? 1)],
    ['internal user by email', (db) => internalUserEmailExists(db, tenantId, 'x@bench.example')],
    [
      'rate-limit pair upsert (write)',
      (db) => incrementRateLimitPair(db, 'bench:query-cost:ip', 'bench:query-cost:tenant', 0),
    ],

    [
      'SSO event insert (write)',
      (db) =>
        recordSsoEvent(db, {
          tenant_id: tenantId,
          at: Date.now(),
          provider: 'connectwise_portal',
          outcome: 'success',
          reasons: '',
          issuer: null,
          psa_contact_id: null,
          contact_id: null,
          email_masked: null,
          ip: '127.0.0.1',
        }),
    ],
  ];

  const portalDatabase = openDatabase({ url: seeded.file });
  const costs: QueryCost[] = [];
  try {
    for (const [name, call] of calls) {
      const compiled = await captureQuery(sqlite, call);
      const statement = sqlite.prepare(compiled.sql);
      const parameters = compiled.parameters as unknown[];
      const run = statement.reader
        ? () => statement.all(parameters)
        : () => statement.run(parameters);
      costs.push({
        name,
        kyselyMicros: await timeAsync(() => call(portalDatabase.db), secondsEach),
        preparedMicros: await timeAsync(async () => run(), secondsEach),
      });
    }
  } finally {
    await portalDatabase.close();
    sqlite.close();
  }
  return costs;
}

// Runs `call` once on a Kysely instance that logs, to learn the SQL it sends.
async function captureQuery(sqlite: BetterSqlite3.Database, call: Call): Promise<CompiledQuery> {
  let captured: CompiledQuery | null = null;
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      captured ??= event.query;
    },
  });
  await call(db);
  if (captured === null) throw new Error('The query function sent no SQL.');
  return captured;
}

async function timeAsync(call: () => Promise<unknown>, seconds: number): Promise<number> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let calls = 0;
  while (performance.now() < deadline) {
    await call();
    calls += 1;
  }
  return ((performance.now() - started) * 1000) / calls;
}
