import { randomUUID } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** The claims of a Customer Portal launch token, apart from the registered time claims. */
export interface LaunchClaims {
  issuer: string;
  audience: string;
  contactId: number;
  email: string;
  companyId: number;
  roles: string[];
}

interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  publicJwk: JWK;
}

/**
 * The simulator's ES256 signing keys. The newest key signs; older keys stay in the JWKS
 * after a rotation so tokens signed just before it still verify.
 */
export class SigningKeys {
  private keys: SigningKey[] = [];

  /** Generates a new key and makes it the signing key. */
  async rotate(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    this.keys.push({ kid, privateKey, publicJwk: { ...jwk, kid, alg: 'ES256', use: 'sig' } });
  }

  /** Returns the JWKS document: public keys only, newest first. */
  jwks(): { keys: JWK[] } {
    return { keys: [...this.keys].reverse().map((key) => key.publicJwk) };
  }

  /** Signs a launch token valid for 60 seconds. */
  async signLaunchToken(claims: LaunchClaims, nowMs = Date.now()): Promise<string> {
    const key = this.keys.at(-1);
    if (key === undefined) throw new Error('No signing key: call rotate() first.');
    const iat = Math.floor(nowMs / 1000);

    return new SignJWT({
      email: claims.email,
      company_id: String(claims.companyId),
      roles: claims.roles,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'billfold-launch+jwt', kid: key.kid })
      .setIssuer(claims.issuer)
      .setAudience(claims.audience)
      .setSubject(String(claims.contactId))
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .setJti(randomUUID())
      .sign(key.privateKey);
  }
}
