import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  otpauthUri,
  totpCode,
  verifyTotp,
} from '../../src/admin/totp.js';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII bytes "12345678901234567890". The RFC
// lists 8-digit codes; a 6-digit code is the same number modulo 10^6.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
const RFC_VECTORS: [number, string][] = [
  [59, '287082'],
  [1_111_111_109, '081804'],
  [1_111_111_111, '050471'],
  [1_234_567_890, '005924'],
  [2_000_000_000, '279037'],
  [20_000_000_000, '353130'],
];

describe('totp', () => {
  it('base32 of the RFC seed', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it.each(RFC_VECTORS)('RFC 6238 vector at %i s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code);
  });

  it('base32 round trip', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
    expect(base32Decode(base32Encode(bytes)).equals(bytes)).toBe(true);
  });

  it('base32 decode ignores case, spaces, padding', () => {
    expect(base32Decode('gezd gnbv====').equals(base32Decode('GEZDGNBV'))).toBe(true);
  });

  it('base32 decode rejects other letters', () => {
    expect(() => base32Decode('GEZD1')).toThrow(TypeError);
  });

  it('accepts one step of drift', () => {
    const now = 1_234_567_890_000;
    const previous = totpCode(RFC_SECRET, now - 30_000);
    const next = totpCode(RFC_SECRET, now + 30_000);
    expect(verifyTotp(RFC_SECRET, previous, now)).toBe(true);
    expect(verifyTotp(RFC_SECRET, next, now)).toBe(true);
  });

  it('rejects two steps of drift', () => {
    const now = 1_234_567_890_000;
    const old = totpCode(RFC_SECRET, now - 60_000);
    const current = totpCode(RFC_SECRET, now);
    expect(old).not.toBe(current);
    expect(verifyTotp(RFC_SECRET, old, now)).toBe(false);
  });

  it.each(['', '12345', '1234567', 'abcdef', ' 005924'])('rejects malformed code %j', (code) => {
    expect(verifyTotp(RFC_SECRET, code, 1_234_567_890_000)).toBe(false);
  });

  it('secret is 160 bits of base32', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(secret);
  });

  it('otpauth uri names issuer and account', () => {
    const uri = new URL(otpauthUri('GEZDGNBV', 'Billfold Acme', 'admin@msp.example'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Billfold Acme:admin@msp.example');
    expect(uri.searchParams.get('secret')).toBe('GEZDGNBV');
    expect(uri.searchParams.get('issuer')).toBe('Billfold Acme');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });
});
