import type { FastifyServerOptions } from 'fastify';

// Paths pino replaces with "[redacted]". Launch and callback tokens can reach the log
// through a request body or query, so every field that may carry one is listed.
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'launch_token',
  'access_token',
  'auth_token',
  '*.launch_token',
  '*.access_token',
  '*.auth_token',
  'body.launch_token',
  'query.auth_token',
];

/** Options for the portal's pino logger. */
export interface LoggerOptions {
  level: string;
  /** Destination; stdout when undefined. */
  stream?: NodeJS.WritableStream | undefined;
}

/** Builds Fastify's logger settings: pino with the portal's redaction list. */
export function loggerSettings(options: LoggerOptions): FastifyServerOptions['logger'] {
  return {
    level: options.level,
    ...(options.stream === undefined ? {} : { stream: options.stream }),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (request: { method: string; url: string; ip?: string }) => ({
        method: request.method,
        url: stripQuery(request.url),
        ip: request.ip,
      }),
    },
  };
}

// The callback provider carries its one-time token in the query string, so request URLs
// are logged without their query.
function stripQuery(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? url : `${url.slice(0, index)}?[redacted]`;
}

/**
 * Masks an email for logs and the SSO activity log: the first character of the local
 * part, then `***`, then the domain (`a***@northwind.example`).
 */
export function maskEmail(email: string | null | undefined): string | null {
  if (email === null || email === undefined || email === '') return null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}
