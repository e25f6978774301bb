import {
  companyIdsByPsaId,
  ensureDefaultProfiles,
  finishSyncRun,
  getSyncCursor,
  linkContactsToCompanies,
  saveSyncCursor,
  startSyncRun,
  upsertCompanies,
  upsertContacts,
  upsertInvoices,
  type Database,
  type InvoiceUpsert,
  type SyncCursorInput,
  type SyncEntity,
} from '@billfold/db';
import type { Kysely, Transaction } from 'kysely';
import { ManageClient, MAX_PAGE_SIZE, type ListPage, type ManageConnection } from './client.js';
import {
  afterPosition,
  CURSOR_ORDER_BY,
  CURSOR_ORDER_BY_SINGLE,
  type SyncPosition,
} from './conditions.js';
import { ManageApiError } from './errors.js';
import { mapCompany, mapContact, mapInvoice, toEpochMs } from './mapping.js';
import { reconcileDeletions } from './reconcile.js';
import type {
  ManageCompany,
  ManageContact,
  ManageInfo,
  ManageInvoice,
  ManageReference,
} from './types.js';

/** Progress of one entity's pass, reported after every committed page. */
export interface SyncProgress {
  entity: SyncEntity;
  processed: number;
  /** Records this pass expects, from Manage's `/count`; null when the count failed. */
  total: number | null;
  ratePerSec: number;
  /** Seconds left at the current rate; null without a total or a rate. */
  etaSec: number | null;
}

/** What one entity's pass changed. */
export interface EntityCounts {
  upserted: number;
  deleted: number;
}

/** The outcome of {@link syncTenant}, also stored in `sync_runs`. */
export interface SyncSummary {
  runId: number;
  status: 'succeeded' | 'failed';
  counts: Record<SyncEntity, EntityCounts>;
  durationMs: number;
  /** Why the run failed; never contains keys. */
  error?: string;
}

/** Options for {@link syncTenant}. */
export interface SyncOptions {
  db: Kysely<Database>;
  tenantId: number;
  connection: ManageConnection;
  /** Records per Manage request, at most 1000. Default 1000. */
  pageSize?: number;
  /**
   * Records gathered from consecutive pages before they are written in one transaction
   * with the cursor. Larger batches write each index page fewer times. A crash loses at
   * most the pages fetched since the last commit. Default 10 000.
   */
  recordsPerTransaction?: number;
  onProgress?: (progress: SyncProgress) => void;
  signal?: AbortSignal;
  /** Clock in epoch milliseconds, for `synced_at` and run times. Default `Date.now`. */
  now?: () => number;
  /** A client to use instead of one built from `connection`. */
  client?: ManageClient;
  /**
   * Whether to compare all company, contact and invoice ids with Manage after the passes,
   * marking those gone from Manage as deleted. Default true; it costs one `fields=id`
   * request per 1000 records.
   */
  reconcile?: boolean;
  /** Whether to re-read every record in id order, as the first run does. Default false. */
  full?: boolean;
}

interface SyncContext {
  db: Kysely<Database>;
  tenantId: number;
  client: ManageClient;
  pageSize: number;
  recordsPerTransaction: number;
  now: () => number;
  revokeProfileId: number;
  signal: AbortSignal | undefined;
  onProgress: ((progress: SyncProgress) => void) | undefined;
  full: boolean;
  /** The `orderBy` of incremental passes; narrowed to one key if the site rejects two. */
  cursorOrder: string;
  /**
   * Billfold company ids by PSA id, filled as the invoice pass looks them up. Company rows
   * are never removed, only flagged, so an id once found stays valid for the run. A failed
   * page transaction ends the run, so no id from a rolled-back insert is used again.
   */
  companyIds: Map<number, number>;
}

interface EntityPass<T> {
  entity: SyncEntity;
  path: string;
  /** Commits one page inside the transaction; returns the rows marked deleted. */
  write(ctx: SyncContext, trx: Transaction<Database>, items: T[]): Promise<number>;
  /** Work that needs the network before the page's transaction, such as missing companies. */
  prepare?(ctx: SyncContext, items: T[]): Promise<ManageCompany[]>;
}

const ENTITIES: readonly SyncEntity[] = ['companies', 'contacts', 'invoices'];

/**
 * Syncs one tenant from Manage: companies, then contacts, then invoices, so links resolve.
 * Each page is upserted in one transaction together with the entity's cursor, so a crash
 * at any point resumes where the last commit left off, with nothing lost or doubled.
 * The first run is a full pass in id order; later runs fetch only records whose
 * `lastUpdated` moved, in `(lastUpdated, id)` order.
 * A Manage or database failure during the passes ends the run with status `failed`
 * instead of throwing. A database failure before the run is recorded still throws.
 *
 * @example
 * const summary = await syncTenant({ db, tenantId, connection, onProgress: console.log });
 */
