import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { buildCollections } from './collections.js';
import { parseConditions, pinnedIds, type FieldSpec } from './conditions.js';
import {
  ApiError,
  conditionPredicate,
  linkHeader,
  lowerKeys,
  selectRows,
  pageParams,
  type Collection,
  type Query,
} from './paging.js';
import type { Company, Contact, SimData } from './data.js';
import { pickFields } from './fields.js';
import { deriveLines, type InvoiceLine } from './invoices.js';
import { renderPdf } from './pdf.js';
import { createRandom, type Random } from './random.js';
import {
  companyJson,
  contactJson,
  invoiceJson,
  isoSeconds,
  money,
  paymentJson,
  productJson,
} from './serialize.js';

/** The REST API's path prefix, as on a cloud Manage site. */
export const API_PREFIX = '/v4_6_release/apis/3.0';
const NO_ROWS = { offset: 0, limit: 0 };

/** Credentials and behaviour of the REST API. */
export interface ApiOptions {
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  rateLimitPerSecond?: number;
  faults?: { status5xxRate?: number; slowMs?: number; seed?: number };
}

/** Registers the REST routes, with auth, rate limiting and fault injection in front. */
export function registerApi(app: FastifyInstance, data: SimData, options: ApiOptions): void {
  const collections = buildCollections(data);
  const guard = createGuard(options);

  app.register(
    async (api) => {
      api.addHook('onRequest', guard);
      api.setErrorHandler((error, _request, reply) => {
        if (error instanceof ApiError)
          return reply.code(error.statusCode).send({ code: error.code, message: error.message });
        const status = (error as { statusCode?: number }).statusCode ?? 500;
        return reply.code(status).send({
          code: status < 500 ? 'InvalidObject' : 'InternalError',
          message: (error as Error).message,
        });
      });

      for (const [path, collection] of Object.entries(collections)) {
        api.get(`/${path}`, (request, reply) =>
          sendPage(collection as Collection<unknown>, request, reply),
        );
        api.get(`/${path}/count`, (request) => ({
          count: selectRows(collection as Collection<unknown>, lowerKeys(request.query), NO_ROWS)
            .total,
        }));
      }
      api.get('/company/companies/:id', (request) =>
        companyJson(data, findCompany(data, idParam(request))),
      );
      api.get('/company/contacts/:id', (request) =>
        contactJson(data, findContact(data, idParam(request))),
      );
      api.get('/finance/invoices/:id', (request) =>
        invoiceJson(data, data.invoices.row(invoiceIndex(data, idParam(request)))),
      );
      api.get('/finance/invoices/:id/payments', (request) => {
        const index = invoiceIndex(data, idParam(request));
        const invoice = data.invoices.row(index);
        return data.invoices.paymentsOf(index).map((payment) => paymentJson(invoice, payment));
      });
      api.get('/finance/invoices/:id/pdf', (request, reply) =>
        sendPdf(data, idParam(request), reply),
      );
      api.get('/procurement/products', (request, reply) => sendProducts(data, request, reply));
      api.get('/procurement/products/count', (request) => ({
        count: productRows(data, lowerKeys(request.query)).length,
      }));
    },
    { prefix: API_PREFIX },
  );
}

/** Rejects unauthenticated requests, then applies the rate limit and injected faults. */
function createGuard(options: ApiOptions) {
  const expectedUser = `${options.companyId}+${options.publicKey}`.toLowerCase();
  const faults = options.faults ?? {};
  const faultRandom: Random = createRandom(faults.seed ?? 1);
  let windowStart = 0;
  let windowCount = 0;

  return async (request: FastifyRequest, reply: FastifyReply) => {
    const authFailure = checkAuth(request, expectedUser, options);
    if (authFailure !== null)
      return reply
        .code(authFailure.statusCode)
        .send({ code: authFailure.code, message: authFailure.message });

    if (options.rateLimitPerSecond !== undefined) {
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        windowCount = 0;
      }
      windowCount += 1;
      if (windowCount > options.rateLimitPerSecond) {
        const retryAfter = Math.max(1, Math.ceil((windowStart + 1000 - now) / 1000));
        return reply
          .code(429)
          .header('retry-after', String(retryAfter))
          .send({
            code: 'TooManyRequests',
            message: `More than ${options.rateLimitPerSecond} requests per second; retry after ${retryAfter} s.`,
          });
      }
    }

    if (faults.slowMs !== undefined && faults.slowMs > 0)
      await new Promise((resolve) => setTimeout(resolve, faults.slowMs));
    if (faults.status5xxRate !== undefined && faultRandom.chance(faults.status5xxRate)) {
      return reply.code(503).send({
        code: 'ServiceUnavailable',
        message: 'Injected fault: the server is temporarily unavailable.',
      });
    }
    return undefined;
  };
}

function checkAuth(
  request: FastifyRequest,
  expectedUser: string,
  options: ApiOptions,
): ApiError | null {
  const header = request.headers.authorization ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (match === null)
    return new ApiError(
      401,
      'Unauthorized',
      'Send HTTP Basic credentials "companyId+publicKey:privateKey".',
    );

  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = decoded.slice(0, colon).toLowerCase();
  const password = decoded.slice(colon + 1);
  if (colon < 0 || user !== expectedUser || password !== options.privateKey) {
    return new ApiError(401, 'Unauthorized', 'The companyId, public key or private key is wrong.');
  }

  const clientId = request.headers.clientid;
  if (clientId === undefined || clientId === '')
    return new ApiError(401, 'Unauthorized', 'The clientId header is missing.');
  if (clientId !== options.clientId)
    return new ApiError(403, 'Forbidden', 'The clientId header names an unknown integration.');
  return null;
}

