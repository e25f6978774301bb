/** A position in a `(lastUpdated, id)`-ordered listing: everything up to it is synced. */
export interface SyncPosition {
  /** `_info.lastUpdated` of the last synced record, epoch milliseconds. */
  lastUpdated: number;
  /** PSA id of the last synced record, which breaks ties between equal timestamps. */
  lastId: number;
}

/** The sort order that incremental paging relies on. */
export const CURSOR_ORDER_BY = '_info/lastUpdated asc, id asc';
/** The fallback for sites that accept one sort key; they must break ties by id. */
export const CURSOR_ORDER_BY_SINGLE = '_info/lastUpdated asc';

/** Formats epoch milliseconds as a Manage conditions timestamp, `[2026-01-01T00:00:00Z]`. */
export function formatConditionTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `[${iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso}]`;
}

/**
 * Builds the conditions for the records after `position`:
 * `(lastUpdated > [t]) or (lastUpdated = [t] and id > n)`. No position means everything.
 */
export function afterPosition(position: SyncPosition | undefined): string | undefined {
  if (position === undefined) return undefined;
  const time = formatConditionTime(position.lastUpdated);
  return `(lastUpdated > ${time}) or (lastUpdated = ${time} and id > ${position.lastId})`;
}
