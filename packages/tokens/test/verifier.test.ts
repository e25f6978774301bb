import { beforeAll, describe, expect, it } from 'vitest';
import {
  createLaunchVerifier,
  createMemoryReplayGuard,
  TOKEN_ERROR_CODES,
  type IssuerConfig,
  type TokenErrorCode,
  type VerifyContext,
} from '../src/index.js';
import {
  AUDIENCE,
  createClock,
  encodePart,
  ISSUER,
  makeKey,
  NOW_SEC,
  pastedIssuer,
  sign,
  signHmac,
  signRaw,
  validClaims,
  type TestKey,
} from './helpers.js';

let es: TestKey;
let ed: TestKey;
let rsa: TestKey;
let other: TestKey;
let issuers: IssuerConfig[];

beforeAll(async () => {
  es = await makeKey('ES256', 'es-1');
  ed = await makeKey('EdDSA', 'ed-1');
  rsa = await makeKey('RS256', 'rsa-1');
  // Same kid as `es`, different key: a forged signature.
  other = await makeKey('ES256', 'es-1');
  issuers = [
    pastedIssuer([es, ed, rsa], ['ES256', 'EdDSA']),
    pastedIssuer([rsa], ['RS256'], 'https://rsa.host.example'),
  ];
});

function context(overrides: Partial<VerifyContext> = {}): VerifyContext {
  return {
    audience: AUDIENCE,
    issuers,
    replayGuard: createMemoryReplayGuard(() => NOW_SEC * 1000),
    ...overrides,
  };
}

function verifier() {
  return createLaunchVerifier({ now: createClock().now });
}

function without(claim: string): Record<string, unknown> {
  const claims = validClaims();
  delete claims[claim];
  return claims;
}

