import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { tenantOf } from '../http/tenant.js';
import { FieldErrors } from './admin-errors.js';
import { assertSameOrigin } from './guard.js';
import { adminHandler, bodyFields } from './handler.js';
import { endAdminSession, startAdminSession } from './session.js';
import { authenticateInternalUser } from './sign-in.js';

interface SignInBody {
  email?: unknown;
  password?: unknown;
  totp?: unknown;
}

/** `POST`, `GET` and `DELETE /api/v1/admin/session`: console sign-in and sign-out. */
export async function authRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;

  app.post<{ Body: SignInBody }>(
    '/api/v1/admin/session',
    bodyFields('email', 'password', 'totp'),
    async (request, reply) => {
      const tenant = tenantOf(request);
      // No session yet, so no CSRF token: the exact Origin blocks cross-site sign-in.
      assertSameOrigin(request, tenant);

      const body = request.body ?? {};
      const email = typeof body.email === 'string' ? body.email.trim() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const fields: Record<string, string> = {};
      if (email === '' || email.length > 320) fields.email = 'Enter your email address.';
      if (password === '' || password.length > 1024) fields.password = 'Enter your password.';
      if (Object.keys(fields).length > 0) throw new FieldErrors(fields);

      const user = await authenticateInternalUser(ctx, request, tenant, {
        email,
        password,
        totp: typeof body.totp === 'string' ? body.totp : undefined,
      });
      const csrfToken = await startAdminSession(ctx, reply, tenant, user.userId);
      request.log.info({ tenantId: tenant.id, userId: user.userId }, 'admin signed in');
      return reply
        .code(201)
        .send({ user: { email: user.email, role: user.role }, csrf_token: csrfToken });
    },
  );

  app.get(
    '/api/v1/admin/session',
    adminHandler(ctx, {}, async ({ principal }) => ({
      user: { email: principal.email, role: principal.role },
      csrf_token: principal.csrfToken,
    })),
  );

  app.delete(
    '/api/v1/admin/session',
    adminHandler(ctx, {}, async ({ reply, tenant, principal }) => {
      await endAdminSession(ctx, reply, tenant, principal);
      return reply.code(204).send();
    }),
  );
}
