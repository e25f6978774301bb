import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/admin/passwords.js';

describe('passwords', () => {
  it('hash has the scrypt format', async () => {
    const hash = await hashPassword('correct horse battery staple');
    const parts = hash.split('$');
    expect(parts).toHaveLength(6);
    expect(parts[0]).toBe('scrypt');
    expect(Number(parts[1])).toBeGreaterThanOrEqual(16_384);
    expect(parts[4]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(parts[5]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain('correct horse');
  });

  it('salts every hash', async () => {
    const first = await hashPassword('same password');
    const second = await hashPassword('same password');
    expect(first).not.toBe(second);
  });

  it('verifies the right password', async () => {
    const hash = await hashPassword('s3cret pass phrase');
    expect(await verifyPassword('s3cret pass phrase', hash)).toBe(true);
  });

  it('rejects a wrong password', async () => {
    const hash = await hashPassword('s3cret pass phrase');
    expect(await verifyPassword('s3cret pass phrasE', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('treats NFC and NFD spellings alike', async () => {
    const hash = await hashPassword('caf\u00e9 au lait');
    expect(await verifyPassword('cafe\u0301 au lait', hash)).toBe(true);
  });

  it('rejects a tampered hash', async () => {
    const hash = await hashPassword('s3cret pass phrase');
    const parts = hash.split('$');
    const key = Buffer.from(parts[5] ?? '', 'base64url');
    key[0] = (key[0] ?? 0) ^ 1;
    parts[5] = key.toString('base64url');
    expect(await verifyPassword('s3cret pass phrase', parts.join('$'))).toBe(false);
  });

  it.each([
    '',
    'plain text',
    'bcrypt$10$abc',
    'scrypt$16384$8$1$c2FsdA',
    'scrypt$abc$8$1$c2FsdA$a2V5',
    'scrypt$16384$8$1$c2FsdA$a2V5',
    'scrypt$99999999$8$1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  ])('never matches malformed hash %j', async (hash) => {
    expect(await verifyPassword('anything', hash)).toBe(false);
  });
});
