import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createLaunchVerifier,
  createMemoryReplayGuard,
  type IssuerConfig,
  type LaunchVerifier,
  type LaunchVerifierOptions,
} from '../src/index.js';
import {
  AUDIENCE,
  createClock,
  ISSUER,
  makeKey,
  NOW_MS,
  serveJson,
  sign,
  startJwksServer,
  validClaims,
  type JwksServer,
  type TestClock,
  type TestKey,
} from './helpers.js';

let keyA: TestKey;
let keyB: TestKey;
let server: JwksServer | null = null;

beforeAll(async () => {
  keyA = await makeKey('ES256', 'key-a');
  keyB = await makeKey('ES256', 'key-b');
});

afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(keys: TestKey[]): Promise<JwksServer> {
  server = await startJwksServer(keys.map((key) => key.publicJwk));
  return server;
}

function remoteIssuer(jwksUrl: string): IssuerConfig {
  return { issuer: ISSUER, jwksUrl, algorithms: ['ES256'] };
}

function setup(
  jwksUrl: string,
  options: LaunchVerifierOptions = {},
): {
  clock: TestClock;
  verifier: LaunchVerifier;
  verify: (token: string) => ReturnType<LaunchVerifier['verify']>;
} {
  const clock = createClock();
  const verifier = createLaunchVerifier({ now: clock.now, allowLoopbackHttp: true, ...options });
  const replayGuard = createMemoryReplayGuard(clock.now);
  const issuers = [remoteIssuer(jwksUrl)];
  const verify = (token: string) =>
    verifier.verify(token, { audience: AUDIENCE, issuers, replayGuard });
  return { clock, verifier, verify };
}

