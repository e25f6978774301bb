import { errorBodySchema } from '../errors.js';

// JSON schemas shared by the API routes. They drive validation, fast serialisation and
// the published OpenAPI document, so a field exists in all three or in none.

/** A contact as the API shows it. */
export const contactSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    email: { type: ['string', 'null'] },
  },
  required: ['id', 'name', 'email'],
} as const;

/** A customer (company) as the API shows it. */
export const customerSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { id: { type: 'integer' }, name: { type: 'string' } },
  required: ['id', 'name'],
} as const;

/** Body of a successful `POST /api/v1/sessions`. */
export const sessionCreatedSchema = {
  type: 'object',
  properties: {
    access_token: { type: 'string' },
    expires_at: { type: 'string', format: 'date-time' },
    contact: contactSchema,
    customer: customerSchema,
  },
  required: ['access_token', 'expires_at', 'contact', 'customer'],
} as const;

/** Body of a rejected launch: the error plus every eligibility reason code. */
export const notEligibleSchema = {
  type: 'object',
  properties: {
    error: errorBodySchema.properties.error,
    reasons: { type: 'array', items: { type: 'string' } },
  },
  required: ['error', 'reasons'],
} as const;

/** Body of `GET /api/v1/me`. */
export const meSchema = {
  type: 'object',
  properties: {
    contact: contactSchema,
    customer: customerSchema,
    permissions: {
      type: 'object',
      properties: {
        view_invoices: { type: 'boolean' },
        download_pdf: { type: 'boolean' },
        pay: { type: 'boolean' },
      },
      required: ['view_invoices', 'download_pdf', 'pay'],
    },
    session: {
      type: 'object',
      properties: { expires_at: { type: 'string', format: 'date-time' } },
      required: ['expires_at'],
    },
  },
  required: ['contact', 'customer', 'permissions', 'session'],
} as const;

const summaryProperties = {
  id: { type: 'integer' },
  number: { type: 'string' },
  date: { type: 'string', format: 'date' },
  due_date: { type: 'string', format: 'date' },
  currency: { type: 'string' },
  total: { type: 'integer', description: 'Minor units of currency.' },
  balance: { type: 'integer', description: 'Minor units of currency.' },
  status: { type: 'string', enum: ['open', 'paid'] },
  status_name: { type: 'string' },
  overdue: { type: 'boolean' },
} as const;

const summaryRequired = [
  'id',
  'number',
  'date',
  'due_date',
  'currency',
  'total',
  'balance',
  'status',
  'status_name',
  'overdue',
] as const;

/** One row of the invoice list. */
export const invoiceSummarySchema = {
  type: 'object',
  properties: summaryProperties,
  required: summaryRequired,
} as const;

/** Body of `GET /api/v1/invoices`. */
export const invoiceListSchema = {
  type: 'object',
  properties: {
    data: { type: 'array', items: invoiceSummarySchema },
    next_cursor: { type: ['string', 'null'] },
  },
  required: ['data', 'next_cursor'],
} as const;

/** Body of `GET /api/v1/invoices/:id`. */
export const invoiceDetailSchema = {
  type: 'object',
  properties: {
    ...summaryProperties,
    subtotal: { type: 'integer' },
    sales_tax: { type: 'integer' },
    payments_total: { type: 'integer' },
    credits: { type: 'integer' },
    customer_po: { type: ['string', 'null'] },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          line_no: { type: 'integer' },
          description: { type: 'string' },
          quantity: { type: 'number' },
          unit_price: { type: 'integer' },
          amount: { type: 'integer' },
        },
        required: ['line_no', 'description', 'quantity', 'unit_price', 'amount'],
      },
    },
    payments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          paid_on: { type: 'string', format: 'date' },
          amount: { type: 'integer' },
          method: { type: ['string', 'null'] },
        },
        required: ['paid_on', 'amount', 'method'],
      },
    },
    lines_unavailable: {
      type: 'boolean',
      description: 'Present and true when the PSA could not be reached for lines and payments.',
    },
  },
  required: [
    ...summaryRequired,
    'subtotal',
    'sales_tax',
    'payments_total',
    'credits',
    'customer_po',
    'lines',
    'payments',
  ],
} as const;

/** Path parameters of the invoice routes. */
export const invoiceParamsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { id: { type: 'integer', minimum: 1, maximum: 9007199254740991 } },
  required: ['id'],
} as const;

/** A route that takes no query parameters at all. */
export const noQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {},
} as const;

/** Error responses, keyed by status, for route schemas. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorBodySchema> {
  return Object.fromEntries(statuses.map((status) => [status, errorBodySchema]));
}
