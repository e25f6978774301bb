import { createHash, randomBytes } from 'node:crypto';

/** A new session id and the hash that is the only form stored. */
export interface SessionToken {
  /** 256 random bits, base64url without padding (43 characters); give it to the client. */
  token: string;
  /** SHA-256 of the token, lower-case hex; store only this. */
  hash: string;
}

/**
 * Creates a session id of 256 random bits and its SHA-256 hash.
 *
 * @example
 * const { token, hash } = createSessionToken();
 * await insertSession(db, { tokenHash: hash, ... });
 * reply.send({ access_token: token });
 */
export function createSessionToken(): SessionToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSessionToken(token) };
}

/** Hashes a session id the way {@link createSessionToken} does, for the lookup on each request. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
