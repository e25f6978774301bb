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

/** Maximum number of cached unknown origins, so a flood of made-up hosts cannot grow the cache. */
const MAX_UNKNOWN = 1000;

/**
 * A per-process cache of tenant settings by request origin, for `ttlMs` milliseconds.
 * Unknown origins are cached too, so a flood of made-up hosts costs one query per origin
 * per period. They are kept apart from the known ones, so such a flood cannot evict real
 * tenants. Concurrent misses for one origin share a single load.
 *
 * Saving the SSO settings in this process's admin console clears it at once. Changes made
 * by another process (a second portal, the CLI) take effect here within `ttlMs`.
 * Sessions do not depend on it: the session query reads the tenant's SSO switch itself.
 */
export class TenantCache {
  private readonly known = new Map<string, CacheEntry>();
  private readonly unknown = new Map<string, CacheEntry>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Returns the settings for `origin`, from the cache or from `load`. */
  get(origin: string, load: () => Promise<TenantSettings | null>): Promise<TenantSettings | null> {
    if (this.ttlMs <= 0) return load().then(freezeSettings);

    const now = this.clock();
    const cached = this.known.get(origin) ?? this.unknown.get(origin);
    if (cached !== undefined && cached.expiresAt > now) return cached.settings;

    this.known.delete(origin);
    this.unknown.delete(origin);
    const settings = load().then(freezeSettings);
    const entry = { settings, expiresAt: now + this.ttlMs };
    // Until the load ends, the entry counts as unknown: only a found tenant moves it.
    if (this.unknown.size >= MAX_UNKNOWN) this.unknown.clear();
    this.unknown.set(origin, entry);
    settings.then(
      (found) => {
        if (found === null || this.unknown.get(origin) !== entry) return;
        this.unknown.delete(origin);
        this.known.set(origin, entry);
      },
      // A failed load is not cached: the next request tries the database again.
      () => {
        if (this.unknown.get(origin) === entry) this.unknown.delete(origin);
      },
    );
    return settings;
  }

  /** Drops every entry, after a change to any tenant's settings. */
  clear(): void {
    this.known.clear();
    this.unknown.clear();
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
