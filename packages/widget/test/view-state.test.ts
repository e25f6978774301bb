import { describe, expect, it } from 'vitest';

import { ApiError } from '../src/api-client.js';
import { buildInvoice } from './support/fixtures.js';
import {
  INITIAL_VIEW,
  failureView,
  isTerminal,
  transition,
  type ViewState,
} from '../src/view-state.js';

describe('transition', () => {
  it('loads then lists', () => {
    const loading = transition(INITIAL_VIEW, { type: 'session-started' });
    expect(loading.kind).toBe('loading');
    expect(transition(loading, { type: 'list-loaded', count: 3 }).kind).toBe('list');
  });

  it('shows empty for zero rows', () => {
    expect(transition({ kind: 'loading' }, { type: 'list-loaded', count: 0 }).kind).toBe('empty');
  });

  it('opens and closes a detail', () => {
    const invoice = buildInvoice(1);
    const requested = transition({ kind: 'list' }, { type: 'detail-requested', invoiceId: 1 });
    expect(requested).toEqual({ kind: 'detail-loading', invoiceId: 1 });

    const loaded = transition(requested, { type: 'detail-loaded', invoice });
    expect(loaded).toEqual({ kind: 'detail', invoice });
    expect(transition(loaded, { type: 'detail-closed', count: 4 }).kind).toBe('list');
  });

  it('ignores late results after expiry', () => {
    const expired: ViewState = { kind: 'session-expired', code: 'session_expired' };
    expect(transition(expired, { type: 'list-loaded', count: 2 })).toBe(expired);
    expect(transition(expired, { type: 'list-requested' })).toBe(expired);
  });

  it('leaves a terminal view on a new session', () => {
    const blocked: ViewState = { kind: 'not-eligible', reasons: ['access_revoked'] };
    expect(isTerminal(blocked)).toBe(true);
    expect(transition(blocked, { type: 'session-started' }).kind).toBe('loading');
  });
});

describe('failureView', () => {
  it('maps 401 to session-expired', () => {
    const error = new ApiError(401, 'session_revoked', 'Revoked.');
    expect(failureView(error)).toEqual({ kind: 'session-expired', code: 'session_revoked' });
  });

  it('maps 403 with reasons to not-eligible', () => {
    const error = new ApiError(403, 'not_eligible', 'No.', [
      'access_revoked',
      'missing_billing_role',
    ]);
    expect(failureView(error)).toEqual({
      kind: 'not-eligible',
      reasons: ['access_revoked', 'missing_billing_role'],
    });
  });

  it('maps other 403s to error', () => {
    expect(failureView(new ApiError(403, 'forbidden', 'No.'))).toEqual({
      kind: 'error',
      code: 'forbidden',
    });
  });

  it('maps 500 to a retryable error', () => {
    expect(failureView(new ApiError(500, 'internal_error', 'Oops.'))).toEqual({
      kind: 'error',
      code: 'internal_error',
    });
  });

  it('codes unknown failures', () => {
    expect(failureView(new TypeError('boom'))).toEqual({ kind: 'error', code: 'unexpected_error' });
  });
});
