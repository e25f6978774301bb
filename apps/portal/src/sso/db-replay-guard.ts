import { consumeReplayKey, type Database } from '@billfold/db';
import type { ReplayGuard } from '@billfold/tokens';
import type { Kysely } from 'kysely';

/**
 * Creates a replay guard kept in the `replay_guard` table. Every portal process behind a
 * load balancer then rejects a launch token that another process already accepted.
 */
export function createDatabaseReplayGuard(db: Kysely<Database>, now: () => number): ReplayGuard {
  return {
    consume: (issuer, jti, expiresAtMs) => consumeReplayKey(db, issuer, jti, expiresAtMs, now()),
  };
}
