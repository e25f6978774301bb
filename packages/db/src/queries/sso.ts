import type { Kysely } from 'kysely';
import type { Database, NewSsoEvent, SsoEvent } from '../schema.js';

/** Records one SSO launch attempt. */
export async function recordSsoEvent(db: Kysely<Database>, event: NewSsoEvent): Promise<void> {
  await db.insertInto('sso_events').values(event).execute();
}

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
 * sharing the database (the primary key decides, not a read-then-write).
 */
export async function consumeReplayKey(
  db: Kysely<Database>,
  issuer: string,
  jti: string,
  expiresAt: number,
  now: number,
): Promise<boolean> {
  await db
    .deleteFrom('replay_guard')
    .where('issuer', '=', issuer)
    .where('jti', '=', jti)
    .where('expires_at', '<=', now)
    .execute();
  const result = await db
    .insertInto('replay_guard')
    .values({ issuer, jti, expires_at: expiresAt })
    .onConflict((conflict) => conflict.columns(['issuer', 'jti']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

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
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(['key', 'window_start'])
        .doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Deletes rate-limit windows that started before `before`; returns how many. */
export async function purgeRateLimits(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db
    .deleteFrom('rate_limits')
    .where('window_start', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
