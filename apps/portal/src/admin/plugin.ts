import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { resolveTenant } from '../http/tenant.js';
import { activityRoutes } from './activity-routes.js';
import { sendAdminError } from './admin-errors.js';
import { authRoutes } from './auth-routes.js';
import { contactRoutes } from './contact-routes.js';
import { diagnoseRoutes } from './diagnose-routes.js';
import { pageRoutes } from './page-routes.js';
import { settingsRoutes } from './settings-routes.js';
import { syncRoutes } from './sync-routes.js';
import { userRoutes } from './user-routes.js';

/** Options for {@link adminPlugin}. */
export interface AdminPluginOptions {
  ctx: AppContext;
}

/**
 * Registers the MSP admin console (`/admin`) and its JSON API (`/api/v1/admin/...`): internal-user
 * sign-in, SSO settings, contacts and profiles, diagnosis, SSO activity, sync and users.
 * Same-origin only: cookie sessions, a CSRF token and an exact Origin on every change.
 */
export const adminPlugin: FastifyPluginAsync<AdminPluginOptions> = async (app, options) => {
  const { ctx } = options;

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/admin/assets/')) return;
    await resolveTenant(ctx, request);
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const sent = sendAdminError(reply, error);
    if (sent !== null) return sent;
    if (error.validation !== undefined) {
      return sendAdminError(
        reply,
        new ApiError('validation_failed', `Invalid request: ${error.message}.`),
      );
    }
    // Anything else goes to the portal's error handler.
    throw error;
  });

  await app.register(authRoutes, { ctx });
  await app.register(settingsRoutes, { ctx });
  await app.register(contactRoutes, { ctx });
  await app.register(diagnoseRoutes, { ctx });
  await app.register(activityRoutes, { ctx });
  await app.register(syncRoutes, { ctx });
  await app.register(userRoutes, { ctx });
  await app.register(pageRoutes, { ctx });
};
