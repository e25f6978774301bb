import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

// Conventions shared by every table, chosen so one set of queries runs on SQLite and
// PostgreSQL alike:
// - ids are integers (SQLite rowid, PostgreSQL bigint identity) read back as numbers;
// - timestamps are Unix epoch milliseconds in bigint columns;
// - calendar dates (invoice date, due date) are ISO `YYYY-MM-DD` text, which sorts correctly;
// - money is an integer count of minor units (cents) in the invoice currency;
// - booleans are integers 0 or 1;
// - every tenant-owned row carries `tenant_id`, and every query filters on it.

/** A 0/1 integer flag; SQLite has no boolean type. */
export type Flag = 0 | 1;

/** An MSP using Billfold; `slug` names it in URLs and the CLI. */
export interface TenantTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** Normalised portal origin, e.g. `https://acme.billfold.example`; the `aud` of launch tokens. */
  portal_origin: string;
  sso_enabled: Generated<Flag>;
  /** `connectwise_portal` or `token_callback`. */
  sso_provider: Generated<string>;
  /** The Customer Portal role a launch must carry, `Billing Admin` by default. */
  required_role: Generated<string>;
  /** Token callback provider: the validation URL called server to server. */
  callback_validation_url: string | null;
  created_at: number;
  updated_at: number;
}

/** A host page origin allowed to frame the widget and to exchange postMessages with it. */
export interface TenantHostOriginTable {
  id: Generated<number>;
  tenant_id: number;
  origin: string;
  created_at: number;
}

/** A launch-token issuer the tenant trusts, with its keys. */
export interface TrustedIssuerTable {
  id: Generated<number>;
  tenant_id: number;
  issuer: string;
  /** JWKS URL, fetched and cached. Null when `jwks_json` contains pasted keys. */
  jwks_url: string | null;
  /** Pasted public keys as a JWKS document (`{"keys": [...]}`). */
  jwks_json: string | null;
  /** JSON array of allowed JWS algorithms, e.g. `["ES256","EdDSA"]`. */
  algorithms: string;
  created_at: number;
  updated_at: number;
}

/** A set of widget permissions for contacts. `is_revoke` marks the built-in Revoke Access. */
export interface ProfileTable {
  id: Generated<number>;
  tenant_id: number;
  name: string;
  can_view_invoices: Generated<Flag>;
  can_download_pdf: Generated<Flag>;
  can_pay: Generated<Flag>;
  is_revoke: Generated<Flag>;
  is_builtin: Generated<Flag>;
  created_at: number;
}

/** A company synced from the PSA: the customer whose invoices its contacts view. */
export interface CompanyTable {
  id: Generated<number>;
  tenant_id: number;
  psa_id: number;
  identifier: string;
  name: string;
  status: string | null;
  currency: string | null;
  deleted: Generated<Flag>;
  psa_updated_at: number;
  synced_at: number;
}

/** A contact synced from the PSA. `company_id` is null until its company is synced. */
export interface ContactTable {
  id: Generated<number>;
  tenant_id: number;
  psa_id: number;
  /** The company id as the PSA reports it, kept so the link can be made when it arrives. */
  psa_company_id: number | null;
  company_id: number | null;
  first_name: string;
  last_name: string;
  /** The default email communication item, as synced. */
  email: string | null;
  /** `email` after trim, Unicode NFC and lower-case; the lookup key. */
  email_normalized: string | null;
  inactive: Generated<Flag>;
  default_billing: Generated<Flag>;
  portal_security_level: string | null;
  deleted: Generated<Flag>;
  profile_id: number;
  psa_updated_at: number;
  synced_at: number;
}

/** An invoice synced from the PSA; amounts are minor units of `currency`. */
export interface InvoiceTable {
  id: Generated<number>;
  tenant_id: number;
  psa_id: number;
  company_id: number;
  invoice_number: string;
  type: string;
  status_name: string;
  is_closed: Generated<Flag>;
  /** ISO date `YYYY-MM-DD`. */
  invoice_date: string;
  /** ISO date `YYYY-MM-DD`. */
  due_date: string;
  currency: string;
  subtotal: number;
  sales_tax: number;
  total: number;
  payments: number;
  credits: number;
  balance: number;
  customer_po: string | null;
  deleted: Generated<Flag>;
  psa_updated_at: number;
  synced_at: number;
}

/** One line of an invoice, for the detail view. */
export interface InvoiceLineTable {
  id: Generated<number>;
  tenant_id: number;
  invoice_id: number;
  line_no: number;
  description: string;
  quantity: number;
  /** Minor units. */
  unit_price: number;
  /** Minor units. */
  amount: number;
}

/** A payment applied to an invoice. */
export interface InvoicePaymentTable {
  id: Generated<number>;
  tenant_id: number;
  invoice_id: number;
  psa_id: number | null;
  paid_on: string;
  amount: number;
  method: string | null;
}

