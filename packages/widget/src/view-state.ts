import { ApiError } from './api-client.js';
import type { InvoiceDetail } from './api-types.js';

/**
 * The view the element shows. `waiting` is the time before any session exists, for example
 * while the postMessage handshake runs. `session-expired` and `not-eligible` are final until a
 * new session starts.
 */
export type ViewState =
  | { kind: 'waiting' }
  | { kind: 'loading' }
  | { kind: 'list' }
  | { kind: 'empty' }
  | { kind: 'error'; code: string }
  | { kind: 'session-expired'; code: string }
  | { kind: 'not-eligible'; reasons: string[] }
  | { kind: 'detail-loading'; invoiceId: string | number }
  | { kind: 'detail'; invoice: InvoiceDetail };

/** The events that move the element between views. */
export type ViewEvent =
  | { type: 'session-started' }
  | { type: 'list-requested' }
  | { type: 'list-loaded'; count: number }
  | { type: 'detail-requested'; invoiceId: string | number }
  | { type: 'detail-loaded'; invoice: InvoiceDetail }
  | { type: 'detail-closed'; count: number }
  | { type: 'failed'; error: unknown };

/** The view before anything has happened. */
export const INITIAL_VIEW: ViewState = { kind: 'waiting' };

/** Returns whether `view` is final, so that only a new session may leave it. */
export function isTerminal(view: ViewState): boolean {
  return view.kind === 'session-expired' || view.kind === 'not-eligible';
}

/**
 * Maps a failure to its view: 401 ends the session, 403 with reason codes means the contact
 * is not eligible, anything else is a retryable error. Errors that are not `ApiError` get the
 * code `unexpected_error`.
 */
export function failureView(error: unknown): ViewState {
  if (!(error instanceof ApiError)) return { kind: 'error', code: 'unexpected_error' };

  if (error.status === 401) return { kind: 'session-expired', code: error.code };

  if (error.status === 403 && (error.reasons.length > 0 || error.code === 'not_eligible')) {
    return { kind: 'not-eligible', reasons: error.reasons };
  }

  return { kind: 'error', code: error.code };
}

/** Returns the view after `event`. Events that arrive after a terminal view are ignored. */
export function transition(view: ViewState, event: ViewEvent): ViewState {
  if (isTerminal(view) && event.type !== 'session-started') return view;

  switch (event.type) {
    case 'session-started':
    case 'list-requested':
      return { kind: 'loading' };
    case 'list-loaded':
    case 'detail-closed':
      return event.count > 0 ? { kind: 'list' } : { kind: 'empty' };
    case 'detail-requested':
      return { kind: 'detail-loading', invoiceId: event.invoiceId };
    case 'detail-loaded':
      return { kind: 'detail', invoice: event.invoice };
    case 'failed':
      return failureView(event.error);
  }
}
