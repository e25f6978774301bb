import { ManageApiError, codeForStatus } from './errors.js';
import type { ManagePayment, ManageProduct } from './types.js';

/** Where and as whom to reach a Manage site's REST API. */
export interface ManageConnection {
  /** The site origin, e.g. `https://na.myconnectwise.net`; the API path is appended. */
  url: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  /** The integration's `clientId` from the ConnectWise developer portal. */
  clientId: string;
}

/** Options for {@link ManageClient}. */
export interface ManageClientOptions {
  /** The fetch implementation. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Time limit for one HTTP request, in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt for 429, 5xx, network errors and timeouts. Default 6. */
  maxRetries?: number;
  /** First backoff delay in milliseconds; doubles per retry, with full jitter. Default 500. */
  baseDelayMs?: number;
  /** Maximum wait before one retry, in milliseconds, `Retry-After` included. Default 60 000. */
  maxDelayMs?: number;
  /** Waits between retries; tests pass a recorder. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /** Random source for jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Cancels requests in flight and pending retries. */
  signal?: AbortSignal;
}

/** Query parameters of a list request. */
export interface ListOptions {
  /** A Manage conditions expression, e.g. `id > 100 and deletedFlag = false`. */
  conditions?: string;
  orderBy?: string;
  /** 1-based page number. Default 1. */
  page?: number;
  /** Records per page, at most 1000. Default 1000. */
  pageSize?: number;
  /** Comma-separated field list, e.g. `id`, to fetch less. */
  fields?: string;
}

/** One page of a list request. */
export interface ListPage<T> {
  items: T[];
  /** Whether the `Link` header names a `rel="next"` page. */
  hasNext: boolean;
}

/** The REST API's path below the site origin. */
export const MANAGE_API_BASE = '/v4_6_release/apis/3.0/';
/** Manage's largest page size. */
export const MAX_PAGE_SIZE = 1000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A client of the ConnectWise Manage REST API with Basic auth, the `clientId` header,
 * a per-request timeout, and retries with exponential backoff and full jitter on 429,
 * 5xx and network errors (honouring `Retry-After`). Other 4xx fail at once.
 *
 * @example
 * const client = new ManageClient({ url, companyId, publicKey, privateKey, clientId });
 * const { items } = await client.list('company/companies', { conditions: 'id > 0' });
 */
export class ManageClient {
  readonly #baseUrl: string;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #signal: AbortSignal | undefined;

