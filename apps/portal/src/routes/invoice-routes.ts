import { getInvoiceForCompany, listInvoices, type InvoiceStatusFilter } from '@billfold/db';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { decodeCursor, encodeCursor } from '../invoices/cursor.js';
import { loadInvoiceDetails } from '../invoices/details.js';
import { isoDate, toDetail, toSummary } from '../invoices/present.js';
import { renderInvoicePdf } from '../invoices/render-pdf.js';
import { authenticate } from '../sessions/authenticate.js';
import {
  errorResponses,
  invoiceDetailSchema,
  invoiceListSchema,
  invoiceParamsSchema,
  noQuerySchema,
} from './schemas.js';
import { requirePermission } from './session-routes.js';

interface ListQuery {
  status: InvoiceStatusFilter;
  limit: number;
  cursor?: string;
}

/**
 * Registers the invoice API. Every query takes its tenant and company from the session and never
 * from the request, so no id a client sends can reach another company's invoice.
 */
export async function invoiceRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;

  app.get<{ Querystring: ListQuery }>(
    '/api/v1/invoices',
    {
      schema: {
        summary: 'One page of the company’s invoices, newest due date first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['open', 'paid', 'all'], default: 'all' },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
            cursor: { type: 'string', minLength: 1, maxLength: 200 },
          },
        },
        response: { 200: invoiceListSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const session = await authenticate(ctx, request);
      const { status, limit, cursor } = request.query;
      const after = cursor === undefined ? null : decodeCursor(cursor);

      // Fetching one row more than the page shows reveals whether another page follows.
      const rows = await listInvoices(ctx.db, {
        tenantId: session.tenantId,
        companyId: session.companyId,
        status,
        limit: limit + 1,
        after,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const today = isoDate(ctx.now());
      return {
        data: page.map((row) => toSummary(row, today)),
        next_cursor:
          rows.length > limit && last !== undefined
            ? encodeCursor({ dueDate: last.due_date, id: last.id })
            : null,
      };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/v1/invoices/:id',
    {
      schema: {
        summary: 'One invoice with its lines and payments',
        params: invoiceParamsSchema,
        querystring: noQuerySchema,
        response: { 200: invoiceDetailSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const session = await authenticate(ctx, request);
      const invoice = await getInvoiceForCompany(
        ctx.db,
        session.tenantId,
        session.companyId,
        request.params.id,
      );
      if (invoice === undefined) throw new ApiError('invoice_not_found');

      const details = await loadInvoiceDetails(ctx, invoice, request.log);
      return toDetail(
        invoice,
        details.lines,
        details.payments,
        isoDate(ctx.now()),
        details.unavailable,
      );
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/v1/invoices/:id/pdf',
    {
      schema: {
        summary: 'The invoice as a PDF download',
        params: invoiceParamsSchema,
        querystring: noQuerySchema,
        response: errorResponses(400, 401, 403, 404),
      },
    },
    async (request, reply) => {
      const session = await authenticate(ctx, request);
      requirePermission(session.state.profile_can_download_pdf === 1);
      const invoice = await getInvoiceForCompany(
        ctx.db,
        session.tenantId,
        session.companyId,
        request.params.id,
      );
      if (invoice === undefined) throw new ApiError('invoice_not_found');

      let pdf: Uint8Array;
      try {
        pdf = await ctx.invoiceSource().getInvoicePdf(invoice.psa_id);
      } catch (error) {
        request.log.warn(
          { err: error, invoiceId: invoice.id },
          'psa pdf unavailable, rendering one',
        );
        const details = await loadInvoiceDetails(ctx, invoice, request.log);
        pdf = await renderInvoicePdf({
          invoice,
          companyName: session.state.company_name,
          lines: details.lines,
          payments: details.payments,
        });
      }

      const filename = `invoice-${invoice.invoice_number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(Buffer.from(pdf));
    },
  );
}
