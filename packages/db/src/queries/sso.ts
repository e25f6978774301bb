import type { Kysely } from 'kysely';
import { reusableQuery } from '../reusable-query.js';
import type { Database, SsoEvent } from '../schema.js';

/** One SSO launch attempt, as {@link recordSsoEvent} stores it. */
export interface SsoEventInput {
  tenant_id: number;
  at: number;
  provider: string;
  /** `success` or `rejected`. */
  outcome: string;
  /** Space-separated reason codes; empty on success. */
  reasons: string;
  issuer: string | null;
  psa_contact_id: string | null;
  contact_id: number | null;
  email_masked: string | null;
  ip: string | null;
}

/** Records one SSO launch attempt. */
export async function recordSsoEvent(db: Kysely<Database>, event: SsoEventInput): Promise<void> {
  await insertSsoEvent(
    db,
    event.tenant_id,
    event.at,
    event.provider,
    event.outcome,
    event.reasons,
    event.issuer,
    event.psa_contact_id,
    event.contact_id,
    event.email_masked,
    event.ip,
  );
}

// Every launch writes an event, so the insert is compiled once (see reusableQuery).
const insertSsoEvent = reusableQuery(
  10,
  (
    db,
    tenantId: number,
    at: number,
    provider: string,
    outcome: string,
    reasons: string,
    issuer: string | null,
    psaContactId: string | null,
    contactId: number | null,
    emailMasked: string | null,
    ip: string | null,
  ) =>
    db.insertInto('sso_events').values({
      tenant_id: tenantId,
      at,
      provider,
      outcome,
      reasons,
      issuer,
      psa_contact_id: psaContactId,
      contact_id: contactId,
      email_masked: emailMasked,
      ip,
    }),
);

/** Lists a tenant's latest SSO events, newest first. */
export async function listSsoEvents(
  db: Kysely<Database>,
  tenantId: number,
  limit = 50,
): Promise<SsoEvent[]> {
  return db
    .selectFrom('sso_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Consumes a single-use value `(issuer, jti)`, kept until `expiresAt`. Returns true the
 * first time and false on every later call before it expires, across all processes
 * sharing the database (the primary key decides, not a read-then-write). An entry that
 * has expired but was not purged yet is taken over, as if it had been deleted.
 */
export async function consumeReplayKey(
  db: Kysely<Database>,
  issuer: string,
  jti: string,
  expiresAt: number,
  now: number,
): Promise<boolean> {
  const result = await claimReplayKey(db, issuer, jti, expiresAt, now);
  return Number(result.numAffectedRows ?? 0) === 1;
}

// One statement: insert, or overwrite only an expired entry. A live entry is left alone,
// so the statement affects no row, and that is how a replay is detected.
const claimReplayKey = reusableQuery(
  4,
  (db, issuer: string, jti: string, expiresAt: number, now: number) =>
    db
      .insertInto('replay_guard')
      .values({ issuer, jti, expires_at: expiresAt })
      .onConflict((conflict) =>
        conflict
          .columns(['issuer', 'jti'])
          .doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') }))
          .where('replay_guard.expires_at', '<=', now),
      ),
);

/** Deletes replay-guard entries that expired before `now`; returns how many. */
export async function purgeReplayGuard(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db
    .deleteFrom('replay_guard')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Counts one hit in the fixed window `windowStart` for `key` and returns the count
 * including it. One statement (insert or increment), so concurrent processes never lose
 * a hit.
 */
export async function incrementRateLimit(
  db: Kysely<Database>,
  key: string,
  windowStart: number,
): Promise<number> {
  const { rows } = await incrementOne(db, key, windowStart);
  return Number(rows[0]?.count);
}

/**
 * Counts one hit for each of two different keys in the window `windowStart`, in one
 * statement, and returns both counts in the order of the keys. The rows are written in
 * sorted key order, so two calls with the keys swapped cannot deadlock on PostgreSQL.
 */
export async function incrementRateLimitPair(
  db: Kysely<Database>,
  firstKey: string,
  secondKey: string,
  windowStart: number,
): Promise<[number, number]> {
  if (firstKey === secondKey) {
    throw new Error(`Rate-limit keys must differ; both are ${JSON.stringify(firstKey)}.`);
  }
  const [low, high] = firstKey < secondKey ? [firstKey, secondKey] : [secondKey, firstKey];
  const { rows } = await incrementTwo(db, low, high, windowStart);
  const countOf = (key: string) => Number(rows.find((row) => row.key === key)?.count);
  return [countOf(firstKey), countOf(secondKey)];
}

const incrementOne = reusableQuery(2, (db, key: string, windowStart: number) =>
  db
    .insertInto('rate_limits')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(['key', 'window_start'])
        .doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })),
    )
    .returning('count'),
);

const incrementTwo = reusableQuery(
  3,
  (db, firstKey: string, secondKey: string, windowStart: number) =>
    db
      .insertInto('rate_limits')
      .values([
        { key: firstKey, window_start: windowStart, count: 1 },
        { key: secondKey, window_start: windowStart, count: 1 },
      ])
      .onConflict((conflict) =>
        conflict
          .columns(['key', 'window_start'])
          .doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })),
      )
      .returning(['key', 'count']),
);

/** Deletes rate-limit windows that started before `before`; returns how many. */
export async function purgeRateLimits(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db
    .deleteFrom('rate_limits')
    .where('window_start', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
