import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { enforceLaunchRateLimit } from '../http/rate-limit.js';
import { setSessionCookie } from '../sessions/create-session.js';
import { launchWithToken, type LaunchResult } from '../sso/launch.js';
import { launchWithCallback } from '../sso/token-callback.js';
import { chooseParentOrigin, sendNotEligiblePage, sendWidgetPage } from '../sso/widget-page.js';
import { errorResponses } from './schemas.js';

/** The two launch endpoints that return the widget page: form post and token callback. */
export async function ssoRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;
  const rateLimit = async (request: FastifyRequest) => enforceLaunchRateLimit(ctx, request);

  app.post<{ Body: { launch_token: string } }>(
    '/sso/connectwise',
    {
      preValidation: rateLimit,
      schema: {
        summary: 'Form-post launch from the ConnectWise Customer Portal',
        consumes: ['application/x-www-form-urlencoded'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { launch_token: { type: 'string', minLength: 1, maxLength: 65_536 } },
          required: ['launch_token'],
        },
        response: errorResponses(400, 404, 429),
      },
    },
    async (request, reply) => {
      const result = await launchWithToken(ctx, request, request.body.launch_token);
      return presentLaunch(ctx, request, reply, result);
    },
  );

  app.get<{ Querystring: { auth_token: string } }>(
    '/sso/callback',
    {
      preValidation: rateLimit,
      schema: {
        summary: 'Token-callback launch',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { auth_token: { type: 'string', minLength: 1, maxLength: 4096 } },
          required: ['auth_token'],
        },
        response: errorResponses(400, 404, 429),
      },
    },
    async (request, reply) => {
      const result = await launchWithCallback(ctx, request, request.query.auth_token);
      return presentLaunch(ctx, request, reply, result);
    },
  );
}

function presentLaunch(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  result: LaunchResult,
): FastifyReply {
  if (!result.ok) return sendNotEligiblePage(request, reply, result.reasons);

  setSessionCookie(reply, result.session, ctx.now());
  return sendWidgetPage(request, reply, {
    accessToken: result.session.accessToken,
    expiresAt: result.session.expiresAt,
    parentOrigin: chooseParentOrigin(request),
  });
}
