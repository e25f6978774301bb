import type { InvoiceDetail, InvoicePage, Me, SessionCreated, StatusFilter } from './api-types.js';

/**
 * A failed call to the portal API. `status` is the HTTP status (0 when the request never got
 * a response), `code` the API's `error.code` or a code made here, and `reasons` the
 * eligibility reason codes of a `403 not_eligible`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly reasons: string[];

  constructor(status: number, code: string, message: string, reasons: string[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.reasons = reasons;
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
  reasons?: unknown;
}

async function readError(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};

  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // A body that is not JSON (a proxy's HTML page, say) still yields a coded error below.
  }

  const code = typeof body.error?.code === 'string' ? body.error.code : `http_${response.status}`;
  const message =
    typeof body.error?.message === 'string' ? body.error.message : `HTTP ${response.status}`;
  const reasons = Array.isArray(body.reasons)
    ? body.reasons.filter((reason): reason is string => typeof reason === 'string')
    : [];

  return new ApiError(response.status, code, message, reasons);
}

/**
 * A small client of the portal's `/api/v1` endpoints. The access token lives only in this
 * object's memory and travels only in the `Authorization` header.
 */
export class ApiClient {
  readonly #portal: string;
  #accessToken: string | undefined;

  /** Creates a client for the portal at `portal` (an origin such as `https://acme.billfold.example`). */
  constructor(portal: string, accessToken?: string) {
    this.#portal = portal.replace(/\/+$/, '');
    this.#accessToken = accessToken;
  }

  /** Whether the client has an access token. */
  get hasSession(): boolean {
    return this.#accessToken !== undefined;
  }

  /** Exchanges a launch token for a session and keeps its access token. */
  async createSession(launchToken: string): Promise<SessionCreated> {
    const created = await this.#request<SessionCreated>('/api/v1/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ launch_token: launchToken }),
    });

    this.#accessToken = created.access_token;
    return created;
  }

  /** Fetches the signed-in contact, customer and permissions. */
  me(): Promise<Me> {
    return this.#request<Me>('/api/v1/me');
  }

  /** Fetches one page of invoices; `cursor` is the previous page's `next_cursor`. */
  listInvoices(status: StatusFilter, limit: number, cursor?: string | null): Promise<InvoicePage> {
    const query = new URLSearchParams({ status, limit: String(limit) });
    if (cursor) query.set('cursor', cursor);

    return this.#request<InvoicePage>(`/api/v1/invoices?${query.toString()}`);
  }

  /** Fetches one invoice with its lines and payments. */
  getInvoice(id: string | number): Promise<InvoiceDetail> {
    return this.#request<InvoiceDetail>(`/api/v1/invoices/${encodeURIComponent(String(id))}`);
  }

  /** Fetches an invoice's PDF as a Blob. */
  async getInvoicePdf(id: string | number): Promise<Blob> {
    const path = `/api/v1/invoices/${encodeURIComponent(String(id))}/pdf`;
    const response = await this.#fetch(path, {});

    return response.blob();
  }

  async #request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await this.#fetch(path, init);

    return (await response.json()) as T;
  }

  async #fetch(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#accessToken) headers.set('authorization', `Bearer ${this.#accessToken}`);

    let response: Response;
    try {
      response = await fetch(`${this.#portal}${path}`, {
        ...init,
        headers,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network_error', `The portal at ${this.#portal} could not be reached.`);
    }

    if (!response.ok) throw await readError(response);

    return response;
  }
}
