/** Error code of a rejected launch token, one stable code per kind of fault. */
export type TokenErrorCode =
  | 'token_malformed'
  | 'token_too_large'
  | 'token_algorithm_rejected'
  | 'token_signature_invalid'
  | 'token_key_unknown'
  | 'token_issuer_unknown'
  | 'token_audience_mismatch'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'token_missing_claim'
  | 'token_replayed'
  | 'token_type_invalid';

/** Every token error code. */
export const TOKEN_ERROR_CODES: readonly TokenErrorCode[] = [
  'token_malformed',
  'token_too_large',
  'token_algorithm_rejected',
  'token_signature_invalid',
  'token_key_unknown',
  'token_issuer_unknown',
  'token_audience_mismatch',
  'token_expired',
  'token_not_yet_valid',
  'token_missing_claim',
  'token_replayed',
  'token_type_invalid',
];

// One fixed message per code. A message never contains the token, a key or a claim value,
// so it is safe to send to the browser and to log.
const MESSAGES: Readonly<Record<TokenErrorCode, string>> = {
  token_malformed: 'The launch token is not a well-formed signed token.',
  token_too_large: 'The launch token is larger than the allowed size.',
  token_algorithm_rejected:
    'The launch token uses a signing algorithm or key source that this issuer is not allowed.',
  token_signature_invalid: 'The launch token signature is invalid.',
  token_key_unknown: 'The launch token was signed with a key that the issuer does not publish.',
  token_issuer_unknown: 'The launch token comes from an issuer that is not registered.',
  token_audience_mismatch: 'The launch token was issued for a different portal.',
  token_expired: 'The launch token has expired or its lifetime is too long. Launch again.',
  token_not_yet_valid: 'The launch token is not valid yet. Check the issuer clock.',
  token_missing_claim: 'The launch token lacks a required claim or a claim has the wrong type.',
  token_replayed: 'The launch token was already used. Launch again.',
  token_type_invalid: 'The launch token does not have the type billfold-launch+jwt.',
};

/** Returns the fixed, token-free message for a code. */
export function tokenErrorMessage(code: TokenErrorCode): string {
  return MESSAGES[code];
}

/**
 * A rejected launch token. The message is fixed per code and never contains the token.
 * `detail` is an optional machine-readable hint for logs, such as `jwks_timeout`.
 */
export class LaunchTokenError extends Error {
  readonly code: TokenErrorCode;
  readonly detail: string | undefined;

  constructor(code: TokenErrorCode, detail?: string) {
    super(MESSAGES[code]);
    this.name = 'LaunchTokenError';
    this.code = code;
    this.detail = detail;
  }
}
