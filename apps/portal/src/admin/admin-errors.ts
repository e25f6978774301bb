import type { FastifyReply } from 'fastify';
import { ApiError, ERRORS, errorBody } from '../errors.js';

/** Error codes only the admin API sends; their status and message live in the registry. */
export const ADMIN_ERRORS = {
  sign_in_failed: ERRORS.sign_in_failed,
  totp_required: ERRORS.totp_required,
  admin_session_required: ERRORS.admin_session_required,
  role_forbidden: ERRORS.role_forbidden,
  not_found: ERRORS.not_found,
  conflict: ERRORS.conflict,
} as const;

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
