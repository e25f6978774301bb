import { errors } from 'jose';
import { describe, expect, it } from 'vitest';
import { LaunchTokenError } from '../src/index.js';
import { toFailure } from '../src/failures.js';

describe('toFailure', () => {
  it('keeps code and detail', () => {
    const failure = toFailure(new LaunchTokenError('token_key_unknown', 'jwks_timeout'));
    expect(failure).toMatchObject({ ok: false, code: 'token_key_unknown', detail: 'jwks_timeout' });
  });

  it('omits an absent detail', () => {
    const failure = toFailure(new LaunchTokenError('token_replayed'));
    expect('detail' in failure).toBe(false);
  });

  it.each([
    [new errors.JOSEAlgNotAllowed('x'), 'token_algorithm_rejected'],
    [new errors.JWSSignatureVerificationFailed(), 'token_signature_invalid'],
    [new errors.JWKSNoMatchingKey(), 'token_key_unknown'],
    [new errors.JWKSMultipleMatchingKeys(), 'token_key_unknown'],
    [new errors.JWKSInvalid('x'), 'token_key_unknown'],
    [new errors.JWKInvalid('x'), 'token_key_unknown'],
    [new errors.JWTExpired('x', {}, 'exp', 'check_failed'), 'token_expired'],
    [new errors.JWSInvalid('x'), 'token_malformed'],
    [new errors.JWTInvalid('x'), 'token_malformed'],
    [new errors.JOSENotSupported('x'), 'token_malformed'],
    [new errors.JWEInvalid('x'), 'token_malformed'],
    [new errors.JWKSTimeout(), 'token_malformed'],
  ])('maps %s', (error, code) => {
    expect(toFailure(error).code).toBe(code);
  });

  it.each([
    ['nbf', 'check_failed', 'token_not_yet_valid'],
    ['iat', 'check_failed', 'token_not_yet_valid'],
    ['nbf', 'invalid', 'token_malformed'],
    ['exp', 'invalid', 'token_missing_claim'],
    ['sub', 'missing', 'token_missing_claim'],
    ['sub', 'check_failed', 'token_malformed'],
  ])('maps claim %s %s', (claim, reason, code) => {
    const error = new errors.JWTClaimValidationFailed('x', {}, claim, reason);
    expect(toFailure(error)).toMatchObject({ code, detail: `${claim}_${reason}` });
  });

  it('rethrows other errors', () => {
    const error = new TypeError('bug');
    expect(() => toFailure(error)).toThrow(error);
  });
});
