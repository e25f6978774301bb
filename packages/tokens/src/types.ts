import type { JWK } from 'jose';
import type { ReplayGuard } from './replay-guard.js';
import type { TokenErrorCode } from './errors.js';

/** A JSON Web Key Set as pasted by an admin or served at a JWKS URL. */
export interface JsonWebKeySet {
  keys: JWK[];
}

/** An issuer the tenant registered: where its keys come from and which algorithms it may use. */
export interface IssuerConfig {
  /** The exact `iss` value; compared by string equality, no normalisation. */
  issuer: string;
  /** JWKS URL of the issuer: https, or http on a loopback host when allowed. */
  jwksUrl?: string | null;
  /** Pasted public keys; used instead of `jwksUrl` when present. */
  jwks?: JsonWebKeySet | null;
  /** Allowed `alg` values. Only ES256, EdDSA and RS256 are ever honoured; others are ignored. */
  algorithms: string[];
}

/** The verified claims of a launch token. */
export interface LaunchClaims {
  iss: string;
  /** The normalised portal origin the token was issued for. */
  aud: string;
  /** The PSA contact id. */
  sub: string;
  email: string | null;
  /** The PSA company id (`company_id` claim). */
  companyId: string | null;
  /** Customer Portal role names; empty when the claim is absent. */
  roles: string[];
  iat: number;
  exp: number;
  jti: string;
}

/** Settings of a launch verifier; every field is optional. */
export interface LaunchVerifierOptions {
  /** Allowed clock skew for `exp`, `nbf` and `iat`, in seconds. Default 30. */
  clockToleranceSec?: number;
  /** Maximum `exp - iat`, in seconds. Default 120. */
  maxLifetimeSec?: number;
  /** Tokens longer than this many bytes are rejected before parsing. Default 8192. */
  maxTokenBytes?: number;
  /** Current time in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Accept `http:` audiences and JWKS URLs on localhost, 127.0.0.1 and [::1]. Default false. */
  allowLoopbackHttp?: boolean;
  /** Time limit for one JWKS fetch, body included, in milliseconds. Default 3000. */
  jwksTimeoutMs?: number;
  /** Minimum time between refetches caused by an unknown `kid`, in milliseconds. Default 30000. */
  jwksCooldownMs?: number;
  /** Age after which a fetched key set is fetched again before use, in milliseconds. Default 600000. */
  jwksCacheMaxAgeMs?: number;
  /** Maximum JWKS response body size in bytes. Default 65536. */
  jwksMaxBytes?: number;
  /** The fetch implementation for JWKS URLs. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** Inputs of a verification besides the token. */
export interface VerifyContext {
  /** This portal's origin; normalised before comparison with `aud`. */
  audience: string;
  /** The issuers the tenant registered. */
  issuers: readonly IssuerConfig[];
  /** Store of used `(iss, jti)` pairs. */
  replayGuard: ReplayGuard;
}

/** A rejected token: the code, its fixed message, and an optional hint for logs. */
export interface VerifyFailure {
  ok: false;
  code: TokenErrorCode;
  message: string;
  /** Machine-readable hint, such as `jwks_timeout` or `lifetime_too_long`; never secret. */
  detail?: string;
}

/** The result of {@link LaunchVerifier.verify}. */
export type VerifyResult = { ok: true; claims: LaunchClaims } | VerifyFailure;

/** Verifies launch tokens; keeps one key-set cache per issuer for its whole life. */
export interface LaunchVerifier {
  /**
   * Verifies a launch token and records its `jti`. Resolves with a failure for every token
   * fault; rejects only when the replay guard itself fails.
   */
  verify(token: string, context: VerifyContext): Promise<VerifyResult>;
}
