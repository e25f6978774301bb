/** Error code for a URL that is not a usable origin. */
export type OriginErrorCode =
  'origin_invalid' | 'origin_has_path' | 'origin_has_query' | 'origin_insecure';

/** The result of {@link normalizeOrigin}. */
export type OriginResult =
  { ok: true; origin: string } | { ok: false; code: OriginErrorCode; message: string };

/** Options of {@link normalizeOrigin}. */
export interface NormalizeOriginOptions {
  /** Accept `http:` for `localhost`, `127.0.0.1` and `[::1]` (development only). Default false. */
  allowLoopbackHttp?: boolean;
}

const MAX_INPUT_LENGTH = 2048;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Tells whether a URL host name (as `URL.hostname` gives it) is a loopback name we accept. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/**
 * Normalises a URL to its origin: lower-case host, no default port, no trailing `/`.
 * Rejects a path other than `/`, a query or fragment (`origin_has_query`), user info,
 * schemes other than http(s), and `http:` except for loopback hosts when allowed.
 *
 * @example
 * normalizeOrigin('https://ACME.billfold.example:443/');
 * // { ok: true, origin: 'https://acme.billfold.example' }
 */
export function normalizeOrigin(input: string, options: NormalizeOriginOptions = {}): OriginResult {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_INPUT_LENGTH) {
    return fail(
      'origin_invalid',
      'The URL is empty or too long. Enter the portal address, such as https://acme.billfold.example.',
    );
  }

  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return fail(
      'origin_invalid',
      `"${trimmed}" is not a valid URL. Enter a full address with https://, such as https://acme.billfold.example.`,
    );
  }

  // User info may hold a password, so this message does not repeat the input.
  if (url.username !== '' || url.password !== '') {
    return fail(
      'origin_invalid',
      'The URL contains a user name or password. Remove the part before "@".',
    );
  }

  const origin = `${url.protocol}//${url.host}`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail('origin_invalid', `"${trimmed}" does not use https. Enter an https:// address.`);
  }
  if (
    url.protocol === 'http:' &&
    !(options.allowLoopbackHttp === true && isLoopbackHost(url.hostname))
  ) {
    return fail(
      'origin_insecure',
      `"${trimmed}" uses http. Use https://${url.host}; http is allowed only for localhost and 127.0.0.1 in development.`,
    );
  }

  // WHATWG URL reports an empty query or fragment as "", so a bare "?" or "#" shows only in href.
  if (url.search !== '' || url.hash !== '' || url.href.includes('?') || url.href.includes('#')) {
    return fail('origin_has_query', `"${trimmed}" has a query or fragment. Enter only ${origin}.`);
  }
  if (url.pathname !== '/') {
    return fail('origin_has_path', `"${trimmed}" has a path. Enter only ${origin}.`);
  }

  return { ok: true, origin };
}

function fail(code: OriginErrorCode, message: string): OriginResult {
  return { ok: false, code, message };
}
