/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 30 * 60_000;

/** A session ends this long after the launch, whatever the activity. */
export const SESSION_ABSOLUTE_MS = 8 * 60 * 60_000;

/** `last_seen_at` is written at most this often per session, to spare writes. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

/** The cookie that caches the session id for the iframe page; nothing depends on it. */
export const SESSION_COOKIE = '__Host-billfold_session';

/** Header a cookie-authenticated state-changing request must carry with value `1`. */
export const CSRF_HEADER = 'x-billfold-request';
