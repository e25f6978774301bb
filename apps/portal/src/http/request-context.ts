import type { Tenant, TrustedIssuer } from '@billfold/db';
import type { AuthenticatedSession } from '../sessions/authenticate.js';

// Per-request state the portal's hooks fill in. Declared once here so every route file
// gets the same types.
declare module 'fastify' {
  interface FastifySchema {
    /** One-line description, published in the OpenAPI document. */
    summary?: string;
    /** Request body media types, for the OpenAPI document. Default `application/json`. */
    consumes?: string[];
  }
  interface FastifyRequest {
    /** The tenant the request's origin belongs to; null before resolution or on `/healthz`. */
    tenant: Readonly<Tenant> | null;
    /** The tenant's linked host origins, normalised. */
    hostOrigins: readonly string[];
    /** The tenant's trusted launch-token issuers. */
    trustedIssuers: readonly TrustedIssuer[];
    /** The signed-in contact's session, on authenticated API routes. */
    session: AuthenticatedSession | null;
  }
}

export {};
