import type { TrustedIssuer } from '@billfold/db';
import { decodeJwt } from 'jose';
import {
  createLaunchVerifier,
  type IssuerConfig,
  type JsonWebKeySet,
  type ReplayGuard,
  type TokenErrorCode,
} from '@billfold/tokens';

/** The claims of a verified launch token, as the portal uses them. */
export interface VerifiedLaunch {
  issuer: string;
  /** PSA contact id. */
  subject: string;
  email: string | null;
  /** PSA company id. */
  companyId: string | null;
  roles: readonly string[];
}

/** A verification verdict: the claims, or the token fault and the issuer when readable. */
export type LaunchVerification =
  { ok: true; launch: VerifiedLaunch } | { ok: false; code: TokenErrorCode; issuer: string | null };

/** Verifies a launch token for one tenant. */
export interface LaunchTokenVerifier {
  verify(
    token: string,
    audience: string,
    issuers: readonly TrustedIssuer[],
  ): Promise<LaunchVerification>;
}

/** Settings of {@link createTokenLaunchVerifier}. */
export interface TokenLaunchVerifierOptions {
  replayGuard: ReplayGuard;
  now: () => number;
  clockToleranceSec: number;
  allowLoopbackHttp: boolean;
  fetch?: typeof fetch;
}

/**
 * Adapts the tokens package's verifier to the portal: issuers come from the tenant's
 * `trusted_issuers` rows, and used `(iss, jti)` pairs go to the shared replay guard.
 */
export function createTokenLaunchVerifier(
  options: TokenLaunchVerifierOptions,
): LaunchTokenVerifier {
  const verifier = createLaunchVerifier({
    now: options.now,
    clockToleranceSec: options.clockToleranceSec,
    allowLoopbackHttp: options.allowLoopbackHttp,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });

  return {
    async verify(token, audience, issuers) {
      const result = await verifier.verify(token, {
        audience,
        issuers: issuers.map(toIssuerConfig),
        replayGuard: options.replayGuard,
      });
      if (!result.ok) return { ok: false, code: result.code, issuer: readUnverifiedIssuer(token) };

      const { claims } = result;
      return {
        ok: true,
        launch: {
          issuer: claims.iss,
          subject: claims.sub,
          email: claims.email,
          companyId: claims.companyId,
          roles: claims.roles,
        },
      };
    },
  };
}

const MAX_LOGGED_ISSUER_LENGTH = 200;

// For the SSO activity log only: the `iss` a rejected token claims, which tells the admin
// which host sent it. It is unverified, so it is never used for a decision.
function readUnverifiedIssuer(token: string): string | null {
  if (token.length > 8192) return null;
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === 'string' ? iss.slice(0, MAX_LOGGED_ISSUER_LENGTH) : null;
  } catch {
    return null;
  }
}

function toIssuerConfig(row: TrustedIssuer): IssuerConfig {
  return {
    issuer: row.issuer,
    jwksUrl: row.jwks_url,
    jwks: row.jwks_json === null ? null : parseJwks(row.jwks_json),
    algorithms: parseAlgorithms(row.algorithms),
  };
}

// A stored value that does not parse counts as an empty key set, so launches from that
// issuer fail as token_key_unknown instead of as a server error.
function parseJwks(value: string): JsonWebKeySet {
  try {
    const parsed = JSON.parse(value) as Partial<JsonWebKeySet>;
    return Array.isArray(parsed.keys) ? { keys: parsed.keys } : { keys: [] };
  } catch {
    return { keys: [] };
  }
}

function parseAlgorithms(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed)
      ? parsed.filter((item): item is string => typeof item === 'string')
      : [];
  } catch {
    return [];
  }
}
