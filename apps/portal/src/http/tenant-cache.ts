import type { Tenant, TrustedIssuer } from '@billfold/db';

/** A tenant's settings that every request reads: the tenant row, host origins and issuers. */
export interface TenantSettings {
  tenant: Readonly<Tenant>;
  hostOrigins: readonly string[];
  issuers: readonly Readonly<TrustedIssuer>[];
}

interface CacheEntry {
  settings: Promise<TenantSettings | null>;
  expiresAt: number;
}

/** Maximum number of cached origins, so a flood of unknown hosts cannot grow the cache. */
const MAX_ENTRIES = 1000;

/**
 * A per-process cache of tenant settings by request origin, for `ttlMs` milliseconds.
 * Unknown origins are cached too, so a flood of made-up hosts costs one query per origin
 * per period. Concurrent misses for one origin share a single load.
 *
 * Changes made through this process's admin console clear it at once. Changes made by
 * another process (a second portal, the CLI) take effect here within `ttlMs`.
 * Sessions do not depend on it: the session query reads the tenant's SSO switch itself.
 */
export class TenantCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Returns the settings for `origin`, from the cache or from `load`. */
  get(origin: string, load: () => Promise<TenantSettings | null>): Promise<TenantSettings | null> {
    if (this.ttlMs <= 0) return load();

    const now = this.clock();
    const cached = this.entries.get(origin);
    if (cached !== undefined && cached.expiresAt > now) return cached.settings;

    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const settings = load().then(freezeSettings);
    const entry = { settings, expiresAt: now + this.ttlMs };
    this.entries.set(origin, entry);
    // A failed load is not cached: the next request tries the database again.
    settings.catch(() => {
      if (this.entries.get(origin) === entry) this.entries.delete(origin);
    });
    return settings;
  }

  /** Drops every entry, after a change to any tenant's settings. */
  clear(): void {
    this.entries.clear();
  }
}

// Cached objects are shared by every request, so none of them may change one.
function freezeSettings(settings: TenantSettings | null): TenantSettings | null {
  if (settings === null) return null;
  return Object.freeze({
    tenant: Object.freeze({ ...settings.tenant }),
    hostOrigins: Object.freeze([...settings.hostOrigins]),
    issuers: Object.freeze(settings.issuers.map((issuer) => Object.freeze({ ...issuer }))),
  });
}
