import { countRejectionsByReason, listSsoEventsPage, type SsoEventFilter } from '@billfold/db';
import { REASON_CODES } from '@billfold/eligibility';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { adminHandler, optionalId, paging } from './handler.js';

/** Query of `GET /api/v1/admin/sso-events`; `from` and `to` are ISO dates or timestamps. */
export interface EventQuery {
  outcome?: string;
  reason?: string;
  contact_id?: string;
  from?: string;
  to?: string;
  page?: string;
  per_page?: string;
}

const DAY_MS = 24 * 60 * 60_000;

function time(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Turns the activity query string into a filter; unknown values are ignored. */
export function eventFilter(query: EventQuery): SsoEventFilter {
  const filter: SsoEventFilter = {};
  if (query.outcome === 'success' || query.outcome === 'rejected') filter.outcome = query.outcome;
  if (query.reason !== undefined && (REASON_CODES as readonly string[]).includes(query.reason)) {
    filter.reason = query.reason;
  }
  const contactId = optionalId(query.contact_id);
  if (contactId !== undefined) filter.contactId = contactId;
  const from = time(query.from);
  if (from !== undefined) filter.from = from;
  const to = time(query.to);
  if (to !== undefined) filter.to = to;
  return filter;
}

/** Counts of rejections per reason code over the last day and week. */
export async function reasonSummary(ctx: AppContext, tenantId: number) {
  const now = ctx.now();
  return {
    day: await countRejectionsByReason(ctx.db, tenantId, now - DAY_MS),
    week: await countRejectionsByReason(ctx.db, tenantId, now - 7 * DAY_MS),
  };
}

/** `GET /api/v1/admin/sso-events` and its per-reason summary. */
export async function activityRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;

  app.get(
    '/api/v1/admin/sso-events',
    adminHandler<unknown, EventQuery>(ctx, {}, async ({ query, tenant }) => {
      const page = paging(query, 50);
      const result = await listSsoEventsPage(ctx.db, tenant.id, eventFilter(query), page);
      return {
        data: result.rows.map((row) => ({
          id: row.id,
          at: new Date(row.at).toISOString(),
          provider: row.provider,
          outcome: row.outcome,
          reasons: row.reasons.split(' ').filter((code) => code !== ''),
          contact_id: row.contact_id,
          psa_contact_id: row.psa_contact_id,
          email_masked: row.email_masked,
        })),
        total: result.total,
        page: page.page,
        per_page: page.perPage,
      };
    }),
  );

  app.get(
    '/api/v1/admin/sso-events/summary',
    adminHandler(ctx, {}, async ({ tenant }) => reasonSummary(ctx, tenant.id)),
  );
}
