import {
  findInternalUserById,
  listInternalUsers,
  setInternalUserRole,
  setInternalUserTotp,
  type InternalUser,
} from '@billfold/db';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { AdminError, FieldErrors } from './admin-errors.js';
import { adminHandler, bodyFields, parseId } from './handler.js';
import { createInternalUser, InternalUserExistsError } from './passwords.js';
import { generateTotpSecret, otpauthUri } from './totp.js';

/** Converts an internal user to its API form, without the hash or the TOTP secret. */
export function userView(user: InternalUser) {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    totp_enabled: user.totp_secret !== null,
  };
}

function parseRole(value: unknown): 'master' | 'admin' | null {
  return value === 'master' || value === 'admin' ? value : null;
}

/** Internal users: list, create, change role, TOTP enrolment. Master users only. */
export async function userRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;
  const master = { masterOnly: true };

  app.get(
    '/api/v1/admin/users',
    adminHandler(ctx, master, async ({ tenant }) => ({
      data: (await listInternalUsers(ctx.db, tenant.id)).map(userView),
    })),
  );

  app.post(
    '/api/v1/admin/users',
    bodyFields('email', 'password', 'role'),
    adminHandler<Record<string, unknown>>(ctx, master, async ({ body, reply, tenant }) => {
      const email = typeof body.email === 'string' ? body.email.trim() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const role = parseRole(body.role);
      const fields: Record<string, string> = {};
      if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320) {
        fields.email = 'Enter an email address such as name@msp.example.';
      }
      if (password.length < 12 || password.length > 1024) {
        fields.password = 'Use a password of at least 12 characters.';
      }
      if (role === null) fields.role = 'Choose Master or Admin.';
      if (role === null || Object.keys(fields).length > 0) throw new FieldErrors(fields);

      try {
        const user = await createInternalUser(ctx.db, {
          tenantId: tenant.id,
          email,
          password,
          role,
          now: ctx.now(),
        });
        return reply.code(201).send(userView(user));
      } catch (error) {
        if (error instanceof InternalUserExistsError)
          throw new FieldErrors({ email: error.message });
        throw error;
      }
    }),
  );

  app.put(
    '/api/v1/admin/users/:id/role',
    bodyFields('role'),
    adminHandler<{ role?: unknown }, unknown, { id: string }>(
      ctx,
      master,
      async ({ body, params, tenant, principal }) => {
        const userId = parseId(params.id);
        const role = parseRole(body.role);
        if (role === null) throw new FieldErrors({ role: 'Choose Master or Admin.' });
        if (userId === principal.userId && role !== 'master') {
          throw new AdminError(
            'conflict',
            'You cannot remove your own master role. Ask another master.',
          );
        }
        if (!(await setInternalUserRole(ctx.db, tenant.id, userId, role, ctx.now()))) {
          throw new AdminError('not_found');
        }
        return { id: userId, role };
      },
    ),
  );

  app.post(
    '/api/v1/admin/users/:id/totp',
    adminHandler<unknown, unknown, { id: string }>(ctx, master, async ({ params, tenant }) => {
      const user = await findInternalUserById(ctx.db, tenant.id, parseId(params.id));
      if (user === undefined) throw new AdminError('not_found');
      const secret = generateTotpSecret();
      await setInternalUserTotp(ctx.db, tenant.id, user.id, secret, ctx.now());
      // Shown once: the API never returns the secret again.
      return { secret, otpauth_uri: otpauthUri(secret, `Billfold ${tenant.name}`, user.email) };
    }),
  );

  app.delete(
    '/api/v1/admin/users/:id/totp',
    adminHandler<unknown, unknown, { id: string }>(
      ctx,
      master,
      async ({ params, reply, tenant }) => {
        const user = await findInternalUserById(ctx.db, tenant.id, parseId(params.id));
        if (user === undefined) throw new AdminError('not_found');
        await setInternalUserTotp(ctx.db, tenant.id, user.id, null, ctx.now());
        return reply.code(204).send();
      },
    ),
  );
}
