import { insertSession, type ContactForEligibility, type Tenant } from '@billfold/db';
import { createSessionToken } from '@billfold/tokens';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.js';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from './session-policy.js';

/** A freshly created session: the bearer token goes to the client once, never stored. */
export interface NewSession {
  accessToken: string;
  /** SHA-256 of the token, as stored. */
  idHash: string;
  /** Absolute expiry, epoch ms. */
  expiresAt: number;
}

/**
 * Creates a session for an eligible contact. Every launch gets a new id, so an id
 * planted before the launch can never become a signed-in session.
 */
export async function createSession(
  ctx: AppContext,
  tenant: Tenant,
  contact: ContactForEligibility,
): Promise<NewSession> {
  if (contact.company_id === null) {
    throw new Error('An eligible contact must be linked to a company.');
  }
  const now = ctx.now();
  const { token: accessToken, hash } = createSessionToken();
  const expiresAt = now + SESSION_ABSOLUTE_MS;

  const companyId = contact.company_id;
  await ctx.writes.run((db) =>
    insertSession(db, {
      idHash: hash,
      tenantId: tenant.id,
      contactId: contact.id,
      companyId,
      now,
      expiresAt,
    }),
  );
  return { accessToken, idHash: hash, expiresAt };
}

/** Sets the session cookie cache on a launch response. */
export function setSessionCookie(reply: FastifyReply, session: NewSession, now: number): void {
  reply.setCookie(SESSION_COOKIE, session.accessToken, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'none',
    partitioned: true,
    maxAge: Math.round((session.expiresAt - now) / 1000),
  });
}

/** Clears the session cookie cache. */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'none',
    partitioned: true,
  });
}
