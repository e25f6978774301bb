import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';

const ALLOWED_METHODS = 'GET, POST, DELETE';
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Billfold-Request';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * Adds CORS headers for exactly the tenant's linked host origins: the script-tag widget
 * runs in the host page and calls the API from there. No wildcard and no credentials;
 * the widget authenticates with a bearer token.
 */
export function applyCors(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('vary', 'Origin');
  const origin = request.headers.origin;
  if (origin === undefined || !request.hostOrigins.includes(origin)) return;

  reply.header('access-control-allow-origin', origin);
  reply.header('access-control-expose-headers', 'Retry-After, Content-Disposition');
}

/** Responds to a CORS preflight and rejects an origin that is not a linked host origin. */
export function answerPreflight(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('vary', 'Origin');
  const origin = request.headers.origin;
  if (origin === undefined || !request.hostOrigins.includes(origin)) {
    throw new ApiError('cors_origin_rejected');
  }

  reply.header('access-control-allow-origin', origin);
  reply.header('access-control-allow-methods', ALLOWED_METHODS);
  reply.header('access-control-allow-headers', ALLOWED_HEADERS);
  reply.header('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS);
  reply.code(204).send();
}