describe('remote key set', () => {
  it('fetches once and caches', async () => {
    const jwks = await serve([keyA]);
    const { verify } = setup(jwks.url);

    for (let i = 0; i < 5; i += 1) {
      const result = await verify(await sign(keyA, validClaims()));
      expect(result.ok).toBe(true);
    }
    expect(jwks.requests).toBe(1);
  });

  it('loses no launch during rotation', async () => {
    const jwks = await serve([keyA]);
    const { verify, clock } = setup(jwks.url);
    const outcomes: boolean[] = [];

    // Launches signed with A flow; the issuer publishes B beside A, signs with B, then drops A.
    for (let i = 0; i < 3; i += 1)
      outcomes.push((await verify(await sign(keyA, validClaims()))).ok);
    jwks.handler = serveJson({ keys: [keyA.publicJwk, keyB.publicJwk] });
    clock.advance(1000);
    const burst = await Promise.all(
      Array.from({ length: 10 }, async () => verify(await sign(keyB, validClaims()))),
    );
    outcomes.push(...burst.map((result) => result.ok));
    for (let i = 0; i < 3; i += 1)
      outcomes.push((await verify(await sign(keyA, validClaims()))).ok);

    expect(outcomes.every(Boolean)).toBe(true);
    expect(outcomes).toHaveLength(16);
    expect(jwks.requests).toBe(2);
  });

  it('limits an unknown-kid flood to one fetch per cooldown', async () => {
    const jwks = await serve([keyA]);
    const { verify, clock } = setup(jwks.url, { jwksCooldownMs: 30_000 });
    const madeUp = (i: number) => sign(keyA, validClaims(), { kid: `made-up-${i}` });

    const first = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => verify(await madeUp(i))),
    );
    for (let i = 20; i < 60; i += 1) await verify(await madeUp(i));
    const afterFirstWindow = jwks.requests;

    clock.advance(30_000);
    for (let i = 60; i < 100; i += 1) await verify(await madeUp(i));

    expect(first.every((result) => !result.ok && result.code === 'token_key_unknown')).toBe(true);
    // The first burst loads the set, the next unknown kid refetches once, then the cooldown holds.
    expect(afterFirstWindow).toBe(2);
    expect(jwks.requests).toBe(3);
  });

  it('refetches after the maximum age', async () => {
    const jwks = await serve([keyA]);
    const { verify, clock } = setup(jwks.url, { jwksCacheMaxAgeMs: 60_000 });

    await verify(await sign(keyA, validClaims()));
    clock.advance(60_000);
    jwks.handler = serveJson({ keys: [keyB.publicJwk] });
    const dropped = await verify(
      await sign(
        keyA,
        validClaims({ iat: (NOW_MS + 60_000) / 1000, exp: (NOW_MS + 120_000) / 1000 }),
      ),
    );

    expect(dropped).toMatchObject({ ok: false, code: 'token_key_unknown' });
    expect(jwks.requests).toBe(2);
  });

  it('refuses a redirect', async () => {
    const jwks = await serve([keyA]);
    jwks.handler = (_request, response) => {
      response.writeHead(302, { location: '/elsewhere.json' });
      response.end();
    };
    const { verify } = setup(jwks.url);

    const result = await verify(await sign(keyA, validClaims()));
    expect(result).toMatchObject({ ok: false, code: 'token_key_unknown', detail: 'jwks_redirect' });
    expect(jwks.requests).toBe(1);
  });

  it('times out a slow server', async () => {
    const jwks = await serve([keyA]);
    jwks.handler = () => {
      // Never answers.
    };
    const { verify } = setup(jwks.url, { jwksTimeoutMs: 200 });

    const result = await verify(await sign(keyA, validClaims()));
    expect(result).toMatchObject({ ok: false, code: 'token_key_unknown', detail: 'jwks_timeout' });
  });

  it('times out a slow body', async () => {
    const jwks = await serve([keyA]);
    jwks.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"keys":[');
    };
    const { verify } = setup(jwks.url, { jwksTimeoutMs: 200 });

    const result = await verify(await sign(keyA, validClaims()));
    expect(result).toMatchObject({ ok: false, code: 'token_key_unknown', detail: 'jwks_timeout' });
  });

  it('rejects a declared oversized body', async () => {
    const jwks = await serve([keyA]);
    const body = JSON.stringify({ keys: [keyA.publicJwk], padding: 'x'.repeat(70_000) });
    jwks.handler = (_request, response) => {
      response.writeHead(200, { 'content-length': Buffer.byteLength(body) });
      response.end(body);
    };
    const { verify } = setup(jwks.url);

    const result = await verify(await sign(keyA, validClaims()));
    expect(result).toMatchObject({
      ok: false,
      code: 'token_key_unknown',
      detail: 'jwks_too_large',
    });
  });

  it('rejects a streamed oversized body', async () => {
    const jwks = await serve([keyA]);
    jwks.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(`{"keys":[],"padding":"`);
      for (let i = 0; i < 20; i += 1) response.write('x'.repeat(8192));
      response.end('"}');
    };
    const { verify } = setup(jwks.url, { jwksMaxBytes: 65_536 });

    const result = await verify(await sign(keyA, validClaims()));
    expect(result).toMatchObject({
      ok: false,
      code: 'token_key_unknown',
      detail: 'jwks_too_large',
    });
  });

  it('rejects an error status', async () => {
    const jwks = await serve([keyA]);
    jwks.handler = (_request, response) => {
      response.writeHead(500);
      response.end('down');
    };
    const { verify } = setup(jwks.url);

    const result = await verify(await sign(keyA, validClaims()));
    expect(result).toMatchObject({
      ok: false,
      code: 'token_key_unknown',
      detail: 'jwks_http_status',
    });
  });

  it.each([
    ['not JSON', 'keys'],
    ['no keys array', '{"keys":{}}'],
    ['a key not an object', '{"keys":[1]}'],
    ['JSON null', 'null'],
  ])('rejects a body that is %s', async (_name, body) => {
    const jwks = await serve([keyA]);
    jwks.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    };
    const { verify } = setup(jwks.url);

    const result = await verify(await sign(keyA, validClaims()));
    expect(result).toMatchObject({ ok: false, code: 'token_key_unknown', detail: 'jwks_invalid' });
  });

  it('waits a cooldown after a failure', async () => {
    const jwks = await serve([keyA]);
    jwks.handler = (_request, response) => {
      response.writeHead(503);
      response.end();
    };
    const { verify, clock } = setup(jwks.url);

    await verify(await sign(keyA, validClaims()));
    const during = await verify(await sign(keyA, validClaims()));
    jwks.handler = serveJson({ keys: [keyA.publicJwk] });
    clock.advance(30_000);
    const after = await verify(await sign(keyA, validClaims()));

    expect(during).toMatchObject({
      ok: false,
      code: 'token_key_unknown',
      detail: 'jwks_http_status',
    });
    expect(after.ok).toBe(true);
    expect(jwks.requests).toBe(2);
  });

  it('keeps a fresh set when a refetch fails', async () => {
    const jwks = await serve([keyA]);
    const { verify } = setup(jwks.url);

    await verify(await sign(keyA, validClaims()));
    jwks.handler = (_request, response) => {
      response.writeHead(503);
      response.end();
    };
    const unknown = await verify(await sign(keyB, validClaims()));
    const known = await verify(await sign(keyA, validClaims()));

    expect(unknown).toMatchObject({ ok: false, code: 'token_key_unknown' });
    expect(known.ok).toBe(true);
  });

  it('reports a network failure', async () => {
    const jwks = await serve([keyA]);
    const url = jwks.url;
    await jwks.close();
    server = null;
    const { verify } = setup(url);

    const result = await verify(await sign(keyA, validClaims()));
    expect(result).toMatchObject({
      ok: false,
      code: 'token_key_unknown',
      detail: 'jwks_fetch_failed',
    });
  });

  it.each([
    ['http on a non-loopback host', 'http://jwks.host.example/jwks.json', true],
    ['http on loopback when not allowed', 'http://127.0.0.1:1/jwks.json', false],
    ['another scheme', 'ftp://jwks.host.example/jwks.json', true],
    ['user info', 'https://user:pass@jwks.host.example/jwks.json', true],
    ['not a URL', 'jwks.json', true],
  ])('refuses a JWKS URL with %s', async (_name, jwksUrl, allowLoopbackHttp) => {
    let fetched = 0;
    const countingFetch: typeof fetch = () => {
      fetched += 1;
      return Promise.reject(new Error('must not be called'));
    };
    const { verify } = setup(jwksUrl, { allowLoopbackHttp, fetch: countingFetch });

    const result = await verify(await sign(keyA, validClaims()));
    expect(result).toMatchObject({
      ok: false,
      code: 'token_key_unknown',
      detail: 'jwks_url_rejected',
    });
    expect(fetched).toBe(0);
  });

  it('fetches an https URL', async () => {
    let requested = '';
    const fakeFetch: typeof fetch = (input) => {
      requested = String(input);
      return Promise.resolve(Response.json({ keys: [keyA.publicJwk] }));
    };
    const { verify } = setup('https://jwks.host.example/jwks.json', {
      fetch: fakeFetch,
      allowLoopbackHttp: false,
    });

    const result = await verify(await sign(keyA, validClaims()));
    expect(result.ok).toBe(true);
    expect(requested).toBe('https://jwks.host.example/jwks.json');
  });

  it('rejects a response without a body', async () => {
    const emptyFetch: typeof fetch = () => Promise.resolve(new Response(null, { status: 200 }));
    const { verify } = setup('https://jwks.host.example/jwks.json', { fetch: emptyFetch });

    const result = await verify(await sign(keyA, validClaims()));
    expect(result).toMatchObject({ ok: false, code: 'token_key_unknown', detail: 'jwks_invalid' });
  });

  it('skips a key without kty', async () => {
    const jwks = await serve([keyA]);
    const { kty: _kty, ...noType } = keyA.publicJwk;
    jwks.handler = serveJson({ keys: [noType] });
    const { verify } = setup(jwks.url);

    const result = await verify(await sign(keyA, validClaims()));
    expect(result).toMatchObject({ ok: false, code: 'token_key_unknown', detail: 'kid_not_found' });
  });
});
