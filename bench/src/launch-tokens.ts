import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { BenchContact } from './seed.js';

/** A launch-token issuer created for one run, registered with the tenant by pasted key. */
export interface BenchIssuer {
  issuer: string;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** The pasted-keys JWKS document, as stored in `trusted_issuers.jwks_json`. */
  jwksJson: string;
}

// Launch tokens may live at most 120 s (`exp - iat`).
const TOKEN_LIFETIME_SEC = 120;
const SIGN_CONCURRENCY = 256;

/** Creates a fresh ES256 key pair and the issuer that signs with it. */
export async function createBenchIssuer(): Promise<BenchIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = `bench-${randomUUID().slice(0, 8)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    issuer: 'https://bench-issuer.billfold.example',
    kid,
    privateKey,
    publicJwk,
    jwksJson: JSON.stringify({ keys: [publicJwk] }),
  };
}

/**
 * Signs `count` launch tokens for `audience`, cycling through `contacts`, each with a
 * unique `jti` and a lifetime of 120 s from now. Signing happens before the load, so
 * it is not measured.
 */
export async function signLaunchTokens(
  issuer: BenchIssuer,
  audience: string,
  contacts: readonly BenchContact[],
  count: number,
): Promise<string[]> {
  const tokens: string[] = [];
  const iat = Math.floor(Date.now() / 1000);

  for (let start = 0; start < count; start += SIGN_CONCURRENCY) {
    const batch: Promise<string>[] = [];
    for (let index = start; index < Math.min(count, start + SIGN_CONCURRENCY); index++) {
      const contact = contacts[index % contacts.length] as BenchContact;
      batch.push(signOne(issuer, audience, contact, iat));
    }
    tokens.push(...(await Promise.all(batch)));
  }
  return tokens;
}

function signOne(
  issuer: BenchIssuer,
  audience: string,
  contact: BenchContact,
  iat: number,
): Promise<string> {
  return new SignJWT({
    email: contact.email,
    company_id: String(contact.psaCompanyId),
    roles: ['Billing Admin'],
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'billfold-launch+jwt', kid: issuer.kid })
    .setIssuer(issuer.issuer)
    .setAudience(audience)
    .setSubject(String(contact.psaContactId))
    .setIssuedAt(iat)
    .setExpirationTime(iat + TOKEN_LIFETIME_SEC)
    .setJti(randomUUID())
    .sign(issuer.privateKey);
}