export async function syncTenant(options: SyncOptions): Promise<SyncSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const counts = emptyCounts();
  const { db, tenantId } = options;
  const profiles = await ensureDefaultProfiles(db, tenantId, started);
  const runId = await startSyncRun(db, tenantId, started);
  const ctx: SyncContext = {
    db,
    tenantId,
    client: options.client ?? new ManageClient(options.connection, { signal: options.signal }),
    pageSize: Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE),
    recordsPerTransaction: Math.max(1, options.recordsPerTransaction ?? 10_000),
    now,
    revokeProfileId: profiles.revokeId,
    signal: options.signal,
    onProgress: options.onProgress,
    full: options.full === true,
    cursorOrder: CURSOR_ORDER_BY,
    companyIds: new Map(),
  };

  let error: string | undefined;
  try {
    await syncEntity(ctx, COMPANY_PASS, counts.companies);
    await syncEntity(ctx, CONTACT_PASS, counts.contacts);
    await syncEntity(ctx, INVOICE_PASS, counts.invoices);
    if (options.reconcile !== false) {
      for (const entity of ENTITIES) {
        counts[entity].deleted += await reconcileDeletions(db, tenantId, ctx.client, entity, ctx);
      }
    }
  } catch (cause) {
    error = describeFailure(cause);
  }

  const status = error === undefined ? 'succeeded' : 'failed';
  const finished = now();
  await finishSyncRun(db, tenantId, runId, { status, counts, error: error ?? null, now: finished });
  const summary: SyncSummary = { runId, status, counts, durationMs: finished - started };
  return error === undefined ? summary : { ...summary, error };
}

function emptyCounts(): Record<SyncEntity, EntityCounts> {
  const entries = ENTITIES.map((entity) => [entity, { upserted: 0, deleted: 0 }] as const);
  return Object.fromEntries(entries) as Record<SyncEntity, EntityCounts>;
}

function describeFailure(cause: unknown): string {
  if (cause instanceof ManageApiError) return `${cause.code}: ${cause.message}`;
  if (cause instanceof Error && cause.name === 'AbortError') return 'The sync was cancelled.';
  return cause instanceof Error ? cause.message : String(cause);
}

// Where one entity's pass stands. A full pass walks ids in order (`id > afterId`), which
// Manage serves cheaply; an incremental pass walks `(lastUpdated, id)` after `position`.
// `highWater` is the largest `(lastUpdated, id)` committed, where the next incremental
// pass starts.
interface PassState {
  full: boolean;
  afterId: number;
  highWater: SyncPosition;
}

const BEFORE_ALL_IDS = Number.MIN_SAFE_INTEGER;

async function loadPassState(ctx: SyncContext, entity: SyncEntity): Promise<PassState> {
  const saved = await getSyncCursor(ctx.db, ctx.tenantId, entity);
  if (saved === undefined) {
    return { full: true, afterId: BEFORE_ALL_IDS, highWater: { lastUpdated: 0, lastId: 0 } };
  }
  const highWater = { lastUpdated: saved.last_updated, lastId: saved.last_id };
  if (saved.pass_after_id !== null) return { full: true, afterId: saved.pass_after_id, highWater };
  if (ctx.full) return { full: true, afterId: BEFORE_ALL_IDS, highWater };
  return { full: false, afterId: BEFORE_ALL_IDS, highWater };
}

