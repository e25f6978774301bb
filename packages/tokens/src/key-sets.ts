import {
  createLocalJWKSet,
  errors,
  type CryptoKey,
  type JWK,
  type JWSHeaderParameters,
} from 'jose';
import { LaunchTokenError } from './errors.js';
import { assertJwksUrl, fetchJwks, type JwksFetchOptions } from './jwks-fetch.js';
import type { JsonWebKeySet } from './types.js';

/** Resolves the verification key for a protected header; throws LaunchTokenError. */
export type KeyResolver = (header: JWSHeaderParameters) => Promise<CryptoKey>;

type LocalSet = ReturnType<typeof createLocalJWKSet>;

const ASYMMETRIC_KEY_TYPES = new Set(['EC', 'OKP', 'RSA']);

// Only public asymmetric keys may verify a launch. A symmetric (`oct`) key or a private
// key in the set is dropped, so a misconfigured set can never turn into an HMAC secret.
function publicKeysOnly(jwks: JsonWebKeySet): JsonWebKeySet {
  const keys = jwks.keys.filter(
    (key: JWK) => ASYMMETRIC_KEY_TYPES.has(key.kty ?? '') && key.d === undefined,
  );
  return { keys };
}

function toLocalSet(jwks: JsonWebKeySet): LocalSet {
  try {
    return createLocalJWKSet(publicKeysOnly(jwks));
  } catch {
    throw new LaunchTokenError('token_key_unknown', 'jwks_invalid');
  }
}

async function resolveLocal(set: LocalSet, header: JWSHeaderParameters): Promise<CryptoKey> {
  try {
    return await set(header);
  } catch (error) {
    const detail = error instanceof errors.JWKSNoMatchingKey ? 'kid_not_found' : 'key_unusable';
    throw new LaunchTokenError('token_key_unknown', detail);
  }
}

/** Creates a resolver over pasted public keys. */
export function createPastedKeyResolver(jwks: JsonWebKeySet): KeyResolver {
  const set = toLocalSet(jwks);
  return (header) => resolveLocal(set, header);
}

/** Timing settings of a {@link RemoteKeySet}, in milliseconds. */
export interface RemoteKeySetOptions extends JwksFetchOptions {
  cooldownMs: number;
  cacheMaxAgeMs: number;
  now: () => number;
}

/**
 * The cached key set of one JWKS URL. It fetches on first use and when older than the
 * maximum age. An unknown `kid` triggers a refetch at most once per cooldown, so made-up
 * kids cost at most one fetch per cooldown. A key the issuer adds is found on its first use,
 * unless an unknown-kid refetch already ran within the cooldown.
 * After a failed fetch it does not try again until the cooldown has passed.
 */
export class RemoteKeySet {
  private current: LocalSet | null = null;
  private fetchedAt = 0;
  private failedAt: number | null = null;
  // fetchJwks and toLocalSet throw only LaunchTokenError; this is the latest one.
  private failure = new LaunchTokenError('token_key_unknown', 'jwks_fetch_failed');
  private unknownKidRefetchAt: number | null = null;
  private inFlight: Promise<void> | null = null;
  private readonly url: URL;

  constructor(
    jwksUrl: string,
    private readonly options: RemoteKeySetOptions,
  ) {
    this.url = assertJwksUrl(jwksUrl, options.allowLoopbackHttp);
  }

  /** Resolves the key for a header, fetching or refetching the set when the rules allow. */
  async resolve(header: JWSHeaderParameters): Promise<CryptoKey> {
    const { set, loaded } = await this.freshSet();
    try {
      return await resolveLocal(set, header);
    } catch (error) {
      const unknownKid = error instanceof LaunchTokenError && error.detail === 'kid_not_found';
      if (!unknownKid || loaded) throw error;
    }

    const refetched = await this.refetchForUnknownKid();
    if (!refetched || this.current === null) {
      throw new LaunchTokenError('token_key_unknown', 'kid_not_found');
    }
    return resolveLocal(this.current, header);
  }

  // `loaded` is true when this call waited for a fetch, so an unknown kid needs no refetch.
  private async freshSet(): Promise<{ set: LocalSet; loaded: boolean }> {
    const loaded = this.isStale();
    if (loaded) await this.load();

    if (this.current === null || this.isStale()) {
      throw this.failure;
    }
    return { set: this.current, loaded };
  }

  private isStale(): boolean {
    return (
      this.current === null || this.options.now() - this.fetchedAt >= this.options.cacheMaxAgeMs
    );
  }

  private async refetchForUnknownKid(): Promise<boolean> {
    // Requests that arrive during a fetch wait for it instead of starting their own.
    if (this.inFlight !== null) {
      await this.inFlight;
      return true;
    }

    const now = this.options.now();
    const last = this.unknownKidRefetchAt;
    if (last !== null && now - last < this.options.cooldownMs) return false;

    this.unknownKidRefetchAt = now;
    await this.load();
    return true;
  }

  private load(): Promise<void> {
    if (this.inFlight !== null) return this.inFlight;

    const now = this.options.now();
    if (this.failedAt !== null && now - this.failedAt < this.options.cooldownMs) {
      return Promise.resolve();
    }

    this.inFlight = this.fetchOnce().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async fetchOnce(): Promise<void> {
    try {
      const jwks = await fetchJwks(this.url, this.options);
      this.current = toLocalSet(jwks);
      this.fetchedAt = this.options.now();
      this.failedAt = null;
    } catch (error) {
      // A set past its maximum age is not used after a failed refresh, because the issuer
      // may have removed a compromised key from it. A younger set stays in use.
      if (this.isStale()) this.current = null;
      this.failedAt = this.options.now();
      this.failure = error as LaunchTokenError;
    }
  }
}