function replacePart(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

interface BadCase {
  name: string;
  code: TokenErrorCode;
  token: () => Promise<string> | string;
}

const esHeader = () => ({ alg: 'ES256', typ: 'billfold-launch+jwt', kid: 'es-1' });
const pemWithSpace = () => `\n  ${es.publicPem}`;

const badTokens: BadCase[] = [
  // Structure and size.
  { name: 'empty string', code: 'token_malformed', token: () => '' },
  {
    name: 'two parts',
    code: 'token_malformed',
    token: async () => (await sign(es, validClaims())).split('.').slice(0, 2).join('.'),
  },
  {
    name: 'four parts',
    code: 'token_malformed',
    token: async () => `${await sign(es, validClaims())}.AAAA`,
  },
  {
    name: 'empty header part',
    code: 'token_malformed',
    token: async () => replacePart(await sign(es, validClaims()), 0, ''),
  },
  {
    name: 'empty payload part',
    code: 'token_malformed',
    token: async () => replacePart(await sign(es, validClaims()), 1, ''),
  },
  {
    name: 'empty signature part',
    code: 'token_malformed',
    token: async () => replacePart(await sign(es, validClaims()), 2, ''),
  },
  {
    name: 'plus sign in header',
    code: 'token_malformed',
    token: async () => `+${await sign(es, validClaims())}`,
  },
  {
    name: 'padding in signature',
    code: 'token_malformed',
    token: async () => `${await sign(es, validClaims())}==`,
  },
  {
    name: 'leading space',
    code: 'token_malformed',
    token: async () => ` ${await sign(es, validClaims())}`,
  },
  {
    name: 'part of length 4n+1',
    code: 'token_malformed',
    token: async () => replacePart(await sign(es, validClaims()), 2, 'AAAAA'),
  },
  {
    name: 'over 8 KiB',
    code: 'token_too_large',
    token: async () => `${await sign(es, validClaims())}${'A'.repeat(8192)}`,
  },
  { name: 'over 8 KiB in bytes only', code: 'token_too_large', token: () => 'é'.repeat(4097) },
  {
    name: 'header not JSON',
    code: 'token_malformed',
    token: async () =>
      replacePart(await sign(es, validClaims()), 0, Buffer.from('{alg').toString('base64url')),
  },
  {
    name: 'header JSON array',
    code: 'token_malformed',
    token: () => signRaw(es, [esHeader()], validClaims()),
  },
  {
    name: 'header JSON null',
    code: 'token_malformed',
    token: () => signRaw(es, null, validClaims()),
  },
  {
    name: 'header invalid UTF-8',
    code: 'token_malformed',
    token: async () =>
      replacePart(
        await sign(es, validClaims()),
        0,
        Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url'),
      ),
  },
  {
    name: 'payload not JSON',
    code: 'token_malformed',
    token: async () =>
      replacePart(await sign(es, validClaims()), 1, Buffer.from('nope').toString('base64url')),
  },
  {
    name: 'payload JSON string',
    code: 'token_malformed',
    token: () => signRaw(es, esHeader(), 'claims'),
  },

  // Algorithms and key sources.
  {
    name: 'alg none',
    code: 'token_algorithm_rejected',
    token: () => `${encodePart({ ...esHeader(), alg: 'none' })}.${encodePart(validClaims())}.AAAA`,
  },
  {
    name: 'alg NONE',
    code: 'token_algorithm_rejected',
    token: () => `${encodePart({ ...esHeader(), alg: 'NONE' })}.${encodePart(validClaims())}.AAAA`,
  },
  {
    name: 'alg none empty signature',
    code: 'token_malformed',
    token: () => `${encodePart({ ...esHeader(), alg: 'none' })}.${encodePart(validClaims())}.`,
  },
  {
    name: 'HS256 keyed with public JWK',
    code: 'token_algorithm_rejected',
    token: () => signHmac('HS256', JSON.stringify(es.publicJwk), validClaims()),
  },
  {
    name: 'HS256 keyed with public PEM',
    code: 'token_algorithm_rejected',
    token: () => signHmac('HS256', es.publicPem, validClaims()),
  },
  {
    name: 'HS256 keyed with indented PEM',
    code: 'token_algorithm_rejected',
    token: () => signHmac('HS256', pemWithSpace(), validClaims()),
  },
  {
    name: 'HS384 keyed with public PEM',
    code: 'token_algorithm_rejected',
    token: () => signHmac('HS384', es.publicPem, validClaims()),
  },
  {
    name: 'HS512 keyed with RSA PEM',
    code: 'token_algorithm_rejected',
    token: () => signHmac('HS512', rsa.publicPem, validClaims(), { kid: 'rsa-1' }),
  },
  {
    name: 'lower-case hs256',
    code: 'token_algorithm_rejected',
    token: () => signHmac('HS256', es.publicPem, validClaims(), { alg: 'hs256' }),
  },
  {
    name: 'alg missing',
    code: 'token_malformed',
    token: () => signRaw(es, { typ: 'billfold-launch+jwt', kid: 'es-1' }, validClaims()),
  },
  {
    name: 'alg a number',
    code: 'token_malformed',
    token: () => signRaw(es, { ...esHeader(), alg: 256 }, validClaims()),
  },
  {
    name: 'alg ES384 unsupported',
    code: 'token_algorithm_rejected',
    token: () => signRaw(es, { ...esHeader(), alg: 'ES384' }, validClaims()),
  },
  {
    name: 'alg PS256 unsupported',
    code: 'token_algorithm_rejected',
    token: () => signRaw(es, { ...esHeader(), alg: 'PS256' }, validClaims()),
  },
  {
    name: 'RS256 for an ES256 issuer',
    code: 'token_algorithm_rejected',
    token: () => sign(rsa, validClaims()),
  },
  {
    name: 'jwk header',
    code: 'token_algorithm_rejected',
    token: () => sign(other, validClaims(), { jwk: other.publicJwk }),
  },
  {
    name: 'jku header',
    code: 'token_algorithm_rejected',
    token: () => sign(es, validClaims(), { jku: 'https://evil.test/jwks' }),
  },
  {
    name: 'x5u header',
    code: 'token_algorithm_rejected',
    token: () => sign(es, validClaims(), { x5u: 'https://evil.test/cert' }),
  },
  {
    name: 'x5c header',
    code: 'token_algorithm_rejected',
    token: () => sign(es, validClaims(), { x5c: ['MIIB'] }),
  },
  {
    name: 'unknown crit extension',
    code: 'token_malformed',
    token: () => signRaw(es, { ...esHeader(), crit: ['exp2'], exp2: 1 }, validClaims()),
  },
  {
    name: 'crit not an array',
    code: 'token_malformed',
    token: () => signRaw(es, { ...esHeader(), crit: 'exp2' }, validClaims()),
  },
  {
    name: 'unencoded payload',
    code: 'token_malformed',
    token: () => signRaw(es, { ...esHeader(), crit: ['b64'], b64: false }, validClaims()),
  },

  // Type header.
  {
    name: 'typ missing',
    code: 'token_type_invalid',
    token: () => sign(es, validClaims(), { typ: undefined }),
  },
  {
    name: 'typ JWT',
    code: 'token_type_invalid',
    token: () => sign(es, validClaims(), { typ: 'JWT' }),
  },
  {
    name: 'typ other case',
    code: 'token_type_invalid',
    token: () => sign(es, validClaims(), { typ: 'Billfold-Launch+JWT' }),
  },
  {
    name: 'typ with media prefix',
    code: 'token_type_invalid',
    token: () => sign(es, validClaims(), { typ: 'application/billfold-launch+jwt' }),
  },

  // Key id.
  {
    name: 'kid missing',
    code: 'token_malformed',
    token: () => sign(es, validClaims(), { kid: undefined }),
  },
  { name: 'kid empty', code: 'token_malformed', token: () => sign(es, validClaims(), { kid: '' }) },
  {
    name: 'kid 129 characters',
    code: 'token_malformed',
    token: () => sign(es, validClaims(), { kid: 'k'.repeat(129) }),
  },
  {
    name: 'kid with newline',
    code: 'token_malformed',
    token: () => sign(es, validClaims(), { kid: 'es-1\n' }),
  },
  {
    name: 'kid a number',
    code: 'token_malformed',
    token: () => sign(es, validClaims(), { kid: 1 }),
  },
  {
    name: 'kid unknown',
    code: 'token_key_unknown',
    token: () => sign(es, validClaims(), { kid: 'es-9' }),
  },
  {
    name: 'kid like a path',
    code: 'token_key_unknown',
    token: () => sign(es, validClaims(), { kid: '../../etc/passwd' }),
  },
  {
    name: 'kid like SQL',
    code: 'token_key_unknown',
    token: () => sign(es, validClaims(), { kid: "x';DROP--" }),
  },
  {
    name: 'kid of a key of another type',
    code: 'token_key_unknown',
    token: () => sign(es, validClaims(), { kid: 'ed-1' }),
  },

  // Issuer.
  { name: 'iss missing', code: 'token_missing_claim', token: () => sign(es, without('iss')) },
  {
    name: 'iss array',
    code: 'token_malformed',
    token: () => sign(es, validClaims({ iss: [ISSUER] })),
  },
  { name: 'iss a number', code: 'token_malformed', token: () => sign(es, validClaims({ iss: 1 })) },
  {
    name: 'iss unknown',
    code: 'token_issuer_unknown',
    token: () => sign(es, validClaims({ iss: 'https://evil.test' })),
  },
  {
    name: 'iss with trailing slash',
    code: 'token_issuer_unknown',
    token: () => sign(es, validClaims({ iss: `${ISSUER}/` })),
  },
  {
    name: 'iss in upper case',
    code: 'token_issuer_unknown',
    token: () => sign(es, validClaims({ iss: ISSUER.toUpperCase() })),
  },

  // Signature.
  {
    name: 'signature of another key',
    code: 'token_signature_invalid',
    token: () => sign(other, validClaims()),
  },
  {
    name: 'tampered payload',
    code: 'token_signature_invalid',
    token: async () =>
      replacePart(await sign(es, validClaims()), 1, encodePart(validClaims({ sub: '43' }))),
  },
  {
    name: 'tampered header',
    code: 'token_signature_invalid',
    token: async () =>
      replacePart(await sign(es, validClaims()), 0, encodePart({ ...esHeader(), x: 1 })),
  },
  {
    name: 'truncated signature',
    code: 'token_signature_invalid',
    token: async () => {
      const token = await sign(es, validClaims());
      return token.slice(0, -4);
    },
  },

  // Audience.
  {
    name: 'aud array with audience',
    code: 'token_audience_mismatch',
    token: () => sign(es, validClaims({ aud: [AUDIENCE] })),
  },
  {
    name: 'aud suffix attack',
    code: 'token_audience_mismatch',
    token: () => sign(es, validClaims({ aud: `${AUDIENCE}.evil.test` })),
  },
  {
    name: 'aud prefix',
    code: 'token_audience_mismatch',
    token: () => sign(es, validClaims({ aud: 'https://acme.billfold.exampl' })),
  },
  {
    name: 'aud http scheme',
    code: 'token_audience_mismatch',
    token: () => sign(es, validClaims({ aud: 'http://acme.billfold.example' })),
  },
  {
    name: 'aud other portal',
    code: 'token_audience_mismatch',
    token: () => sign(es, validClaims({ aud: 'https://other.billfold.example' })),
  },
  {
    name: 'aud with path',
    code: 'token_audience_mismatch',
    token: () => sign(es, validClaims({ aud: `${AUDIENCE}/sso` })),
  },
  {
    name: 'aud other port',
    code: 'token_audience_mismatch',
    token: () => sign(es, validClaims({ aud: `${AUDIENCE}:8443` })),
  },
  {
    name: 'aud a number',
    code: 'token_audience_mismatch',
    token: () => sign(es, validClaims({ aud: 1 })),
  },
  { name: 'aud missing', code: 'token_missing_claim', token: () => sign(es, without('aud')) },

  // Time.
  {
    name: 'expired beyond tolerance',
    code: 'token_expired',
    token: () => sign(es, validClaims({ iat: NOW_SEC - 100, exp: NOW_SEC - 31 })),
  },
  {
    name: 'expired at tolerance edge',
    code: 'token_expired',
    token: () => sign(es, validClaims({ iat: NOW_SEC - 100, exp: NOW_SEC - 30 })),
  },
  {
    name: 'nbf in the future',
    code: 'token_not_yet_valid',
    token: () => sign(es, validClaims({ nbf: NOW_SEC + 31 })),
  },
  {
    name: 'nbf a string',
    code: 'token_malformed',
    token: () => sign(es, validClaims({ nbf: 'soon' })),
  },
  {
    name: 'iat in the future',
    code: 'token_not_yet_valid',
    token: () => sign(es, validClaims({ iat: NOW_SEC + 31, exp: NOW_SEC + 91 })),
  },
  {
    name: 'iat too old',
    code: 'token_expired',
    token: () => sign(es, validClaims({ iat: NOW_SEC - 151, exp: NOW_SEC + 1 })),
  },
  {
    name: 'lifetime 121 s',
    code: 'token_expired',
    token: () => sign(es, validClaims({ iat: NOW_SEC, exp: NOW_SEC + 121 })),
  },
  {
    name: 'lifetime zero',
    code: 'token_expired',
    token: () => sign(es, validClaims({ iat: NOW_SEC, exp: NOW_SEC })),
  },
  { name: 'exp missing', code: 'token_missing_claim', token: () => sign(es, without('exp')) },
  {
    name: 'exp a string',
    code: 'token_missing_claim',
    token: () => sign(es, validClaims({ exp: String(NOW_SEC + 60) })),
  },
  { name: 'iat missing', code: 'token_missing_claim', token: () => sign(es, without('iat')) },
  {
    name: 'iat a string',
    code: 'token_missing_claim',
    token: () => sign(es, validClaims({ iat: String(NOW_SEC) })),
  },

  // Other claims.
  { name: 'sub missing', code: 'token_missing_claim', token: () => sign(es, without('sub')) },
  {
    name: 'sub empty',
    code: 'token_missing_claim',
    token: () => sign(es, validClaims({ sub: '' })),
  },
  {
    name: 'sub a number',
    code: 'token_missing_claim',
    token: () => sign(es, validClaims({ sub: 42 })),
  },
  { name: 'jti missing', code: 'token_missing_claim', token: () => sign(es, without('jti')) },
  {
    name: 'jti empty',
    code: 'token_missing_claim',
    token: () => sign(es, validClaims({ jti: '' })),
  },
  {
    name: 'jti 201 characters',
    code: 'token_missing_claim',
    token: () => sign(es, validClaims({ jti: 'j'.repeat(201) })),
  },
  {
    name: 'jti a number',
    code: 'token_missing_claim',
    token: () => sign(es, validClaims({ jti: 7 })),
  },
  {
    name: 'roles a string',
    code: 'token_malformed',
    token: () => sign(es, validClaims({ roles: 'Billing Admin' })),
  },
  {
    name: 'roles with a number',
    code: 'token_malformed',
    token: () => sign(es, validClaims({ roles: ['Billing Admin', 1] })),
  },
  {
    name: 'roles too many',
    code: 'token_malformed',
    token: () => sign(es, validClaims({ roles: Array.from({ length: 101 }, (_, i) => `r${i}`) })),
  },
  {
    name: 'email a number',
    code: 'token_malformed',
    token: () => sign(es, validClaims({ email: 1 })),
  },
  {
    name: 'email too long',
    code: 'token_malformed',
    token: () => sign(es, validClaims({ email: `${'a'.repeat(320)}@x` })),
  },
  {
    name: 'company_id a number',
    code: 'token_malformed',
    token: () => sign(es, validClaims({ company_id: 7 })),
  },
];

describe('launch verifier', () => {
  it('has a distinct corpus of bad tokens', () => {
    const names = new Set(badTokens.map((bad) => bad.name));
    expect(names.size).toBe(badTokens.length);
    expect(badTokens.length).toBeGreaterThanOrEqual(60);
  });

  it.each(badTokens)('rejects $name', async ({ token, code }) => {
    const value = await token();
    const result = await verifier().verify(value, context());

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    expect(TOKEN_ERROR_CODES).toContain(result.code);
    if (value.length > 0) expect(result.message).not.toContain(value.slice(0, 20));
  });

  it('accepts ES256 with claims', async () => {
    const claims = validClaims({ jti: 'launch-1' });
    const result = await verifier().verify(await sign(es, claims), context());

    expect(result).toEqual({
      ok: true,
      claims: {
        iss: ISSUER,
        aud: AUDIENCE,
        sub: '42',
        email: 'ada.admin@northwind.example',
        companyId: '7',
        roles: ['Billing Admin'],
        iat: NOW_SEC,
        exp: NOW_SEC + 60,
        jti: 'launch-1',
      },
    });
  });

  it('accepts EdDSA when allowed', async () => {
    const result = await verifier().verify(await sign(ed, validClaims()), context());
    expect(result.ok).toBe(true);
  });

  it('accepts RS256 when listed', async () => {
    const claims = validClaims({ iss: 'https://rsa.host.example' });
    const result = await verifier().verify(await sign(rsa, claims), context());
    expect(result.ok).toBe(true);
  });

  it('accepts expiry within tolerance', async () => {
    const claims = validClaims({ iat: NOW_SEC - 100, exp: NOW_SEC - 29 });
    const result = await verifier().verify(await sign(es, claims), context());
    expect(result.ok).toBe(true);
  });

  it('accepts iat and nbf within tolerance', async () => {
    const claims = validClaims({ iat: NOW_SEC + 30, nbf: NOW_SEC + 30, exp: NOW_SEC + 90 });
    const result = await verifier().verify(await sign(es, claims), context());
    expect(result.ok).toBe(true);
  });

  it('accepts lifetime of 120 s', async () => {
    const claims = validClaims({ iat: NOW_SEC, exp: NOW_SEC + 120 });
    const result = await verifier().verify(await sign(es, claims), context());
    expect(result.ok).toBe(true);
  });

  it('normalises both audiences', async () => {
    const claims = validClaims({ aud: 'https://ACME.billfold.example:443/' });
    const result = await verifier().verify(
      await sign(es, claims),
      context({ audience: `${AUDIENCE}/` }),
    );

    expect(result.ok).toBe(true);
    if (result.ok) expect(result.claims.aud).toBe(AUDIENCE);
  });

  it('defaults absent optional claims', async () => {
    const claims = validClaims({ email: null, company_id: undefined, roles: undefined });
    const result = await verifier().verify(await sign(es, claims), context());

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.claims.email).toBeNull();
    expect(result.claims.companyId).toBeNull();
    expect(result.claims.roles).toEqual([]);
  });

  it('rejects a replayed jti', async () => {
    const token = await sign(es, validClaims());
    const shared = context();
    const launch = verifier();

    const first = await launch.verify(token, shared);
    const second = await launch.verify(token, shared);

    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, code: 'token_replayed' });
  });

  it('keeps jti per issuer', async () => {
    const shared = context();
    const launch = verifier();
    const fromEs = await sign(es, validClaims({ jti: 'same' }));
    const fromRsa = await sign(rsa, validClaims({ jti: 'same', iss: 'https://rsa.host.example' }));

    expect((await launch.verify(fromEs, shared)).ok).toBe(true);
    expect((await launch.verify(fromRsa, shared)).ok).toBe(true);
  });

  it('passes replay expiry with tolerance', async () => {
    const calls: unknown[][] = [];
    const guard = {
      consume: (...args: unknown[]) => {
        calls.push(args);
        return Promise.resolve(true);
      },
    };
    const claims = validClaims({ jti: 'j-1' });
    await verifier().verify(await sign(es, claims), context({ replayGuard: guard }));

    expect(calls).toEqual([[ISSUER, 'j-1', (NOW_SEC + 60) * 1000 + 30_000]]);
  });

  it('consumes no jti for a bad token', async () => {
    let consumed = 0;
    const guard = {
      consume: () => {
        consumed += 1;
        return Promise.resolve(true);
      },
    };
    await verifier().verify(await sign(other, validClaims()), context({ replayGuard: guard }));
    expect(consumed).toBe(0);
  });

  it('propagates replay guard failure', async () => {
    const guard = { consume: () => Promise.reject(new Error('database down')) };
    const token = await sign(es, validClaims());
    await expect(verifier().verify(token, context({ replayGuard: guard }))).rejects.toThrow(
      'database down',
    );
  });

  it('rejects a non-string token', async () => {
    const result = await verifier().verify(42 as unknown as string, context());
    expect(result).toMatchObject({ ok: false, code: 'token_malformed' });
  });

  it('honours custom limits', async () => {
    const strict = createLaunchVerifier({
      now: createClock().now,
      maxTokenBytes: 100,
      clockToleranceSec: 0,
      maxLifetimeSec: 10,
    });
    const long = await strict.verify(await sign(es, validClaims()), context());
    const expired = await createLaunchVerifier({
      now: createClock().now,
      clockToleranceSec: 0,
    }).verify(await sign(es, validClaims({ iat: NOW_SEC - 60, exp: NOW_SEC })), context());

    expect(long).toMatchObject({ ok: false, code: 'token_too_large' });
    expect(expired).toMatchObject({ ok: false, code: 'token_expired' });
  });

  it('uses the real clock by default', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const token = await sign(es, validClaims({ iat: nowSec, exp: nowSec + 60 }));
    const result = await createLaunchVerifier().verify(token, context());
    expect(result.ok).toBe(true);
  });
});

