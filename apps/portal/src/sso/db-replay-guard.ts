import { consumeReplayKey, type WriteQueue } from '@billfold/db';
import type { ReplayGuard } from '@billfold/tokens';

/**
 * Creates a replay guard kept in the `replay_guard` table. Every portal process behind a
 * load balancer then rejects a launch token that another process already accepted.
 */
export function createDatabaseReplayGuard(writes: WriteQueue, now: () => number): ReplayGuard {
  return {
    consume: (issuer, jti, expiresAtMs) =>
      writes.run((db) => consumeReplayKey(db, issuer, jti, expiresAtMs, now())),
  };
}
