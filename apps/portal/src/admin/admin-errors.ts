import type { FastifyReply } from 'fastify';
import { ApiError, errorBody } from '../errors.js';

/** Error codes only the admin API sends, with their status and default message. */
export const ADMIN_ERRORS = {
  sign_in_failed: {
    status: 401,
    message: 'The email, password or authentication code is wrong. Check them and try again.',
  },
  totp_required: {
    status: 401,
    message: 'This user has a second factor. Enter the 6-digit code from the authenticator app.',
  },
  admin_session_required: {
    status: 401,
    message: 'Sign in to the admin console first; the session is missing or has ended.',
  },
  role_forbidden: { status: 403, message: 'Only a master user may do this. Ask a master user.' },
  not_found: { status: 404, message: 'No such item exists for this portal.' },
  conflict: { status: 409, message: 'The change conflicts with existing data.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A code of {@link ADMIN_ERRORS}. */
export type AdminErrorCode = keyof typeof ADMIN_ERRORS;

/** An admin-API error that becomes `{ error: { code, message } }`, like {@link ApiError}. */
export class AdminError extends Error {
  readonly code: AdminErrorCode;
  readonly status: number;

  constructor(code: AdminErrorCode, message?: string) {
    super(message ?? ADMIN_ERRORS[code].message);
    this.name = 'AdminError';
    this.code = code;
    this.status = ADMIN_ERRORS[code].status;
  }
}

/** A 400 `validation_failed` with one message per field path, all at once. */
export class FieldErrors extends Error {
  constructor(readonly fields: Record<string, string>) {
    const count = Object.keys(fields).length;
    super(
      count === 1
        ? '1 field is invalid. Fix it and try again.'
        : `${count} fields are invalid. Fix each one and try again.`,
    );
    this.name = 'FieldErrors';
  }
}

/**
 * Sends an admin or portal error as JSON; returns null for any other error, which the
 * caller passes on to the portal's error handler.
 */
export function sendAdminError(reply: FastifyReply, error: unknown): FastifyReply | null {
  if (error instanceof FieldErrors) {
    return reply.code(400).send({
      ...errorBody('validation_failed', error.message),
      fields: error.fields,
    });
  }
  if (error instanceof AdminError) {
    return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
  }
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    return reply.code(error.status).send(errorBody(error.code, error.message));
  }
  return null;
}