function sendPage<R>(collection: Collection<R>, request: FastifyRequest, reply: FastifyReply) {
  const query = lowerKeys(request.query);
  const { page, pageSize } = pageParams(query);
  const { rows, total } = selectRows(collection, query, {
    offset: (page - 1) * pageSize,
    limit: pageSize,
  });
  const link = linkHeader(request, page, pageSize, total);
  if (link !== '') reply.header('link', link);
  return rows.map((row) => pickFields(collection.toJson(row), query.fields));
}

function idParam(request: FastifyRequest): number {
  const raw = (request.params as { id?: string }).id ?? '';
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1)
    throw new ApiError(400, 'InvalidObject', `id "${raw}" must be a positive integer.`);
  return id;
}

function findCompany(data: SimData, id: number): Company {
  const company = data.companies[id - 1];
  if (company === undefined)
    throw new ApiError(404, 'NotFound', `Company recId ${id} was not found.`);
  return company;
}

function findContact(data: SimData, id: number): Contact {
  const contact = data.contacts[id - 1];
  if (contact === undefined || contact.mergedIntoId !== null)
    throw new ApiError(404, 'NotFound', `Contact recId ${id} was not found.`);
  return contact;
}

function invoiceIndex(data: SimData, id: number): number {
  if (id > data.invoices.count)
    throw new ApiError(404, 'NotFound', `Invoice recId ${id} was not found.`);
  return id - 1;
}

function sendPdf(data: SimData, id: number, reply: FastifyReply) {
  const invoice = data.invoices.row(invoiceIndex(data, id));
  const company = data.companies[invoice.companyId - 1];
  const json = invoiceJson(data, invoice);
  const code = json.currency?.currencyCode ?? '';
  const lines = [
    `Bill to: ${company?.name ?? ''}`,
    `Invoice date: ${isoSeconds(invoice.date).slice(0, 10)}`,
    `Due date: ${isoSeconds(invoice.dueDate).slice(0, 10)}`,
    `Status: ${json.status.name}`,
    '',
    ...deriveLines(data.seed, invoice.id, invoice.subtotalCents).map(
      (line) =>
        `${line.quantity} x ${line.description} @ ${money(line.priceCents).toFixed(2)} = ${money(line.extendedCents).toFixed(2)}`,
    ),
    '',
    `Subtotal: ${code} ${money(invoice.subtotalCents).toFixed(2)}`,
    `Sales tax: ${code} ${money(invoice.salesTaxCents).toFixed(2)}`,
    `Total: ${code} ${money(invoice.totalCents).toFixed(2)}`,
    `Payments and credits: ${code} ${money(invoice.paymentsCents + invoice.creditsCents).toFixed(2)}`,
    `Balance: ${code} ${money(invoice.balanceCents).toFixed(2)}`,
  ];
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${invoice.invoiceNumber}.pdf"`)
    .send(renderPdf(`Invoice ${invoice.invoiceNumber}`, lines));
}

interface ProductRow {
  invoiceId: number;
  line: InvoiceLine;
}

const PRODUCT_FIELDS: Record<string, FieldSpec<ProductRow>> = {
  id: { type: 'number', get: (row) => row.line.id },
  'invoice/id': { type: 'number', get: (row) => row.invoiceId },
};

/** Lists invoice lines; the condition must pin `invoice/id = N` (see the README). */
function productRows(data: SimData, query: Query): ProductRow[] {
  const conditions = query.conditions ?? '';
  const predicate = conditionPredicate(PRODUCT_FIELDS, conditions);
  const invoiceIds =
    conditions.trim() === ''
      ? null
      : pinnedIds(parseConditions(conditions, PRODUCT_FIELDS), 'invoice/id');
  if (invoiceIds === null) {
    throw new ApiError(
      400,
      'InvalidObject',
      `conditions "${conditions}" must include invoice/id = N: the simulator lists products per invoice only.`,
    );
  }

  const rows: ProductRow[] = [];
  for (const invoiceId of [...new Set(invoiceIds)].sort((a, b) => a - b)) {
    if (invoiceId < 1 || invoiceId > data.invoices.count) continue;
    const subtotal = data.invoices.subtotal[invoiceId - 1]!;
    for (const line of deriveLines(data.seed, invoiceId, subtotal)) {
      const row = { invoiceId, line };
      if (predicate(row)) rows.push(row);
    }
  }
  return rows;
}

function sendProducts(data: SimData, request: FastifyRequest, reply: FastifyReply) {
  const query = lowerKeys(request.query);
  const { page, pageSize } = pageParams(query);
  const rows = productRows(data, query);
  const link = linkHeader(request, page, pageSize, rows.length);
  if (link !== '') reply.header('link', link);
  return rows
    .slice((page - 1) * pageSize, page * pageSize)
    .map((row) => productJson(row.invoiceId, row.line));
}
