// The *Link your Billfold account* step: which Billfold portal the Payments page frames.

/** Raised when a Billfold URL cannot be linked; the message names the value. */
export class LinkError extends Error {}

/** Result of reading `{origin}/.well-known/billfold.json`. */
export type LinkCheck =
  | { state: 'unchecked' }
  | { state: 'sso_enabled' }
  | { state: 'sso_disabled' }
  | { state: 'unreachable'; detail: string };

/**
 * Normalises a Billfold portal URL to its origin. Accepts a bare origin, with or without a
 * trailing slash; rejects paths, queries, fragments, credentials and plain http except on
 * localhost and 127.0.0.1.
 */
export function normaliseBillfoldUrl(input: string): string {
  const value = input.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LinkError(
      `"${value}" is not a URL. Enter the portal address, for example https://billing.example.com.`,
    );
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new LinkError(
      `"${value}" uses ${url.protocol}; the portal address must start with https://.`,
    );
  }
  if (url.protocol === 'http:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
    throw new LinkError(
      `"${value}" uses http; only https is allowed, except for localhost and 127.0.0.1.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new LinkError(`"${value}" contains credentials; enter the portal address only.`);
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(value)) {
    throw new LinkError(
      `"${value}" has a query or fragment; enter the portal origin only, such as ${url.origin}.`,
    );
  }
  if (url.pathname !== '/' || value.replace(/\/$/, '').split('//')[1]?.includes('/')) {
    throw new LinkError(
      `"${value}" has a path; enter the portal origin only, such as ${url.origin}.`,
    );
  }
  return url.origin;
}

/** Fetches the portal's discovery document (3 s timeout, no redirects) and reads its SSO state. */
export async function checkBillfold(origin: string): Promise<LinkCheck> {
  try {
    const response = await fetch(`${origin}/.well-known/billfold.json`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(3000),
      headers: { accept: 'application/json' },
    });
    if (response.status !== 200) return { state: 'unreachable', detail: `HTTP ${response.status}` };
    const body = (await response.json()) as { sso_enabled?: unknown; providers?: unknown };
    const providers = Array.isArray(body.providers) ? body.providers : [];
    const enabled = body.sso_enabled === true && providers.includes('connectwise_portal');
    return { state: enabled ? 'sso_enabled' : 'sso_disabled' };
  } catch (error) {
    const name = (error as Error).name;
    return {
      state: 'unreachable',
      detail: name === 'TimeoutError' ? 'no answer within 3 s' : 'connection failed',
    };
  }
}
