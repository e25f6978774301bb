import type { FastifyReply, FastifyRequest } from 'fastify';

const STRICT_CSP =
  "default-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Sets the headers every response carries. The widget page sets its own
 * Content-Security-Policy with the tenant's linked origins as `frame-ancestors`. Any
 * other CSP set by a route gets `frame-ancestors 'none'` added when it lacks one.
 */
export function applySecurityHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): unknown {
  const csp = reply.getHeader('content-security-policy');
  if (typeof csp !== 'string') {
    reply.header('content-security-policy', STRICT_CSP);
  } else if (!/(^|;)\s*frame-ancestors\s/.test(csp)) {
    reply.header('content-security-policy', `${csp}; frame-ancestors 'none'`);
  }

  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  if (request.protocol === 'https') {
    reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  }
  if (!reply.hasHeader('cache-control')) {
    reply.header('cache-control', 'no-store');
  }
  return payload;
}
