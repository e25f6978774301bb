import { createHmac, KeyObject, randomUUID, sign as nodeSign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CompactSign,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type CryptoKey,
  type JWK,
} from 'jose';
import type { IssuerConfig } from '../src/index.js';

/** A frozen clock: 2027-01-15T08:00:00Z, in epoch milliseconds. */
export const NOW_MS = 1_800_000_000_000;
export const NOW_SEC = NOW_MS / 1000;
export const AUDIENCE = 'https://acme.billfold.example';
export const ISSUER = 'https://portal.host.example';

/** A key pair with its public JWK (kid set) and SPKI PEM. */
export interface TestKey {
  alg: string;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicPem: string;
}

/** Generates a key pair for `alg` with the given kid. */
export async function makeKey(alg: 'ES256' | 'EdDSA' | 'RS256', kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: 'sig' };
  return { alg, kid, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

/** Returns the claims of a valid launch at {@link NOW_SEC}. */
export function validClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: '42',
    email: 'ada.admin@northwind.example',
    company_id: '7',
    roles: ['Billing Admin'],
    iat: NOW_SEC,
    exp: NOW_SEC + 60,
    jti: randomUUID(),
    ...overrides,
  };
}

/** Signs `payload` with `key`, header `typ` and `kid` filled in unless overridden. */
export async function sign(
  key: TestKey,
  payload: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const protectedHeader = { alg: key.alg, typ: 'billfold-launch+jwt', kid: key.kid, ...header };
  for (const [name, value] of Object.entries(protectedHeader)) {
    if (value === undefined) delete protectedHeader[name as keyof typeof protectedHeader];
  }
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  return new CompactSign(bytes)
    .setProtectedHeader(protectedHeader as { alg: string })
    .sign(key.privateKey);
}

/** Encodes a value as base64url JSON. */
export function encodePart(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Builds an HMAC-signed token whose secret is `secret`, as the key-confusion attack does. */
export function signHmac(
  alg: 'HS256' | 'HS384' | 'HS512',
  secret: string,
  payload: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string {
  const input = `${encodePart({ alg, typ: 'billfold-launch+jwt', kid: 'es-1', ...header })}.${encodePart(payload)}`;
  const digest = `sha${alg.slice(2)}`;
  const signature = createHmac(digest, secret).update(input).digest('base64url');
  return `${input}.${signature}`;
}

/** Creates an issuer config over pasted keys. */
export function pastedIssuer(keys: TestKey[], algorithms: string[], issuer = ISSUER): IssuerConfig {
  return { issuer, jwks: { keys: keys.map((key) => key.publicJwk) }, algorithms };
}

/** A mutable clock for the `now` option. */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

/** Creates a clock frozen at {@link NOW_MS} until advanced. */
export function createClock(): TestClock {
  let current = NOW_MS;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
  };
}

/** A JWKS server on 127.0.0.1 whose behaviour a test swaps at will; it counts requests. */
export interface JwksServer {
  url: string;
  requests: number;
  handler: (request: IncomingMessage, response: ServerResponse) => void;
  close(): Promise<void>;
}

/** Starts a JWKS server on 127.0.0.1, port 0, that serves `keys` until its handler is replaced. */
export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  const state: JwksServer = {
    url: '',
    requests: 0,
    handler: serveJson({ keys }),
    close: () => Promise.resolve(),
  };

  const server: Server = createServer((request, response) => {
    state.requests += 1;
    state.handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/.well-known/jwks.json`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** Returns a handler that responds 200 with `body` as JSON. */
export function serveJson(
  body: unknown,
): (request: IncomingMessage, response: ServerResponse) => void {
  const text = JSON.stringify(body);
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(text);
  };
}

/** Signs any header and payload JSON with an ES256 key, bypassing jose's header checks. */
export function signRaw(key: TestKey, header: unknown, payload: unknown): string {
  const input = `${encodePart(header)}.${encodePart(payload)}`;
  const signature = nodeSign('sha256', Buffer.from(input), {
    key: KeyObject.from(key.privateKey),
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}
