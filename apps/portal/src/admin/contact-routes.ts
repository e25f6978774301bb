import {
  applyBulkProfile,
  createProfile,
  deleteProfile,
  findProfile,
  listAdminContacts,
  listProfiles,
  previewBulkProfile,
  setContactProfile,
  type AdminContactFilter,
  type BulkProfileMode,
  type Profile,
} from '@billfold/db';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { AdminError, FieldErrors } from './admin-errors.js';
import { adminHandler, bodyFields, optionalId, paging, parseId } from './handler.js';

/** Query of `GET /api/v1/admin/contacts`; flags are `1`/`0` or `true`/`false`. */
export interface ContactQuery {
  search?: string;
  company_id?: string;
  profile_id?: string;
  default_billing?: string;
  has_email?: string;
  inactive?: string;
  page?: string;
  per_page?: string;
}

function flag(value: string | undefined): boolean | undefined {
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return undefined;
}

/** Turns the contacts query string into a filter. */
export function contactFilter(query: ContactQuery): AdminContactFilter {
  const filter: AdminContactFilter = {};
  const search = query.search?.trim().slice(0, 200);
  if (search) filter.search = search;
  const companyId = optionalId(query.company_id);
  if (companyId !== undefined) filter.companyId = companyId;
  const profileId = optionalId(query.profile_id);
  if (profileId !== undefined) filter.profileId = profileId;
  const defaultBilling = flag(query.default_billing);
  if (defaultBilling !== undefined) filter.defaultBilling = defaultBilling;
  const hasEmail = flag(query.has_email);
  if (hasEmail !== undefined) filter.hasEmail = hasEmail;
  const inactive = flag(query.inactive);
  if (inactive !== undefined) filter.inactive = inactive;
  return filter;
}

/** A profile as the admin API returns it. */
export function profileView(profile: Profile) {
  return {
    id: profile.id,
    name: profile.name,
    view_invoices: profile.can_view_invoices === 1,
    download_pdf: profile.can_download_pdf === 1,
    pay: profile.can_pay === 1,
    revoke: profile.is_revoke === 1,
    builtin: profile.is_builtin === 1,
  };
}

interface BulkBody {
  profile_id?: unknown;
  mode?: unknown;
}

async function parseBulk(ctx: AppContext, tenantId: number, body: BulkBody | undefined) {
  const fields: Record<string, string> = {};
  const mode = body?.mode;
  if (mode !== 'only_revoked' && mode !== 'all') {
    fields.mode = 'Choose "only those still at Revoke Access" or "all default billing contacts".';
  }
  const profile =
    typeof body?.profile_id === 'number' || typeof body?.profile_id === 'string'
      ? await findProfile(ctx.db, tenantId, Number(body.profile_id))
      : undefined;
  if (profile === undefined) fields.profile_id = 'Choose the profile to give.';
  if (profile === undefined || Object.keys(fields).length > 0) throw new FieldErrors(fields);
  return { mode: mode as BulkProfileMode, profile };
}

/** Client users, profiles and the bulk profile update. */
export async function contactRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;

  app.get(
    '/api/v1/admin/contacts',
    adminHandler<unknown, ContactQuery>(ctx, {}, async ({ query, tenant }) => {
      const page = paging(query);
      const result = await listAdminContacts(ctx.db, tenant.id, contactFilter(query), page);
      return { data: result.rows, total: result.total, page: page.page, per_page: page.perPage };
    }),
  );

  app.put(
    '/api/v1/admin/contacts/:id/profile',
    bodyFields('profile_id'),
    adminHandler<{ profile_id?: unknown }, unknown, { id: string }>(
      ctx,
      {},
      async ({ body, params, tenant }) => {
        const contactId = parseId(params.id);
        const profileId = parseId(body?.profile_id);
        if (!(await setContactProfile(ctx.db, tenant.id, contactId, profileId))) {
          throw new AdminError('not_found', 'No such contact or profile exists for this portal.');
        }
        return { id: contactId, profile_id: profileId };
      },
    ),
  );

  app.get(
    '/api/v1/admin/profiles',
    adminHandler(ctx, {}, async ({ tenant }) => ({
      data: (await listProfiles(ctx.db, tenant.id)).map(profileView),
    })),
  );

  app.post(
    '/api/v1/admin/profiles',
    bodyFields('name', 'view_invoices', 'download_pdf', 'pay'),
    adminHandler<Record<string, unknown>>(ctx, {}, async ({ body, reply, tenant }) => {
      const name = typeof body.name === 'string' ? body.name.trim() : '';
      if (name === '' || name.length > 80) {
        throw new FieldErrors({ name: 'Enter a profile name of 1 to 80 characters.' });
      }
      const existing = await listProfiles(ctx.db, tenant.id);
      if (existing.some((profile) => profile.name.toLowerCase() === name.toLowerCase())) {
        throw new FieldErrors({ name: `A profile named "${name}" exists. Choose another name.` });
      }
      const on = (value: unknown) => value === true || value === 'on' || value === 'true';
      const profile = await createProfile(
        ctx.db,
        tenant.id,
        {
          name,
          canViewInvoices: on(body.view_invoices),
          canDownloadPdf: on(body.download_pdf),
          canPay: on(body.pay),
        },
        ctx.now(),
      );
      return reply.code(201).send(profileView(profile));
    }),
  );

  app.delete(
    '/api/v1/admin/profiles/:id',
    adminHandler<unknown, unknown, { id: string }>(ctx, {}, async ({ params, reply, tenant }) => {
      const profile = await findProfile(ctx.db, tenant.id, parseId(params.id));
      if (profile === undefined) throw new AdminError('not_found');
      if (profile.is_revoke === 1) {
        throw new AdminError('conflict', 'Revoke Access is built in and cannot be deleted.');
      }
      if (!(await deleteProfile(ctx.db, tenant.id, profile.id))) {
        throw new AdminError('conflict', 'Contacts still use this profile. Move them first.');
      }
      return reply.code(204).send();
    }),
  );

  app.post(
    '/api/v1/admin/bulk-profile/preview',
    bodyFields('profile_id', 'mode'),
    adminHandler<BulkBody>(ctx, {}, async ({ body, tenant }) => {
      const { mode } = await parseBulk(ctx, tenant.id, body);
      return previewBulkProfile(ctx.db, tenant.id, mode);
    }),
  );

  app.post(
    '/api/v1/admin/bulk-profile/apply',
    bodyFields('profile_id', 'mode'),
    adminHandler<BulkBody>(ctx, {}, async ({ request, body, tenant, principal }) => {
      const { mode, profile } = await parseBulk(ctx, tenant.id, body);
      const updated = await applyBulkProfile(ctx.db, tenant.id, mode, profile.id);
      request.log.info(
        { tenantId: tenant.id, userId: principal.userId, mode, profileId: profile.id, updated },
        'bulk profile update applied',
      );
      return { updated };
    }),
  );
}
