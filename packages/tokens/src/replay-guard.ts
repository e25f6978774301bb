/**
 * Remembers which `(issuer, jti)` pairs were already used. The portal keeps this in the
 * database so that every process behind a load balancer shares it.
 */
export interface ReplayGuard {
  /**
   * Records the pair and returns true on its first use, false when it was seen before.
   * `expiresAtMs` is the epoch-ms time after which the pair may be forgotten.
   */
  consume(issuer: string, jti: string, expiresAtMs: number): Promise<boolean>;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Creates an in-memory replay guard for a single process and for tests. Expired entries
 * are dropped by a sweep that runs at most once a minute.
 */
export function createMemoryReplayGuard(now: () => number = Date.now): ReplayGuard {
  const seen = new Map<string, number>();
  let nextSweepAt = 0;

  function sweep(current: number): void {
    if (current < nextSweepAt) return;
    nextSweepAt = current + SWEEP_INTERVAL_MS;
    for (const [key, expiresAt] of seen) {
      if (expiresAt <= current) seen.delete(key);
    }
  }

  return {
    consume(issuer, jti, expiresAtMs) {
      const current = now();
      sweep(current);

      // The length prefix keeps ("ab", "c") and ("a", "bc") apart.
      const key = `${issuer.length}:${issuer}${jti}`;
      const previous = seen.get(key);
      if (previous !== undefined && previous > current) return Promise.resolve(false);

      seen.set(key, expiresAtMs);
      return Promise.resolve(true);
    },
  };
}
