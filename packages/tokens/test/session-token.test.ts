import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSessionToken, hashSessionToken } from '../src/index.js';

describe('createSessionToken', () => {
  it('returns 256 bits base64url', () => {
    const { token } = createSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('returns the SHA-256 hex hash', () => {
    const { token, hash } = createSessionToken();
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never repeats a token', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => createSessionToken().token));
    expect(tokens.size).toBe(1000);
  });
});

describe('hashSessionToken', () => {
  it('matches the created hash', () => {
    const { token, hash } = createSessionToken();
    expect(hashSessionToken(token)).toBe(hash);
  });

  it('differs for another token', () => {
    expect(hashSessionToken('a')).not.toBe(hashSessionToken('b'));
  });
});
