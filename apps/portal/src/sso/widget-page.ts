import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The session data the widget page embeds for `<billfold-invoices session="page">`. */
export interface PageSession {
  accessToken: string;
  /** Absolute expiry, epoch ms. */
  expiresAt: number;
  /** Target origin of the widget's height messages; null when the tenant linked no host origin. */
  parentOrigin: string | null;
}

/**
 * Picks the page's parent origin: the request's `Origin` when it is a linked host origin
 * (the form post came from that host), else the first linked origin.
 */
export function chooseParentOrigin(request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  if (origin !== undefined && request.hostOrigins.includes(origin)) return origin;
  return request.hostOrigins[0] ?? null;
}

/**
 * Sends the widget page: the bundle, the element and the session as a JSON data block
 * (not executed, so no script nonce is needed). Framing is limited to the tenant's
 * linked host origins.
 */
export function sendWidgetPage(
  request: FastifyRequest,
  reply: FastifyReply,
  session: PageSession,
): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const data = jsonForScript({
    access_token: session.accessToken,
    expires_at: new Date(session.expiresAt).toISOString(),
    parent_origin: session.parentOrigin,
  });
  const parentAttribute =
    session.parentOrigin === null ? '' : ` parent-origin="${escapeHtml(session.parentOrigin)}"`;
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Invoices</title>
<style nonce="${nonce}">html,body{margin:0;padding:0;background:transparent}</style>
<script type="module" src="/widget.js"></script>
</head>
<body>
<script type="application/json" id="billfold-session">${data}</script>
<billfold-invoices session="page"${parentAttribute}></billfold-invoices>
</body>
</html>
`;
  return sendFramedHtml(request, reply, 200, body, nonce);
}

/**
 * Sends the plain-words page shown inside the host's iframe when a launch is rejected.
 * The reason codes sit in `data-reasons` for support staff and tests.
 */
export function sendNotEligiblePage(
  request: FastifyRequest,
  reply: FastifyReply,
  reasons: readonly string[],
): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  // A token fault is usually a reload or a stale tab rather than missing access.
  const retry = reasons.some((reason) => reason.startsWith('token_'))
    ? '\n<p>If you reloaded this page or left it open for a while, open Payments again from your portal.</p>'
    : '';
  // When the provider has switched online invoices off, the contact's own access is not
  // the problem, so the page explains that instead of asking for access.
  const explanation =
    reasons.length === 1 && reasons[0] === 'sso_disabled'
      ? '<p>Online invoices are turned off for this portal at the moment.</p>\n<p>Please ask your IT provider, the company that sends you these invoices, when they will be available again.</p>'
      : '<p>Your account cannot show invoices yet.</p>\n<p>Please ask your IT provider, the company that sends you these invoices, to give you billing access. They can see exactly what is missing.</p>';
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Billing access is not set up</title>
<style nonce="${nonce}">body{font:16px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1f2933}h1{font-size:1.25rem}.reference{color:#52606d;font-size:.875rem}</style>
</head>
<body>
<main id="billfold-not-eligible" data-reasons="${escapeHtml(reasons.join(' '))}">
<h1>Billing access is not set up</h1>
${explanation}${retry}
<p class="reference">Reference for your IT provider: <code>${escapeHtml(reasons.join(', '))}</code></p>
</main>
</body>
</html>
`;
  return sendFramedHtml(request, reply, 403, body, nonce);
}

function sendFramedHtml(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  body: string,
  nonce: string,
): FastifyReply {
  const ancestors = request.hostOrigins.length === 0 ? "'none'" : request.hostOrigins.join(' ');
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "connect-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
  return reply
    .code(status)
    .header('content-security-policy', csp)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);
}

// JSON inside <script> must not contain `</script>` or `<!--`; escaping `<`, `>` and `&`
// as \u escapes keeps the value identical for JSON.parse.
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
