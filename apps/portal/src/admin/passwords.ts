import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { insertInternalUser, findInternalUserByEmail, type InternalUser } from '@billfold/db';
import { normalizeEmail } from '@billfold/eligibility';
import type { Kysely } from 'kysely';
import type { Database } from '@billfold/db';

// 2^15 with r=8 costs about 32 MiB and tens of milliseconds: slow for guessing, fine per sign-in.
const COST = 32_768;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const MAX_MEMORY = 64 * 1024 * 1024;

/** An internal user's role: `master` also manages the other internal users. */
export type InternalRole = 'master' | 'admin';

/** Thrown by {@link createInternalUser} when the tenant already has a user with the email. */
export class InternalUserExistsError extends Error {
  readonly code = 'internal_user_exists';

  constructor() {
    super('An internal user with this email already exists. Sign in with it or use another email.');
    this.name = 'InternalUserExistsError';
  }
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

/**
 * Hashes a password with scrypt and a random salt, as `scrypt$N$r$p$salt$hash` with
 * base64url salt and hash.
 *
 * @example
 * const hash = await hashPassword('correct horse battery staple');
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, {
    N: COST,
    r: BLOCK_SIZE,
    p: PARALLELISM,
    maxmem: MAX_MEMORY,
  });
  return [
    'scrypt',
    COST,
    BLOCK_SIZE,
    PARALLELISM,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/**
 * Checks a password against a hash from {@link hashPassword} in constant time. A hash
 * that is malformed or uses unsupported parameters never matches.
 */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;

  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![n, r, p].every(Number.isSafeInteger) || n < 2 || n > 1_048_576 || r > 32 || p > 16) {
    return false;
  }

  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (expected.length !== KEY_LENGTH) return false;

  const actual = await derive(password, salt, { N: n, r, p, maxmem: MAX_MEMORY * 4 });
  return timingSafeEqual(actual, expected);
}

/** What {@link createInternalUser} needs. */
export interface NewInternalUserInput {
  tenantId: number;
  email: string;
  password: string;
  role: InternalRole;
  /** Creation time, epoch ms. Default `Date.now()`. */
  now?: number;
}

/**
 * Creates an internal user (MSP staff) who can sign in to the admin console. Throws
 * {@link InternalUserExistsError} when the tenant already has a user with this email.
 */
export async function createInternalUser(
  db: Kysely<Database>,
  input: NewInternalUserInput,
): Promise<InternalUser> {
  const emailNormalized = normalizeEmail(input.email);
  if ((await findInternalUserByEmail(db, input.tenantId, emailNormalized)) !== undefined) {
    throw new InternalUserExistsError();
  }

  const now = input.now ?? Date.now();
  return insertInternalUser(db, {
    tenant_id: input.tenantId,
    email: input.email.trim(),
    email_normalized: emailNormalized,
    password_hash: await hashPassword(input.password),
    role: input.role,
    totp_secret: null,
    created_at: now,
    updated_at: now,
  });
}
