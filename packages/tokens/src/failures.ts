import { errors } from 'jose';
import { LaunchTokenError, tokenErrorMessage, type TokenErrorCode } from './errors.js';
import type { VerifyFailure } from './types.js';

// jose error codes (the static `code` of each class) and the token code each becomes.
const JOSE_ERROR_CODES: Readonly<Record<string, TokenErrorCode>> = {
  [errors.JOSEAlgNotAllowed.code]: 'token_algorithm_rejected',
  [errors.JWSSignatureVerificationFailed.code]: 'token_signature_invalid',
  [errors.JWKSNoMatchingKey.code]: 'token_key_unknown',
  [errors.JWKSMultipleMatchingKeys.code]: 'token_key_unknown',
  [errors.JWKSInvalid.code]: 'token_key_unknown',
  [errors.JWKInvalid.code]: 'token_key_unknown',
  [errors.JWTExpired.code]: 'token_expired',
  [errors.JWSInvalid.code]: 'token_malformed',
  [errors.JWTInvalid.code]: 'token_malformed',
  [errors.JOSENotSupported.code]: 'token_malformed',
};

// For JWTClaimValidationFailed: `claim/reason` first, then `reason` alone. A bad type of the
// optional `nbf` is token_malformed; a bad type of a required claim is token_missing_claim.
const CLAIM_FAILURE_CODES: Readonly<Record<string, TokenErrorCode>> = {
  'nbf/check_failed': 'token_not_yet_valid',
  'iat/check_failed': 'token_not_yet_valid',
  'nbf/invalid': 'token_malformed',
  missing: 'token_missing_claim',
  invalid: 'token_missing_claim',
};

/**
 * Turns a LaunchTokenError or a jose error into a verify failure with a token error code.
 * Any other error is a fault of this code or the runtime, and is rethrown.
 */
export function toFailure(error: unknown): VerifyFailure {
  if (error instanceof LaunchTokenError) {
    const failure: VerifyFailure = { ok: false, code: error.code, message: error.message };
    if (error.detail !== undefined) failure.detail = error.detail;
    return failure;
  }

  if (error instanceof errors.JWTClaimValidationFailed) {
    const code =
      CLAIM_FAILURE_CODES[`${error.claim}/${error.reason}`] ??
      CLAIM_FAILURE_CODES[error.reason] ??
      'token_malformed';
    return {
      ok: false,
      code,
      message: tokenErrorMessage(code),
      detail: `${error.claim}_${error.reason}`,
    };
  }

  if (error instanceof errors.JOSEError) {
    const code = JOSE_ERROR_CODES[error.code] ?? 'token_malformed';
    return { ok: false, code, message: tokenErrorMessage(code) };
  }
  throw error;
}
