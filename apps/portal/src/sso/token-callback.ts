import { createHash } from 'node:crypto';
import { consumeReplayKey } from '@billfold/db';
import type { LaunchAssertion } from '@billfold/eligibility';
import { isLoopbackHost } from '@billfold/tokens';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { BodyTooLargeError, readCappedBody } from '../http/read-capped.js';
import { tenantOf } from '../http/tenant.js';
import { completeLaunch, recordRejection, type LaunchResult } from './launch.js';

/** Time limit for the validation call, body included. */
export const CALLBACK_TIMEOUT_MS = 5_000;
/** Largest validation response read. */
export const CALLBACK_MAX_BYTES = 16 * 1024;
// How long a consumed opaque token is remembered. The host should expire its tokens
// well before this.
const CALLBACK_REPLAY_TTL_MS = 60 * 60_000;

/** A failed validation call, with a detail code that is logged but never shown to the contact. */
class CallbackError extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/**
 * Runs a Token callback launch: consumes the opaque token once, calls the tenant's
 * validation URL to learn whom it names, then applies the same eligibility as the ConnectWise
 * Portal provider (without roles, which this provider does not carry).
 */
export async function launchWithCallback(
  ctx: AppContext,
  request: FastifyRequest,
  authToken: string,
): Promise<LaunchResult> {
  const tenant = tenantOf(request);
  const url = tenant.callback_validation_url;
  const subject = { provider: 'token_callback', issuer: null, psaContactId: null, email: null };
  if (tenant.sso_provider !== 'token_callback' || url === null || tenant.sso_enabled !== 1) {
    await recordRejection(ctx, request, tenant, subject, ['sso_disabled'], null);
    return { ok: false, kind: 'eligibility', reasons: ['sso_disabled'] };
  }

  const tokenHash = createHash('sha256').update(authToken, 'utf8').digest('hex');
  const now = ctx.now();
  const fresh = await consumeReplayKey(
    ctx.db,
    `callback:${tenant.id}`,
    tokenHash,
    now + CALLBACK_REPLAY_TTL_MS,
    now,
  );
  if (!fresh) {
    await recordRejection(ctx, request, tenant, subject, ['token_replayed'], null);
    return { ok: false, kind: 'token', reasons: ['token_replayed'] };
  }

  let identity: { contactId: string | null; contactEmail: string | null };
  try {
    const target = checkValidationUrl(url, request.hostOrigins, ctx.config.allowLoopbackHttp);
    identity = await callValidationUrl(ctx.fetch, target, authToken);
  } catch (error) {
    const detail = error instanceof CallbackError ? error.detail : 'callback_request_failed';
    request.log.warn({ tenantId: tenant.id, detail }, 'token callback validation failed');
    await recordRejection(ctx, request, tenant, subject, ['callback_failed'], null);
    return { ok: false, kind: 'callback', reasons: ['callback_failed'] };
  }

  const assertion: LaunchAssertion = {
    provider: 'token_callback',
    psaContactId: identity.contactId,
    email: identity.contactEmail,
    psaCompanyId: null,
    roles: null,
  };
  return completeLaunch(ctx, request, tenant, assertion, new URL(url).origin);
}

// The validation URL must be https (http only on loopback in development), and its
// origin must be one of the tenant's linked host origins: the allow-list of hosts the
// portal will call.
function checkValidationUrl(
  value: string,
  hostOrigins: readonly string[],
  allowLoopbackHttp: boolean,
): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CallbackError('validation_url_invalid');
  }
  const loopbackHttp =
    url.protocol === 'http:' && allowLoopbackHttp && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp)
    throw new CallbackError('validation_url_insecure');
  if (!hostOrigins.includes(url.origin)) throw new CallbackError('validation_url_not_allowed');
  return url;
}

async function callValidationUrl(
  fetchImpl: typeof fetch,
  url: URL,
  authToken: string,
): Promise<{ contactId: string | null; contactEmail: string | null }> {
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ auth_token: authToken }),
    redirect: 'error',
    signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
  });
  if (!response.ok) throw new CallbackError(`validation_status_${response.status}`);

  let text: string;
  try {
    text = (await readCappedBody(response, CALLBACK_MAX_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new CallbackError('validation_response_too_large');
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CallbackError('validation_response_not_json');
  }
  return parseIdentity(body);
}

function parseIdentity(body: unknown): { contactId: string | null; contactEmail: string | null } {
  if (typeof body !== 'object' || body === null)
    throw new CallbackError('validation_response_invalid');
  const { contactId, contactEmail } = body as { contactId?: unknown; contactEmail?: unknown };

  if (typeof contactId === 'number' && Number.isSafeInteger(contactId)) {
    return { contactId: String(contactId), contactEmail: null };
  }
  if (typeof contactId === 'string' && contactId.length > 0 && contactId.length <= 32) {
    return { contactId, contactEmail: null };
  }
  if (typeof contactEmail === 'string' && contactEmail.length > 0 && contactEmail.length <= 320) {
    return { contactId: null, contactEmail };
  }
  throw new CallbackError('validation_response_invalid');
}
