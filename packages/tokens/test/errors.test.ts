import { describe, expect, it } from 'vitest';
import { LaunchTokenError, TOKEN_ERROR_CODES, tokenErrorMessage } from '../src/index.js';

describe('LaunchTokenError', () => {
  it.each(TOKEN_ERROR_CODES)('has a fixed message for %s', (code) => {
    const error = new LaunchTokenError(code, 'detail');
    expect(error.code).toBe(code);
    expect(error.detail).toBe('detail');
    expect(error.message).toBe(tokenErrorMessage(code));
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('has distinct messages', () => {
    const messages = new Set(TOKEN_ERROR_CODES.map(tokenErrorMessage));
    expect(messages.size).toBe(TOKEN_ERROR_CODES.length);
  });

  it('has no detail by default', () => {
    const error = new LaunchTokenError('token_expired');
    expect(error.detail).toBeUndefined();
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LaunchTokenError');
  });
});