// Pages through one entity from its saved cursor. The next page is requested as soon as
// the current one arrives, so Manage works while the database writes. Pages are gathered
// until `recordsPerTransaction` records are waiting and then committed together.
async function syncEntity<T extends { id: number; _info?: ManageInfo }>(
  ctx: SyncContext,
  pass: EntityPass<T>,
  counts: EntityCounts,
): Promise<void> {
  const state = await loadPassState(ctx, pass.entity);
  const total = await countOrNull(ctx, pass.path, conditionsFor(state));
  const started = Date.now();
  let processed = 0;
  report(ctx, pass.entity, processed, total, started);

  let batch: T[] = [];
  const commitBatch = async () => {
    const items = latestById(batch);
    counts.deleted += await commitPage(ctx, pass, items, cursorOf(state));
    counts.upserted += items.length;
    processed += items.length;
    batch = [];
    report(ctx, pass.entity, processed, total, started);
  };

  let pending: Promise<ListPage<T>> | null = fetchPage<T>(ctx, pass.path, state);
  while (pending !== null) {
    ctx.signal?.throwIfAborted();
    const page: ListPage<T> = await pending;
    if (page.items.length === 0) break;

    advance(state, page.items);
    const more = page.hasNext || page.items.length >= ctx.pageSize;
    pending = more ? fetchPage<T>(ctx, pass.path, state) : null;
    // A rejection is handled when the loop awaits it; this only keeps Node from
    // reporting it as unhandled while the page is written.
    pending?.catch(() => undefined);

    for (const item of page.items) batch.push(item);
    if (batch.length >= ctx.recordsPerTransaction || pending === null) await commitBatch();
  }
  if (batch.length > 0) await commitBatch();

  if (state.full) {
    const finished = { ...cursorOf(state), passAfterId: null };
    await saveSyncCursor(ctx.db, ctx.tenantId, pass.entity, finished, ctx.now());
  }
}

// An incremental pass can meet a record twice when it changes between two page requests.
// One upsert statement may not touch a row twice on PostgreSQL, so only the copy read last,
// which is the newer one, is kept.
function latestById<T extends { id: number }>(items: readonly T[]): T[] {
  const byId = new Map<number, T>();
  for (const item of items) byId.set(item.id, item);
  return byId.size === items.length ? (items as T[]) : [...byId.values()];
}

function advance(state: PassState, items: readonly { id: number; _info?: ManageInfo }[]): void {
  for (const item of items) {
    const lastUpdated = toEpochMs(item._info?.lastUpdated);
    const { highWater } = state;
    if (lastUpdated > highWater.lastUpdated) state.highWater = { lastUpdated, lastId: item.id };
    else if (lastUpdated === highWater.lastUpdated && item.id > highWater.lastId)
      highWater.lastId = item.id;
  }
  const last = items.at(-1);
  if (state.full && last !== undefined) state.afterId = last.id;
}

function cursorOf(state: PassState): SyncCursorInput {
  return { ...state.highWater, passAfterId: state.full ? state.afterId : null };
}

function conditionsFor(state: PassState): string | undefined {
  if (!state.full) return afterPosition(state.highWater);
  return state.afterId === BEFORE_ALL_IDS ? undefined : `id > ${state.afterId}`;
}

async function commitPage<T>(
  ctx: SyncContext,
  pass: EntityPass<T>,
  items: T[],
  cursor: SyncCursorInput,
): Promise<number> {
  const extraCompanies = pass.prepare ? await pass.prepare(ctx, items) : [];
  return ctx.db.transaction().execute(async (trx) => {
    if (extraCompanies.length > 0) {
      await upsertCompanies(trx, ctx.tenantId, extraCompanies.map(mapCompany), ctx.now());
    }
    const deleted = await pass.write(ctx, trx, items);
    await saveSyncCursor(trx, ctx.tenantId, pass.entity, cursor, ctx.now());
    return deleted;
  });
}

async function fetchPage<T>(
  ctx: SyncContext,
  path: string,
  state: PassState,
): Promise<ListPage<T>> {
  const options = { conditions: conditionsFor(state), pageSize: ctx.pageSize };
  if (state.full) return ctx.client.list<T>(path, { ...options, orderBy: 'id asc' });
  if (ctx.cursorOrder === CURSOR_ORDER_BY_SINGLE) {
    return ctx.client.list<T>(path, { ...options, orderBy: ctx.cursorOrder });
  }
  try {
    return await ctx.client.list<T>(path, { ...options, orderBy: CURSOR_ORDER_BY });
  } catch (error) {
    if (!(error instanceof ManageApiError) || error.code !== 'manage_bad_request') throw error;
    // Some sites (and the simulator) sort by one key only; they break ties by id.
    ctx.cursorOrder = CURSOR_ORDER_BY_SINGLE;
    return ctx.client.list<T>(path, { ...options, orderBy: ctx.cursorOrder });
  }
}

async function countOrNull(
  ctx: SyncContext,
  path: string,
  conditions: string | undefined,
): Promise<number | null> {
  try {
    return await ctx.client.count(path, conditions);
  } catch (error) {
    // The count only feeds the progress bar; the pass itself will surface real faults.
    if (error instanceof ManageApiError && error.code === 'manage_aborted') throw error;
    return null;
  }
}

