/**
 * Every error the portal sends, with its HTTP status and default message, in one place.
 * `docs/errors.md` lists the same codes, and a test checks that the two match.
 */
export const ERRORS = {
  bad_request: {
    status: 400,
    message: 'The request is invalid. Check the fields against the API description.',
  },
  validation_failed: {
    status: 400,
    message: 'The request does not match the schema. Remove unknown fields and fix the types.',
  },
  cursor_invalid: {
    status: 400,
    message: 'The cursor is invalid. Use the next_cursor value of the previous page unchanged.',
  },
  token_malformed: { status: 401, message: 'The launch token is not a well-formed JWS.' },
  token_too_large: { status: 401, message: 'The launch token is larger than 8 KiB.' },
  token_algorithm_rejected: {
    status: 401,
    message: 'The launch token uses an algorithm the issuer is not allowed to use.',
  },
  token_signature_invalid: { status: 401, message: 'The launch token signature is invalid.' },
  token_key_unknown: {
    status: 401,
    message: 'The launch token names a key the issuer does not publish.',
  },
  token_issuer_unknown: {
    status: 401,
    message: 'The launch token issuer is not a trusted issuer of this portal.',
  },
  token_audience_mismatch: {
    status: 401,
    message: 'The launch token audience is not this portal origin.',
  },
  token_expired: { status: 401, message: 'The launch token has expired. Launch again.' },
  token_not_yet_valid: { status: 401, message: 'The launch token is not valid yet.' },
  token_missing_claim: { status: 401, message: 'The launch token lacks a required claim.' },
  token_replayed: {
    status: 401,
    message: 'The launch token was already used. Each launch needs a new token.',
  },
  token_type_invalid: {
    status: 401,
    message: 'The launch token header typ is not billfold-launch+jwt.',
  },
  callback_failed: {
    status: 401,
    message: 'The host could not validate the sign-in token. Open Payments again.',
  },
  session_invalid: {
    status: 401,
    message: 'No valid session was sent. Send Authorization: Bearer with the access token.',
  },
  session_expired: { status: 401, message: 'The session has expired. Open Payments again.' },
  session_revoked: {
    status: 401,
    message: 'The session was ended because billing access changed. Ask your provider.',
  },
  not_eligible: {
    status: 403,
    message: 'Billing access is not set up for this contact. Ask your IT provider.',
  },
  permission_denied: {
    status: 403,
    message: 'The contact profile does not grant this action. Ask your IT provider.',
  },
  csrf_rejected: {
    status: 403,
    message:
      'A cookie-authenticated change needs the X-Billfold-Request: 1 header and an allowed Origin.',
  },
  cors_origin_rejected: {
    status: 403,
    message: 'The request Origin is not a linked host origin of this portal.',
  },
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
    message: 'Sign in to the admin console first. The session is missing or has ended.',
  },
  role_forbidden: { status: 403, message: 'Only a master user may do this. Ask a master user.' },
  not_found: { status: 404, message: 'No such item exists for this portal.' },
  conflict: { status: 409, message: 'The change conflicts with existing data.' },
  tenant_not_found: {
    status: 404,
    message: 'No Billfold portal is configured for this host name.',
  },
  route_not_found: { status: 404, message: 'No route matches this method and path.' },
  invoice_not_found: { status: 404, message: 'No invoice with this id exists for your company.' },
  widget_not_built: {
    status: 404,
    message: 'The widget bundle is not built. Run pnpm build.',
  },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: {
    status: 415,
    message: 'The Content-Type is not supported. Send application/json or a form.',
  },
  rate_limited: {
    status: 429,
    message: 'Too many requests. Wait for the Retry-After seconds, then try again.',
  },
  internal_error: {
    status: 500,
    message: 'The portal failed to handle the request. Try again later.',
  },
  service_unavailable: {
    status: 503,
    message: 'The portal is not ready: the database is unreachable or not migrated.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

/** A code of the portal's error registry. */
export type ErrorCode = keyof typeof ERRORS;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * An error that becomes a JSON error response. `message` replaces the registry's
 * default when the caller can name the bad value; it must never contain a secret.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message?: string, headers: Record<string, string> = {}) {
    super(message ?? ERRORS[code].message);
    this.name = 'ApiError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.headers = headers;
  }
}

/** Builds the JSON body for an error code. */
export function errorBody(code: ErrorCode, message?: string): ErrorBody {
  return { error: { code, message: message ?? ERRORS[code].message } };
}

/** JSON schema of {@link ErrorBody}, for route response schemas. */
export const errorBodySchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;
