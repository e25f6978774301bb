import { jwtVerify, type JWSHeaderParameters } from 'jose';
import { checkClaims } from './claims.js';
import { LaunchTokenError } from './errors.js';
import { toFailure } from './failures.js';
import { createPastedKeyResolver, RemoteKeySet, type KeyResolver } from './key-sets.js';
import { assertTokenSize, decodeToken } from './token-parts.js';
import type {
  IssuerConfig,
  LaunchClaims,
  LaunchVerifier,
  LaunchVerifierOptions,
  VerifyContext,
} from './types.js';

/** The only algorithms a launch token may use; an issuer narrows this list further. */
export const SUPPORTED_ALGORITHMS: readonly string[] = ['ES256', 'EdDSA', 'RS256'];

const REQUIRED_CLAIMS = ['iss', 'aud', 'sub', 'iat', 'exp', 'jti'];
const MAX_PASTED_SETS = 1000;

interface Settings {
  clockToleranceSec: number;
  maxLifetimeSec: number;
  maxTokenBytes: number;
  now: () => number;
  allowLoopbackHttp: boolean;
  jwksTimeoutMs: number;
  jwksCooldownMs: number;
  jwksCacheMaxAgeMs: number;
  jwksMaxBytes: number;
  fetch: typeof fetch;
}

function settingsFrom(options: LaunchVerifierOptions): Settings {
  return {
    clockToleranceSec: options.clockToleranceSec ?? 30,
    maxLifetimeSec: options.maxLifetimeSec ?? 120,
    maxTokenBytes: options.maxTokenBytes ?? 8192,
    now: options.now ?? Date.now,
    allowLoopbackHttp: options.allowLoopbackHttp ?? false,
    jwksTimeoutMs: options.jwksTimeoutMs ?? 3000,
    jwksCooldownMs: options.jwksCooldownMs ?? 30_000,
    jwksCacheMaxAgeMs: options.jwksCacheMaxAgeMs ?? 600_000,
    jwksMaxBytes: options.jwksMaxBytes ?? 65_536,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
  };
}

/**
 * Creates a launch-token verifier. Create one per process and reuse it: it keeps one
 * cached key set per issuer JWKS URL, so a flood of launches does not become a flood of
 * JWKS fetches.
 *
 * @example
 * const verifier = createLaunchVerifier();
 * const result = await verifier.verify(token, { audience: tenant.origin, issuers, replayGuard });
 * if (!result.ok) return reply.code(401).send({ error: { code: result.code, message: result.message } });
 */
export function createLaunchVerifier(options: LaunchVerifierOptions = {}): LaunchVerifier {
  const settings = settingsFrom(options);
  const keys = new KeyResolvers(settings);

  return {
    async verify(token, context) {
      let claims: LaunchClaims;
      try {
        claims = await verifySignedClaims(token, context, settings, keys);
      } catch (error) {
        return toFailure(error);
      }

      // Errors of the replay guard (a database outage) are not token faults and propagate.
      const expiresAtMs = claims.exp * 1000 + settings.clockToleranceSec * 1000;
      const firstUse = await context.replayGuard.consume(claims.iss, claims.jti, expiresAtMs);
      if (!firstUse) return toFailure(new LaunchTokenError('token_replayed'));

      return { ok: true, claims };
    },
  };
}

async function verifySignedClaims(
  token: unknown,
  context: VerifyContext,
  settings: Settings,
  keys: KeyResolvers,
): Promise<LaunchClaims> {
  if (typeof token !== 'string') throw new LaunchTokenError('token_malformed');
  assertTokenSize(token, settings.maxTokenBytes);
  const decoded = decodeToken(token);

  const issuer = findIssuer(decoded.payload.iss, context.issuers);
  const algorithms = issuer.algorithms.filter((alg) => SUPPORTED_ALGORITHMS.includes(alg));
  if (!algorithms.includes(decoded.alg)) {
    throw new LaunchTokenError('token_algorithm_rejected', 'alg_not_allowed');
  }

  const resolveKey = keys.forIssuer(issuer);
  const { payload } = await jwtVerify(token, (header: JWSHeaderParameters) => resolveKey(header), {
    algorithms,
    requiredClaims: REQUIRED_CLAIMS,
    clockTolerance: settings.clockToleranceSec,
    maxTokenAge: settings.maxLifetimeSec,
    currentDate: new Date(settings.now()),
  });

  return checkClaims(payload as Record<string, unknown>, {
    audience: context.audience,
    maxLifetimeSec: settings.maxLifetimeSec,
    allowLoopbackHttp: settings.allowLoopbackHttp,
  });
}

// The issuer is picked by exact string equality on the unverified `iss`. Trusting it this
// far is safe because the signature must then verify with that issuer's own keys.
function findIssuer(iss: unknown, issuers: readonly IssuerConfig[]): IssuerConfig {
  if (iss === undefined) throw new LaunchTokenError('token_missing_claim', 'iss_invalid');
  if (typeof iss !== 'string') throw new LaunchTokenError('token_malformed', 'iss_not_string');

  const issuer = issuers.find((candidate) => candidate.issuer === iss);
  if (issuer === undefined) throw new LaunchTokenError('token_issuer_unknown');
  return issuer;
}

/** The key resolvers of one verifier: one remote set per JWKS URL, pasted sets by content. */
class KeyResolvers {
  private readonly remote = new Map<string, RemoteKeySet>();
  private readonly pasted = new Map<string, KeyResolver>();

  constructor(private readonly settings: Settings) {}

  forIssuer(issuer: IssuerConfig): KeyResolver {
    if (issuer.jwks !== undefined && issuer.jwks !== null)
      return this.forPasted(issuer.issuer, issuer.jwks);
    if (typeof issuer.jwksUrl === 'string') return this.forRemote(issuer.issuer, issuer.jwksUrl);
    throw new LaunchTokenError('token_key_unknown', 'issuer_has_no_keys');
  }

  private forPasted(issuer: string, jwks: NonNullable<IssuerConfig['jwks']>): KeyResolver {
    const cacheKey = `${issuer}\n${JSON.stringify(jwks)}`;
    const cached = this.pasted.get(cacheKey);
    if (cached !== undefined) return cached;

    const resolver = createPastedKeyResolver(jwks);
    if (this.pasted.size >= MAX_PASTED_SETS) this.pasted.clear();
    this.pasted.set(cacheKey, resolver);
    return resolver;
  }

  private forRemote(issuer: string, jwksUrl: string): KeyResolver {
    const cacheKey = `${issuer}\n${jwksUrl}`;
    let set = this.remote.get(cacheKey);
    if (set === undefined) {
      set = new RemoteKeySet(jwksUrl, {
        timeoutMs: this.settings.jwksTimeoutMs,
        maxBytes: this.settings.jwksMaxBytes,
        allowLoopbackHttp: this.settings.allowLoopbackHttp,
        fetch: this.settings.fetch,
        cooldownMs: this.settings.jwksCooldownMs,
        cacheMaxAgeMs: this.settings.jwksCacheMaxAgeMs,
        now: this.settings.now,
      });
      this.remote.set(cacheKey, set);
    }
    return (header) => set.resolve(header);
  }
}
