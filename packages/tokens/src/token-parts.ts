import { LaunchTokenError } from './errors.js';

/** The `typ` header value every launch token must carry, compared exactly. */
export const LAUNCH_TOKEN_TYPE = 'billfold-launch+jwt';

/** Header parameters that would let the token choose its own key; always rejected. */
const KEY_SOURCE_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const KID_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** The unverified header and payload of a compact JWS, after the structural checks. */
export interface DecodedToken {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  alg: string;
}

/** Rejects a token longer than `maxBytes` (UTF-8) before any parsing. */
export function assertTokenSize(token: string, maxBytes: number): void {
  // A string's UTF-8 length is never below its UTF-16 length, so the cheap check goes first.
  if (token.length > maxBytes || Buffer.byteLength(token, 'utf8') > maxBytes) {
    throw new LaunchTokenError('token_too_large');
  }
}

/**
 * Splits and decodes a compact JWS without trusting it, and applies the header rules.
 * The `none` and HMAC algorithms and key-source headers are `token_algorithm_rejected`.
 * A `typ` other than exactly `billfold-launch+jwt` is `token_type_invalid`.
 * A missing, empty, over-long or non-printable `kid` is `token_malformed`.
 */
export function decodeToken(token: string): DecodedToken {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every(isBase64urlPart)) {
    throw new LaunchTokenError('token_malformed', 'token_structure');
  }

  const [headerPart, payloadPart] = parts as [string, string, string];
  const header = decodeJsonObject(headerPart);
  const alg = checkHeader(header);
  const payload = decodeJsonObject(payloadPart);
  return { header, payload, alg };
}

function isBase64urlPart(part: string): boolean {
  // A base64url string of length 4n+1 cannot come from any byte sequence.
  return BASE64URL.test(part) && part.length % 4 !== 1;
}

function decodeJsonObject(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(part, 'base64url')),
    );
  } catch {
    throw new LaunchTokenError('token_malformed', 'token_json');
  }

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LaunchTokenError('token_malformed', 'token_json');
  }
  return value as Record<string, unknown>;
}

function checkHeader(header: Record<string, unknown>): string {
  const { alg } = header;
  if (typeof alg !== 'string' || alg.length === 0) {
    throw new LaunchTokenError('token_malformed', 'alg_missing');
  }
  if (alg.toLowerCase() === 'none' || alg.toUpperCase().startsWith('HS')) {
    throw new LaunchTokenError('token_algorithm_rejected', 'alg_forbidden');
  }

  for (const name of KEY_SOURCE_HEADERS) {
    if (Object.hasOwn(header, name)) {
      throw new LaunchTokenError('token_algorithm_rejected', `header_${name}`);
    }
  }

  if (header.typ !== LAUNCH_TOKEN_TYPE) {
    throw new LaunchTokenError('token_type_invalid');
  }

  // The kid is only ever a lookup key into the issuer's key set: 1 to 128 printable ASCII characters.
  const { kid } = header;
  if (typeof kid !== 'string' || !KID_PATTERN.test(kid)) {
    throw new LaunchTokenError('token_malformed', 'kid_invalid');
  }
  return alg;
}
