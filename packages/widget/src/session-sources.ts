import type { PageSession } from './api-types.js';

/** The id of the script element that the widget page embeds its session in. */
export const PAGE_SESSION_ELEMENT_ID = 'billfold-session';

/**
 * Reads the session JSON that the widget page embeds and removes its script element, so the
 * token is left only in memory. Returns undefined when the element is missing or its JSON
 * lacks an access token.
 */
export function takePageSession(doc: Document): PageSession | undefined {
  const element = doc.getElementById(PAGE_SESSION_ELEMENT_ID);
  if (!element) return undefined;

  const text = element.textContent ?? '';
  element.remove();

  try {
    const parsed = JSON.parse(text) as Partial<PageSession>;
    if (typeof parsed.access_token !== 'string' || parsed.access_token === '') return undefined;

    return {
      access_token: parsed.access_token,
      expires_at: typeof parsed.expires_at === 'string' ? parsed.expires_at : '',
      ...(typeof parsed.parent_origin === 'string' ? { parent_origin: parsed.parent_origin } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The message the widget posts to its parent when it is ready for a launch token. */
export const READY_MESSAGE = { type: 'billfold:ready' } as const;

/**
 * Returns the launch token of a `{type: "billfold:launch", token}` message, or undefined when
 * the message must be ignored: it came from another origin than `parentOrigin` (compared
 * exactly), from another window than `parentWindow`, or has the wrong shape.
 */
export function acceptLaunchMessage(
  event: Pick<MessageEvent, 'origin' | 'source' | 'data'>,
  parentOrigin: string,
  parentWindow: unknown,
): string | undefined {
  if (parentOrigin === '' || event.origin !== parentOrigin) return undefined;

  if (event.source === null || event.source !== parentWindow) return undefined;

  const data = event.data as { type?: unknown; token?: unknown } | null;
  if (typeof data !== 'object' || data === null || data.type !== 'billfold:launch')
    return undefined;

  if (typeof data.token !== 'string' || data.token === '') return undefined;

  return data.token;
}

/**
 * Returns `value` as a serialised origin when it is an http(s) origin with nothing after it
 * (a trailing `/` is allowed), otherwise undefined. Used for `portal` and `parent-origin`, so
 * a typo cannot widen a postMessage target.
 */
export function normalizeOrigin(value: string | null | undefined): string | undefined {
  if (!value) return undefined;

  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;

    if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return undefined;

    return url.origin;
  } catch {
    return undefined;
  }
}
