import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';

describe('parseCliArgs', () => {
  it('drops a leading --', () => {
    const options = parseCliArgs(['--', '--port', '4101', '--companies', '5', '--seed', '9']);
    expect(options.port).toBe(4101);
    expect(options.companies).toBe(5);
    expect(options.seed).toBe(9);
  });

  it('reads the Billfold URL and rate limit', () => {
    const options = parseCliArgs(['--billfold-url', 'http://localhost:4000', '--rate-limit', '10']);
    expect(options.billfoldUrl).toBe('http://localhost:4000');
    expect(options.rateLimitPerSecond).toBe(10);
  });

  it('defaults to 127.0.0.1:4100', () => {
    expect(parseCliArgs([])).toMatchObject({ host: '127.0.0.1', port: 4100 });
  });

  it('rejects a bad number', () => {
    expect(() => parseCliArgs(['--invoices', 'many'])).toThrow(/--invoices/);
  });

  it('rejects an unknown flag', () => {
    expect(() => parseCliArgs(['--color'])).toThrow();
  });
});
