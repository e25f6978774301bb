export {
  ManageClient,
  MANAGE_API_BASE,
  MAX_PAGE_SIZE,
  hasNextLink,
  parseRetryAfter,
  type ListOptions,
  type ListPage,
  type ManageClientOptions,
  type ManageConnection,
} from './client.js';
export { ManageApiError, type ManageErrorCode } from './errors.js';
export {
  FALLBACK_CURRENCY,
  mapCompany,
  mapContact,
  mapInvoice,
  mapInvoiceLines,
  mapInvoicePayments,
  pickEmail,
  toEpochMs,
  toIsoDate,
  toMinorUnits,
  type MappedInvoice,
} from './mapping.js';
export {
  afterPosition,
  CURSOR_ORDER_BY,
  formatConditionTime,
  type SyncPosition,
} from './conditions.js';
export { reconcileDeletions, type ReconciledEntity } from './reconcile.js';
export {
  syncTenant,
  type EntityCounts,
  type SyncOptions,
  type SyncProgress,
  type SyncSummary,
} from './sync.js';
export type * from './types.js';
