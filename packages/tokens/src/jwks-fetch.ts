import { LaunchTokenError } from './errors.js';
import { isLoopbackHost } from './origin.js';
import type { JsonWebKeySet } from './types.js';

/** Limits for one JWKS download. */
export interface JwksFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  allowLoopbackHttp: boolean;
  fetch: typeof fetch;
}

/**
 * Checks that a JWKS URL may be fetched: https, or http on a loopback host when allowed,
 * and no user info. Throws a `token_key_unknown` error with detail `jwks_url_rejected`.
 */
export function assertJwksUrl(jwksUrl: string, allowLoopbackHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new LaunchTokenError('token_key_unknown', 'jwks_url_rejected');
  }

  const loopbackHttp =
    url.protocol === 'http:' && allowLoopbackHttp && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw new LaunchTokenError('token_key_unknown', 'jwks_url_rejected');
  }
  if (url.username !== '' || url.password !== '') {
    throw new LaunchTokenError('token_key_unknown', 'jwks_url_rejected');
  }
  return url;
}

/**
 * Downloads a JWKS with a time limit covering headers and body, no redirects, and a size cap.
 * Every failure is a `token_key_unknown` error whose detail names the cause.
 */
export async function fetchJwks(url: URL, options: JwksFetchOptions): Promise<JsonWebKeySet> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await options.fetch(url, {
      redirect: 'manual',
      signal,
      headers: { accept: 'application/jwk-set+json, application/json' },
    });
    return parseJwks(await readBody(response, options.maxBytes));
  } catch (error) {
    if (error instanceof LaunchTokenError) throw error;
    const detail = signal.aborted ? 'jwks_timeout' : 'jwks_fetch_failed';
    throw new LaunchTokenError('token_key_unknown', detail);
  }
}

async function readBody(response: Response, maxBytes: number): Promise<string> {
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new LaunchTokenError('token_key_unknown', 'jwks_redirect');
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new LaunchTokenError('token_key_unknown', 'jwks_http_status');
  }

  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new LaunchTokenError('token_key_unknown', 'jwks_too_large');
  }
  if (response.body === null) {
    throw new LaunchTokenError('token_key_unknown', 'jwks_invalid');
  }

  // The declared length can be absent or false, so the cap is also enforced while reading.
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of response.body) {
    received += chunk.byteLength;
    if (received > maxBytes) {
      throw new LaunchTokenError('token_key_unknown', 'jwks_too_large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJwks(text: string): JsonWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new LaunchTokenError('token_key_unknown', 'jwks_invalid');
  }

  if (!isKeySet(parsed)) {
    throw new LaunchTokenError('token_key_unknown', 'jwks_invalid');
  }
  return parsed;
}

function isKeySet(value: unknown): value is JsonWebKeySet {
  if (typeof value !== 'object' || value === null) return false;
  const keys = (value as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.every((key) => typeof key === 'object' && key !== null);
}
