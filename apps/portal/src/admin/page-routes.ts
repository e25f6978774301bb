import {
  listAdminContacts,
  listCompanyChoices,
  listInternalUsers,
  listProfiles,
  listSsoEventsPage,
  type Tenant,
} from '@billfold/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { tenantOf } from '../http/tenant.js';
import { eventFilter, reasonSummary, type EventQuery } from './activity-routes.js';
import { contactFilter, type ContactQuery } from './contact-routes.js';
import { paging } from './handler.js';
import { findAdminPrincipal, type AdminPrincipal } from './session.js';
import { readSsoSettings } from './settings-routes.js';
import { ADMIN_SCRIPT } from './ui/admin-script.js';
import { ADMIN_STYLES } from './ui/admin-styles.js';
import { contactsBody, profilesBody } from './ui/contacts-page.js';
import type { SafeHtml } from './ui/html.js';
import { CONSOLE_CSP, consolePage, signInPage } from './ui/layout.js';
import { activityBody, diagnoseBody, syncBody, usersBody } from './ui/other-pages.js';
import { ssoSettingsBody } from './ui/sso-page.js';

interface PageCall {
  request: FastifyRequest;
  tenant: Tenant;
  principal: AdminPrincipal;
}

interface PageContent {
  title: string;
  active: string;
  breadcrumb?: string[];
  body: SafeHtml;
}

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-security-policy', CONSOLE_CSP)
    .type('text/html; charset=utf-8')
    .send(body);
}

/** Registers the console pages. Each needs a session and redirects to the sign-in page without one. */
export async function pageRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;

  const page = (
    path: string,
    build: (call: PageCall) => Promise<PageContent | null>,
    masterOnly = false,
  ) => {
    app.get(path, async (request, reply) => {
      const tenant = tenantOf(request);
      const principal = await findAdminPrincipal(ctx, request, tenant);
      if (principal === null) return reply.redirect('/admin/login', 303);
      if (masterOnly && principal.role !== 'master') return reply.redirect('/admin/sso', 303);
      const content = await build({ request, tenant, principal });
      if (content === null) return reply.redirect('/admin/sso', 303);
      return sendHtml(reply, consolePage({ ...content, principal }));
    });
  };

  app.get('/admin/assets/admin.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(ADMIN_SCRIPT),
  );
  app.get('/admin/assets/admin.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(ADMIN_STYLES),
  );

  app.get('/admin/login', async (request, reply) => {
    const principal = await findAdminPrincipal(ctx, request, tenantOf(request));
    if (principal !== null) return reply.redirect('/admin/sso', 303);
    return sendHtml(reply, signInPage());
  });

  page('/admin', async () => null);

  page('/admin/sso', async ({ tenant }) => ({
    title: 'Single Sign-On',
    active: 'sso',
    breadcrumb: ['Settings', 'Configurations', 'Client Users', 'Single Sign-On'],
    body: ssoSettingsBody(await readSsoSettings(ctx, tenant)),
  }));

  page('/admin/contacts', async ({ request, tenant }) => {
    const query = request.query as ContactQuery;
    const paged = paging(query);
    let filter;
    try {
      filter = contactFilter(query);
    } catch {
      filter = {};
    }
    const result = await listAdminContacts(ctx.db, tenant.id, filter, paged);
    return {
      title: 'Client users',
      active: 'contacts',
      breadcrumb: ['Settings', 'Configurations', 'Client Users'],
      body: contactsBody({
        rows: result.rows,
        total: result.total,
        page: paged.page,
        perPage: paged.perPage,
        profiles: await listProfiles(ctx.db, tenant.id),
        companies: await listCompanyChoices(ctx.db, tenant.id),
        query: { ...(query as Record<string, string | undefined>) },
      }),
    };
  });

  page('/admin/profiles', async ({ tenant }) => ({
    title: 'Profiles',
    active: 'profiles',
    body: profilesBody(await listProfiles(ctx.db, tenant.id)),
  }));

  page('/admin/diagnose', async ({ tenant }) => ({
    title: 'Why can’t this contact sign in?',
    active: 'diagnose',
    body: diagnoseBody(tenant.required_role),
  }));

  page('/admin/activity', async ({ request, tenant }) => {
    const query = request.query as EventQuery;
    const paged = paging(query, 50);
    let filter;
    try {
      filter = eventFilter(query);
    } catch {
      filter = {};
    }
    const result = await listSsoEventsPage(ctx.db, tenant.id, filter, paged);
    return {
      title: 'SSO activity',
      active: 'activity',
      body: activityBody({
        rows: result.rows,
        total: result.total,
        page: paged.page,
        perPage: paged.perPage,
        summary: await reasonSummary(ctx, tenant.id),
        query: { ...(query as Record<string, string | undefined>) },
      }),
    };
  });

  page('/admin/sync', async () => ({
    title: 'Sync',
    active: 'sync',
    body: syncBody(new URL(ctx.config.manage.url).origin),
  }));

  page(
    '/admin/users',
    async ({ tenant, principal }) => ({
      title: 'Internal users',
      active: 'users',
      body: usersBody(await listInternalUsers(ctx.db, tenant.id), principal.userId),
    }),
    true,
  );
}