  constructor(connection: ManageConnection, options: ManageClientOptions = {}) {
    this.#baseUrl = new URL(MANAGE_API_BASE, connection.url).toString();
    const credentials = `${connection.companyId}+${connection.publicKey}:${connection.privateKey}`;
    this.#headers = {
      authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
      clientId: connection.clientId,
      accept: 'application/json',
    };
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxRetries = options.maxRetries ?? 6;
    this.#baseDelayMs = options.baseDelayMs ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 60_000;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
    this.#signal = options.signal;
  }

  /** Fetches one page of records from a list endpoint such as `finance/invoices`. */
  async list<T>(path: string, options: ListOptions = {}): Promise<ListPage<T>> {
    const query = new URLSearchParams();
    if (options.conditions) query.set('conditions', options.conditions);
    if (options.orderBy) query.set('orderBy', options.orderBy);
    if (options.fields) query.set('fields', options.fields);
    query.set('page', String(options.page ?? 1));
    query.set('pageSize', String(Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE)));

    const response = await this.#request(`${path}?${query.toString()}`);
    const items = await readJson(response, path);
    if (!Array.isArray(items)) {
      throw new ManageApiError(
        'manage_invalid_response',
        response.status,
        `Manage returned no list for ${path}.`,
      );
    }
    return { items: items as T[], hasNext: hasNextLink(response.headers.get('link')) };
  }

  /** Counts the records of a list endpoint matching `conditions`, via its `/count` path. */
  async count(path: string, conditions?: string): Promise<number> {
    const query = conditions ? `?${new URLSearchParams({ conditions }).toString()}` : '';
    const response = await this.#request(`${path}/count${query}`);
    const body = (await readJson(response, path)) as { count?: unknown } | null;
    const count = Number(body?.count);
    if (!Number.isFinite(count)) {
      throw new ManageApiError(
        'manage_invalid_response',
        response.status,
        `Manage returned no count for ${path}.`,
      );
    }
    return count;
  }

  /** Downloads the PSA's PDF rendering of an invoice. */
  async getInvoicePdf(psaInvoiceId: number): Promise<Uint8Array> {
    const response = await this.#request(`finance/invoices/${psaInvoiceId}/pdf`, 'application/pdf');
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Lists the payments applied to an invoice. */
  async getInvoicePayments(psaInvoiceId: number): Promise<ManagePayment[]> {
    const path = `finance/invoices/${psaInvoiceId}/payments`;
    const body = await readJson(await this.#request(path), path);
    return Array.isArray(body) ? (body as ManagePayment[]) : [];
  }

  /** Lists an invoice's line items (`procurement/products` with `invoice/id = N`), in id order. */
  async getInvoiceLines(psaInvoiceId: number): Promise<ManageProduct[]> {
    const lines: ManageProduct[] = [];
    for (let page = 1; ; page++) {
      const result = await this.list<ManageProduct>('procurement/products', {
        conditions: `invoice/id=${psaInvoiceId}`,
        orderBy: 'id asc',
        page,
      });
      lines.push(...result.items);
      if (!result.hasNext || result.items.length === 0) return lines;
    }
  }

  // Sends a GET, retrying what may succeed later. Returns only 2xx responses.
  async #request(path: string, accept?: string): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#attempt(path, accept);
      if (outcome instanceof Response) return outcome;

      const error = outcome.error;
      if (!error.retryable || attempt >= this.#maxRetries || this.#signal?.aborted) throw error;
      await this.#sleep(this.#retryDelay(attempt, outcome.retryAfter));
      if (this.#signal?.aborted) throw abortedError(path);
    }
  }

  async #attempt(
    path: string,
    accept: string | undefined,
  ): Promise<Response | { error: ManageApiError; retryAfter: string | null }> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = this.#signal ? AbortSignal.any([timeout, this.#signal]) : timeout;
    let response: Response;
    try {
      response = await this.#fetch(this.#baseUrl + path, {
        headers: accept ? { ...this.#headers, accept } : this.#headers,
        redirect: 'error',
        signal,
      });
    } catch (cause) {
      if (this.#signal?.aborted) throw abortedError(path);
      const timedOut = timeout.aborted;
      const code = timedOut ? 'manage_timeout' : 'manage_network_error';
      const what = timedOut ? `timed out after ${this.#timeoutMs} ms` : 'could not be reached';
      return {
        error: new ManageApiError(code, 0, `Manage ${what} for ${stripQuery(path)}.`, { cause }),
        retryAfter: null,
      };
    }
    if (response.ok) return response;

    // Drain the body so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    const message =
      `Manage returned HTTP ${response.status} for ${stripQuery(path)}` +
      (response.status === 401 ? '; check the company id and API keys.' : '.');
    return {
      error: new ManageApiError(codeForStatus(response.status), response.status, message),
      retryAfter: response.headers.get('retry-after'),
    };
  }

  #retryDelay(attempt: number, retryAfter: string | null): number {
    const requested = parseRetryAfter(retryAfter, Date.now());
    if (requested !== null) return Math.min(requested, this.#maxDelayMs);
    const ceiling = Math.min(this.#baseDelayMs * 2 ** attempt, this.#maxDelayMs);
    return Math.round(this.#random() * ceiling);
  }
}

/**
 * Reads a `Retry-After` header, given as seconds or as an HTTP date, as a delay in
 * milliseconds from `now`. Returns null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Tells whether a `Link` header has a `rel="next"` entry. */
export function hasNextLink(header: string | null): boolean {
  if (header === null) return false;
  return header.split(',').some((part) => /;\s*rel="?next"?/i.test(part));
}

async function readJson(response: Response, path: string): Promise<unknown> {
  try {
    return await response.json();
  } catch (cause) {
    const message = `Manage returned a body that is not JSON for ${stripQuery(path)}.`;
    throw new ManageApiError('manage_invalid_response', response.status, message, { cause });
  }
}

function abortedError(path: string): ManageApiError {
  return new ManageApiError(
    'manage_aborted',
    0,
    `The request for ${stripQuery(path)} was cancelled.`,
  );
}

// Conditions can be long, and the path alone identifies which call failed.
function stripQuery(path: string): string {
  const index = path.indexOf('?');
  return index === -1 ? path : path.slice(0, index);
}