describe('launch verifier issuer keys', () => {
  it('rejects an issuer without keys', async () => {
    const bare: IssuerConfig = { issuer: ISSUER, algorithms: ['ES256'] };
    const result = await verifier().verify(
      await sign(es, validClaims()),
      context({ issuers: [bare] }),
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'token_key_unknown',
      detail: 'issuer_has_no_keys',
    });
  });

  it('rejects an invalid pasted set', async () => {
    const broken = {
      issuer: ISSUER,
      algorithms: ['ES256'],
      jwks: { keys: 'x' },
    } as unknown as IssuerConfig;
    const result = await verifier().verify(
      await sign(es, validClaims()),
      context({ issuers: [broken] }),
    );
    expect(result).toMatchObject({ ok: false, code: 'token_key_unknown', detail: 'jwks_invalid' });
  });

  it('ignores private and symmetric keys', async () => {
    const privateJwk = {
      kty: 'EC',
      crv: 'P-256',
      x: es.publicJwk.x,
      y: es.publicJwk.y,
      d: 'AAAA',
      kid: 'es-1',
    };
    const secret = { kty: 'oct', k: 'c2VjcmV0', kid: 'es-1' };
    const config: IssuerConfig = {
      issuer: ISSUER,
      algorithms: ['ES256'],
      jwks: { keys: [privateJwk, secret] },
    };
    const result = await verifier().verify(
      await sign(es, validClaims()),
      context({ issuers: [config] }),
    );
    expect(result).toMatchObject({ ok: false, code: 'token_key_unknown' });
  });

  it('rejects duplicate kids', async () => {
    const twin = { ...other.publicJwk };
    const config: IssuerConfig = {
      issuer: ISSUER,
      algorithms: ['ES256'],
      jwks: { keys: [es.publicJwk, twin] },
    };
    const result = await verifier().verify(
      await sign(es, validClaims()),
      context({ issuers: [config] }),
    );
    expect(result).toMatchObject({ ok: false, code: 'token_key_unknown', detail: 'key_unusable' });
  });

  it('ignores unsupported issuer algorithms', async () => {
    const config = pastedIssuer([es], ['HS256', 'none']);
    const token = signHmac('HS256', es.publicPem, validClaims());
    const es256 = await sign(es, validClaims());

    const hmac = await verifier().verify(token, context({ issuers: [config] }));
    const asymmetric = await verifier().verify(es256, context({ issuers: [config] }));

    expect(hmac).toMatchObject({ ok: false, code: 'token_algorithm_rejected' });
    expect(asymmetric).toMatchObject({ ok: false, code: 'token_algorithm_rejected' });
  });

  it('rejects an invalid context audience', async () => {
    const result = await verifier().verify(
      await sign(es, validClaims()),
      context({ audience: 'acme' }),
    );
    expect(result).toMatchObject({ ok: false, code: 'token_audience_mismatch' });
  });

  it('reuses the pasted set cache', async () => {
    const launch = verifier();
    const first = await launch.verify(await sign(es, validClaims()), context());
    const second = await launch.verify(await sign(es, validClaims()), context());
    expect(first.ok).toBe(true);
    expect(second.ok).toBe(true);
  });

  it('keeps working past the pasted set cache bound', async () => {
    const launch = verifier();
    const token = await sign(es, validClaims());
    const alwaysFirst = { consume: () => Promise.resolve(true) };
    const results: boolean[] = [];

    for (let i = 0; i <= 1000; i += 1) {
      const config = {
        ...pastedIssuer([es], ['ES256']),
        jwks: { keys: [{ ...es.publicJwk, x5t: `t${i}` }] },
      };
      const result = await launch.verify(
        token,
        context({ issuers: [config], replayGuard: alwaysFirst }),
      );
      results.push(result.ok);
    }
    expect(results.every(Boolean)).toBe(true);
  });
});
