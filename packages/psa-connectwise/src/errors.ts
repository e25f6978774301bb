/** Stable codes for the ways a call to Manage can fail. */
export type ManageErrorCode =
  | 'manage_bad_request'
  | 'manage_unauthorized'
  | 'manage_forbidden'
  | 'manage_not_found'
  | 'manage_rate_limited'
  | 'manage_server_error'
  | 'manage_http_error'
  | 'manage_network_error'
  | 'manage_timeout'
  | 'manage_invalid_response'
  | 'manage_aborted';

/**
 * A failed call to the Manage REST API. `status` is the HTTP status, or 0 when no
 * response arrived. Messages name the path and status, never the keys or the auth header.
 */
export class ManageApiError extends Error {
  readonly status: number;
  readonly code: ManageErrorCode;
  /** Whether trying the same request again may succeed (429, 5xx, network, timeout). */
  readonly retryable: boolean;

  constructor(code: ManageErrorCode, status: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ManageApiError';
    this.code = code;
    this.status = status;
    this.retryable =
      code === 'manage_rate_limited' ||
      code === 'manage_server_error' ||
      code === 'manage_network_error' ||
      code === 'manage_timeout';
  }
}

/** Picks the error code for an HTTP status that is not 2xx. */
export function codeForStatus(status: number): ManageErrorCode {
  if (status === 400) return 'manage_bad_request';
  if (status === 401) return 'manage_unauthorized';
  if (status === 403) return 'manage_forbidden';
  if (status === 404) return 'manage_not_found';
  if (status === 429) return 'manage_rate_limited';
  if (status >= 500) return 'manage_server_error';
  return 'manage_http_error';
}
