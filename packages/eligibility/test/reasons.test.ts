import { describe, expect, it } from 'vitest';
import { isReasonCode, REASON_CODES, REASON_TEXTS } from '../src/index.js';

describe('reason codes', () => {
  it('lists ten distinct codes', () => {
    expect(new Set(REASON_CODES).size).toBe(10);
  });

  it.each(REASON_CODES)('has texts for %s', (code) => {
    const text = REASON_TEXTS[code];
    expect(text.summary.length).toBeGreaterThan(10);
    expect(text.fix.length).toBeGreaterThan(10);
    expect(['sso', 'contacts', 'sync', 'users']).toContain(text.consoleSection);
  });

  it('has texts only for codes', () => {
    expect(Object.keys(REASON_TEXTS).sort()).toEqual([...REASON_CODES].sort());
  });

  it('recognises codes', () => {
    expect(isReasonCode('access_revoked')).toBe(true);
    expect(isReasonCode('token_expired')).toBe(false);
    expect(isReasonCode('')).toBe(false);
  });
});
