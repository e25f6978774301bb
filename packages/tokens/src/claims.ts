import { LaunchTokenError } from './errors.js';
import { normalizeOrigin } from './origin.js';
import type { LaunchClaims } from './types.js';

const MAX_ID_LENGTH = 200;
const MAX_EMAIL_LENGTH = 320;
const MAX_ROLES = 100;

/** Settings the claim checks compare against. */
export interface ClaimRules {
  /** The portal origin from the verify context, not yet normalised. */
  audience: string;
  maxLifetimeSec: number;
  allowLoopbackHttp: boolean;
}

/**
 * Checks the claims that jose does not, on a payload whose signature, `exp`, `nbf`
 * and `iat` jose has already verified, and returns them typed.
 *
 * Required string claims (`sub`, `jti`) that are absent, empty, too long or not strings
 * are `token_missing_claim`. Optional claims of the wrong type are `token_malformed`.
 * A lifetime `exp - iat` above the maximum, or not positive, is `token_expired`.
 */
export function checkClaims(payload: Record<string, unknown>, rules: ClaimRules): LaunchClaims {
  const sub = requiredId(payload.sub, 'sub');
  const jti = requiredId(payload.jti, 'jti');
  const aud = checkAudience(payload.aud, rules);

  // jose has checked that both are numbers, because both are required claims.
  const iat = payload.iat as number;
  const exp = payload.exp as number;
  if (exp - iat > rules.maxLifetimeSec) {
    throw new LaunchTokenError('token_expired', 'lifetime_too_long');
  }
  if (exp <= iat) {
    throw new LaunchTokenError('token_expired', 'lifetime_invalid');
  }

  return {
    iss: payload.iss as string,
    aud,
    sub,
    email: optionalString(payload.email, MAX_EMAIL_LENGTH, 'email'),
    companyId: optionalString(payload.company_id, MAX_ID_LENGTH, 'company_id'),
    roles: checkRoles(payload.roles),
    iat,
    exp,
    jti,
  };
}

function requiredId(value: unknown, claim: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw new LaunchTokenError('token_missing_claim', `${claim}_invalid`);
  }
  return value;
}

function checkAudience(value: unknown, rules: ClaimRules): string {
  const expected = normalizeOrigin(rules.audience, { allowLoopbackHttp: rules.allowLoopbackHttp });
  if (!expected.ok) {
    throw new LaunchTokenError('token_audience_mismatch', 'audience_config_invalid');
  }

  // One string only: an array would let a token be valid for several portals at once.
  if (typeof value !== 'string') {
    throw new LaunchTokenError('token_audience_mismatch', 'aud_not_string');
  }
  const actual = normalizeOrigin(value, { allowLoopbackHttp: rules.allowLoopbackHttp });
  if (!actual.ok || actual.origin !== expected.origin) {
    throw new LaunchTokenError('token_audience_mismatch');
  }
  return expected.origin;
}

function optionalString(value: unknown, maxLength: number, claim: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > maxLength) {
    throw new LaunchTokenError('token_malformed', `${claim}_invalid`);
  }
  return value;
}

function checkRoles(value: unknown): string[] {
  if (value === undefined || value === null) return [];

  const valid =
    Array.isArray(value) &&
    value.length <= MAX_ROLES &&
    value.every((role) => typeof role === 'string' && role.length <= MAX_ID_LENGTH);
  if (!valid) {
    throw new LaunchTokenError('token_malformed', 'roles_invalid');
  }
  return [...(value as string[])];
}