function report(
  ctx: SyncContext,
  entity: SyncEntity,
  processed: number,
  total: number | null,
  started: number,
): void {
  if (ctx.onProgress === undefined) return;
  const seconds = (Date.now() - started) / 1000;
  const ratePerSec = seconds > 0 ? processed / seconds : 0;
  const remaining = total === null ? null : Math.max(0, total - processed);
  const etaSec = remaining === null || ratePerSec === 0 ? null : remaining / ratePerSec;
  ctx.onProgress({ entity, processed, total, ratePerSec, etaSec });
}

const COMPANY_PASS: EntityPass<ManageCompany> = {
  entity: 'companies',
  path: 'company/companies',
  async write(ctx, trx, items) {
    const rows = items.map(mapCompany);
    await upsertCompanies(trx, ctx.tenantId, rows, ctx.now());
    await linkContactsToCompanies(
      trx,
      ctx.tenantId,
      rows.map((row) => row.psa_id),
    );
    return rows.filter((row) => row.deleted === 1).length;
  },
};

const CONTACT_PASS: EntityPass<ManageContact> = {
  entity: 'contacts',
  path: 'company/contacts',
  async write(ctx, trx, items) {
    await upsertContacts(trx, ctx.tenantId, items.map(mapContact), ctx.revokeProfileId, ctx.now());
    return 0;
  },
};

const INVOICE_PASS: EntityPass<ManageInvoice> = {
  entity: 'invoices',
  path: 'finance/invoices',
  // An invoice may name a company created after the companies pass; fetch those first.
  async prepare(ctx, items) {
    const references = new Map(items.map((item) => [item.company.id, item.company]));
    const known = await lookUpCompanyIds(ctx, ctx.db, [...references.keys()]);
    const missing = [...references.keys()].filter((id) => !known.has(id));
    if (missing.length === 0) return [];

    const found = await fetchCompanies(ctx, missing);
    const foundIds = new Set(found.map((company) => company.id));
    const placeholders = missing
      .filter((id) => !foundIds.has(id))
      .map((id) => placeholderCompany(references.get(id) ?? { id }));
    return [...found, ...placeholders];
  },
  async write(ctx, trx, items) {
    const mapped = items.map(mapInvoice);
    const companyIds = await lookUpCompanyIds(
      ctx,
      trx,
      mapped.map((row) => row.psa_company_id),
    );
    // `prepare` stored every company the page names, so no invoice is left out. The rows
    // gain `company_id` in place, because copying every row cost more than the mapping.
    const rows: InvoiceUpsert[] = [];
    for (const row of mapped) {
      const companyId = companyIds.get(row.psa_company_id);
      if (companyId !== undefined) rows.push(Object.assign(row, { company_id: companyId }));
    }
    await upsertInvoices(trx, ctx.tenantId, rows, ctx.now());
    return 0;
  },
};

// `id = a or id = b` rather than `id in (…)`, which not every Manage version accepts.
async function fetchCompanies(ctx: SyncContext, ids: readonly number[]): Promise<ManageCompany[]> {
  const found: ManageCompany[] = [];
  for (let start = 0; start < ids.length; start += 100) {
    const page = await ctx.client.list<ManageCompany>('company/companies', {
      conditions: ids
        .slice(start, start + 100)
        .map((id) => `id = ${id}`)
        .join(' or '),
      pageSize: MAX_PAGE_SIZE,
    });
    found.push(...page.items);
  }
  return found;
}

/**
 * Builds a stand-in for a company that an invoice names but Manage does not return, so the
 * invoice is stored rather than skipped while the cursor moves past it. It carries the
 * reference's name and no `_info`, so its `psa_updated_at` is 0, which no company read from
 * Manage has. The company reconciliation marks it deleted unless Manage lists the id.
 * NOTE: if Manage returns the company later, only a change to it (a newer `lastUpdated`) or a
 * `full` sync replaces the placeholder's name and flags.
 */
function placeholderCompany(reference: ManageReference): ManageCompany {
  return {
    id: reference.id,
    identifier: reference.identifier ?? '',
    name: reference.name ?? `Company ${reference.id}`,
    deletedFlag: false,
  };
}

// Resolves PSA company ids through the run's cache, querying only the ones not seen yet.
async function lookUpCompanyIds(
  ctx: SyncContext,
  db: Kysely<Database>,
  psaIds: readonly number[],
): Promise<Map<number, number>> {
  const unseen = [...new Set(psaIds.filter((psaId) => !ctx.companyIds.has(psaId)))];
  if (unseen.length > 0) {
    const found = await companyIdsByPsaId(db, ctx.tenantId, unseen);
    for (const [psaId, id] of found) ctx.companyIds.set(psaId, id);
  }
  return ctx.companyIds;
}
