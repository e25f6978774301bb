import { describe, expect, it } from 'vitest';
import { isLoopbackHost, normalizeOrigin } from '../src/index.js';

describe('normalizeOrigin', () => {
  it.each([
    ['https://acme.billfold.example', 'https://acme.billfold.example'],
    ['https://acme.billfold.example/', 'https://acme.billfold.example'],
    ['https://ACME.Billfold.Example', 'https://acme.billfold.example'],
    ['HTTPS://acme.billfold.example', 'https://acme.billfold.example'],
    ['https://acme.billfold.example:443', 'https://acme.billfold.example'],
    ['https://acme.billfold.example:8443/', 'https://acme.billfold.example:8443'],
    ['  https://acme.billfold.example/  ', 'https://acme.billfold.example'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
  ])('normalises %s', (input, origin) => {
    expect(normalizeOrigin(input)).toEqual({ ok: true, origin });
  });

  it.each([
    ['http://localhost:4000', 'http://localhost:4000'],
    ['http://127.0.0.1:4100/', 'http://127.0.0.1:4100'],
    ['http://[::1]:80', 'http://[::1]'],
    ['http://LOCALHOST', 'http://localhost'],
  ])('allows loopback http %s', (input, origin) => {
    expect(normalizeOrigin(input, { allowLoopbackHttp: true })).toEqual({ ok: true, origin });
  });

  it.each([
    ['', 'origin_invalid'],
    ['   ', 'origin_invalid'],
    [`https://${'a'.repeat(2050)}.example`, 'origin_invalid'],
    ['acme.billfold.example', 'origin_invalid'],
    ['https://', 'origin_invalid'],
    ['ftp://acme.billfold.example', 'origin_invalid'],
    ['javascript:alert(1)', 'origin_invalid'],
    ['https://user:secret@acme.billfold.example', 'origin_invalid'],
    ['https://user@acme.billfold.example', 'origin_invalid'],
    ['https://acme.billfold.example/portal', 'origin_has_path'],
    ['https://acme.billfold.example//', 'origin_has_path'],
    ['https://acme.billfold.example/?', 'origin_has_query'],
    ['https://acme.billfold.example?x=1', 'origin_has_query'],
    ['https://acme.billfold.example/#', 'origin_has_query'],
    ['https://acme.billfold.example#top', 'origin_has_query'],
    ['http://acme.billfold.example', 'origin_insecure'],
    ['http://localhost:4000', 'origin_insecure'],
  ])('rejects %s', (input, code) => {
    const result = normalizeOrigin(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe(code);
  });

  it.each(['http://127.0.0.2', 'http://localhost.', 'http://acme.billfold.example'])(
    'rejects non-loopback http %s',
    (input) => {
      expect(normalizeOrigin(input, { allowLoopbackHttp: true })).toMatchObject({
        ok: false,
        code: 'origin_insecure',
      });
    },
  );

  it('omits user info from the message', () => {
    const result = normalizeOrigin('https://user:secret@acme.billfold.example');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).not.toContain('secret');
  });

  it('names the value and the fix', () => {
    const result = normalizeOrigin('https://acme.billfold.example/portal');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('https://acme.billfold.example');
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['[::1]', true],
    ['127.0.0.2', false],
    ['example.com', false],
  ])('%s is %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