/** A Billfold internal user (MSP staff), who signs in to the admin console. */
export interface InternalUserTable {
  id: Generated<number>;
  tenant_id: number;
  email: string;
  email_normalized: string;
  /** scrypt hash in the form `scrypt$N$r$p$salt$hash` (base64url parts). */
  password_hash: string;
  /** `master` (manages internal users) or `admin`. */
  role: Generated<string>;
  totp_secret: string | null;
  created_at: number;
  updated_at: number;
}

/** A customer contact's session; the id itself is never stored, only its SHA-256. */
export interface SessionTable {
  id_hash: string;
  tenant_id: number;
  contact_id: number;
  company_id: number;
  created_at: number;
  last_seen_at: number;
  /** Absolute expiry (created_at + 8 h). */
  expires_at: number;
  revoked_at: number | null;
}

/** An internal user's admin-console session, separate from contacts' sessions. */
export interface AdminSessionTable {
  id_hash: string;
  tenant_id: number;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
}

/** Consumed single-use values: launch-token `(iss, jti)` pairs and callback tokens. */
export interface ReplayGuardTable {
  /** Issuer URL, or `callback:<tenant id>` for token-callback opaque tokens. */
  issuer: string;
  /** The `jti`, or the SHA-256 of an opaque callback token. */
  jti: string;
  expires_at: number;
}

/** Fixed-window rate-limit counters, shared by every portal process. */
export interface RateLimitTable {
  key: string;
  window_start: number;
  count: number;
}

/** One SSO launch attempt and its outcome; no tokens, emails masked. */
export interface SsoEventTable {
  id: Generated<number>;
  tenant_id: number;
  at: number;
  provider: string;
  /** `success` or `rejected`. */
  outcome: string;
  /** Space-separated reason codes; empty on success. */
  reasons: Generated<string>;
  issuer: string | null;
  psa_contact_id: string | null;
  contact_id: number | null;
  email_masked: string | null;
  ip: string | null;
}

/** The resume position of incremental sync for one entity kind. */
export interface SyncCursorTable {
  tenant_id: number;
  /** `companies`, `contacts` or `invoices`. */
  entity: string;
  /** Highest `_info.lastUpdated` committed, epoch ms. */
  last_updated: number;
  /** Highest PSA id committed at `last_updated`, for ties. */
  last_id: number;
  /** While a full pass (in id order) is in progress, the last PSA id it committed; else null. */
  pass_after_id: number | null;
  updated_at: number;
}

/** One sync run, for the admin console and the CLI. */
export interface SyncRunTable {
  id: Generated<number>;
  tenant_id: number;
  started_at: number;
  finished_at: number | null;
  /** `running`, `succeeded` or `failed`. */
  status: string;
  /** JSON object of counts per entity. */
  counts: Generated<string>;
  error: string | null;
}

/** The whole database schema, as typed for Kysely. */
export interface Database {
  tenants: TenantTable;
  tenant_host_origins: TenantHostOriginTable;
  trusted_issuers: TrustedIssuerTable;
  profiles: ProfileTable;
  companies: CompanyTable;
  contacts: ContactTable;
  invoices: InvoiceTable;
  invoice_lines: InvoiceLineTable;
  invoice_payments: InvoicePaymentTable;
  internal_users: InternalUserTable;
  sessions: SessionTable;
  admin_sessions: AdminSessionTable;
  replay_guard: ReplayGuardTable;
  rate_limits: RateLimitTable;
  sso_events: SsoEventTable;
  sync_cursors: SyncCursorTable;
  sync_runs: SyncRunTable;
}

export type Tenant = Selectable<TenantTable>;
export type NewTenant = Insertable<TenantTable>;
export type TenantUpdate = Updateable<TenantTable>;
export type TrustedIssuer = Selectable<TrustedIssuerTable>;
export type NewTrustedIssuer = Insertable<TrustedIssuerTable>;
export type Profile = Selectable<ProfileTable>;
export type NewProfile = Insertable<ProfileTable>;
export type Company = Selectable<CompanyTable>;
export type NewCompany = Insertable<CompanyTable>;
export type Contact = Selectable<ContactTable>;
export type NewContact = Insertable<ContactTable>;
export type ContactUpdate = Updateable<ContactTable>;
export type Invoice = Selectable<InvoiceTable>;
export type NewInvoice = Insertable<InvoiceTable>;
export type InvoiceLine = Selectable<InvoiceLineTable>;
export type InvoicePayment = Selectable<InvoicePaymentTable>;
export type InternalUser = Selectable<InternalUserTable>;
export type NewInternalUser = Insertable<InternalUserTable>;
export type Session = Selectable<SessionTable>;
export type AdminSession = Selectable<AdminSessionTable>;
export type SsoEvent = Selectable<SsoEventTable>;
export type NewSsoEvent = Insertable<SsoEventTable>;
export type SyncCursor = Selectable<SyncCursorTable>;
export type SyncRun = Selectable<SyncRunTable>;
