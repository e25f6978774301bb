import { revokeSession } from '@billfold/db';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError, errorBody, ERRORS } from '../errors.js';
import { enforceLaunchRateLimit } from '../http/rate-limit.js';
import { authenticate } from '../sessions/authenticate.js';
import { clearSessionCookie, setSessionCookie } from '../sessions/create-session.js';
import { launchWithToken, type SessionPerson } from '../sso/launch.js';
import {
  errorResponses,
  meSchema,
  noQuerySchema,
  notEligibleSchema,
  sessionCreatedSchema,
} from './schemas.js';

// The token limit is 8 KiB. The schema allows more, so an oversized token reaches the
// verifier and gets its own code, token_too_large, instead of a generic 400.
const LAUNCH_TOKEN_SCHEMA_MAX = 65_536;

/** `POST /api/v1/sessions`, `DELETE /api/v1/sessions/current` and `GET /api/v1/me`. */
export async function sessionRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;

  app.post<{ Body: { launch_token: string } }>(
    '/api/v1/sessions',
    {
      preValidation: async (request) => enforceLaunchRateLimit(ctx, request),
      schema: {
        summary: 'Exchange a launch token for a session',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            launch_token: { type: 'string', minLength: 1, maxLength: LAUNCH_TOKEN_SCHEMA_MAX },
          },
          required: ['launch_token'],
        },
        querystring: noQuerySchema,
        response: {
          201: sessionCreatedSchema,
          403: notEligibleSchema,
          ...errorResponses(400, 401, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await launchWithToken(ctx, request, request.body.launch_token);
      if (!result.ok && result.kind === 'eligibility') {
        return reply.code(403).send({ ...errorBody('not_eligible'), reasons: result.reasons });
      }
      if (!result.ok) {
        const code = result.reasons[0] as keyof typeof ERRORS;
        return reply.code(ERRORS[code].status).send(errorBody(code));
      }

      setSessionCookie(reply, result.session, ctx.now());
      return reply.code(201).send({
        access_token: result.session.accessToken,
        expires_at: new Date(result.session.expiresAt).toISOString(),
        ...describeSession(result.person),
      });
    },
  );

  app.delete(
    '/api/v1/sessions/current',
    {
      schema: {
        summary: 'Sign out',
        querystring: noQuerySchema,
        response: errorResponses(401, 403, 404),
      },
    },
    async (request, reply) => {
      const session = await authenticate(ctx, request);
      await revokeSession(ctx.db, session.idHash, ctx.now());
      clearSessionCookie(reply);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        summary: 'The signed-in contact, customer and permissions',
        querystring: noQuerySchema,
        response: { 200: meSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const session = await authenticate(ctx, request);
      const { state } = session;
      return {
        ...describeSession(state),
        permissions: {
          view_invoices: state.profile_can_view_invoices === 1,
          download_pdf: state.profile_can_download_pdf === 1,
          pay: state.profile_can_pay === 1,
        },
        session: { expires_at: new Date(state.expires_at).toISOString() },
      };
    },
  );
}

function describeSession(state: SessionPerson) {
  return {
    contact: {
      id: state.contact_id,
      name: `${state.contact_first_name} ${state.contact_last_name}`.trim(),
      email: state.contact_email,
    },
    customer: { id: state.company_id, name: state.company_name },
  };
}

/** Throws when the session's profile lacks a permission. */
export function requirePermission(allowed: boolean): void {
  if (!allowed) throw new ApiError('permission_denied');
}
