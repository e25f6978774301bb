// Listing mechanics shared by the REST endpoints: filters, order, pages and the Link header.
import type { FastifyRequest } from 'fastify';
import {
  ConditionError,
  compileConditions,
  parseConditions,
  type ConditionNode,
  type FieldSpec,
} from './conditions.js';
import { idRangeOf, positionsOf, type IdRange } from './id-range.js';
import {
  buildUpdateOrder,
  firstAfter,
  updatePositionOf,
  type UpdatePosition,
} from './update-order.js';

/** The largest page Manage returns; larger `pageSize` values are clamped to it. */
export const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 25;

/** A listable entity: how to reach its rows, filter them and serialise them. */
export interface Collection<R> {
  name: string;
  fields: Record<string, FieldSpec<R>>;
  size(): number;
  /** The row at position `i`, or null when it is hidden (a merged contact). */
  at(i: number): R | null;
  /** The id stored at position `i`, hidden rows included; ids ascend with the position. */
  idAt(i: number): number;
  /** The `lastUpdated` stored at position `i`, hidden rows included. */
  lastUpdatedAt(i: number): number;
  /** Whether `at` can return null, so a count over positions must check each one. */
  hidesRows: boolean;
  /** A number that changes whenever a record's `lastUpdated` may have changed. */
  revision(): number;
  id(row: R): number;
  lastUpdated(row: R): number;
  toJson(row: R): unknown;
}

/** Query-string parameters with lower-cased names, because Manage accepts any case. */
export type Query = Record<string, string | undefined>;

/** An error the REST API sends as Manage's `{code, message}` body with `statusCode`. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Flattens the parsed query string and lower-cases its parameter names. */
export function lowerKeys(query: unknown): Query {
  const result: Query = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    result[key.toLowerCase()] = Array.isArray(value)
      ? String(value[0])
      : value === undefined
        ? undefined
        : String(value);
  }
  return result;
}

/** Compiles a `conditions` string into a predicate; throws `ApiError` (400) naming it. */
export function conditionPredicate<R>(
  fields: Record<string, FieldSpec<R>>,
  conditions: string | undefined,
): (row: R) => boolean {
  const tree = conditionTree(fields, conditions);
  return tree === null ? () => true : compileConditions(tree, fields);
}

/** Parses a `conditions` string; null when it is absent. Throws `ApiError` (400) naming it. */
export function conditionTree<R>(
  fields: Record<string, FieldSpec<R>>,
  conditions: string | undefined,
): ConditionNode | null {
  if (conditions === undefined || conditions.trim() === '') return null;
  try {
    return parseConditions(conditions, fields);
  } catch (error) {
    if (error instanceof ConditionError) {
      throw new ApiError(
        400,
        'InvalidObject',
        `conditions "${conditions}" is invalid: ${error.message}.`,
      );
    }
    throw error;
  }
}

/** One page of matching rows and the number of all matching rows. */
export interface Selection<R> {
  rows: R[];
  total: number;
}

/** The part of the ordered matches to return: `limit` rows after skipping `offset`. */
export interface RowWindow {
  offset: number;
  limit: number;
}

interface Order {
  key: 'id' | 'lastUpdated';
  direction: 1 | -1;
}

/**
 * Selects the rows that match `conditions`, ordered by `orderBy`, and returns the `window`
 * of them plus the total. Throws `ApiError` (400) for an invalid condition or order.
 */
export function selectRows<R>(
  collection: Collection<R>,
  query: Query,
  window: RowWindow,
): Selection<R> {
  const tree = conditionTree(collection.fields, query.conditions);
  const order = parseOrder(query.orderby);
  if (order.key === 'id') {
    const range = idRangeOf(tree);
    if (range !== null) return readIdRange(collection, range, order.direction, window);
  }

  if (order.key === 'lastUpdated') {
    const position = updatePositionOf(tree);
    if (position !== null) return readAfter(collection, position, order.direction, window);
  }

  const predicate = tree === null ? () => true : compileConditions(tree, collection.fields);
  if (order.key === 'id') return scanInIdOrder(collection, predicate, order.direction, window);

  const rows = scanInIdOrder(collection, predicate, 1, { offset: 0, limit: Infinity }).rows;
  rows.sort(
    (a, b) =>
      order.direction *
      (collection.lastUpdated(a) - collection.lastUpdated(b) ||
        collection.id(a) - collection.id(b)),
  );
  return { rows: rows.slice(window.offset, window.offset + window.limit), total: rows.length };
}

/**
 * Reads the window of an id range straight from its positions, found by binary search, so
 * a page costs its own rows rather than a scan of the table. Returns what
 * {@link scanInIdOrder} returns for the same range.
 */
export function readIdRange<R>(
  collection: Collection<R>,
  range: IdRange,
  direction: 1 | -1,
  window: RowWindow,
): Selection<R> {
  const { start, end } = positionsOf(range, collection.size(), (i) => collection.idAt(i));
  return readRun(collection, { start, end, positionAt: (k) => k }, direction, window);
}

const updateOrders = new WeakMap<Collection<unknown>, { revision: number; order: Int32Array }>();

/**
 * Reads the window of the records after `position` in `(lastUpdated, id)` order, from a
 * sorted index that is rebuilt only after the data changes. Returns what the scan and sort
 * of {@link selectRows} return for the same condition.
 */
export function readAfter<R>(
  collection: Collection<R>,
  position: UpdatePosition,
  direction: 1 | -1,
  window: RowWindow,
): Selection<R> {
  const key = collection as Collection<unknown>;
  let cached = updateOrders.get(key);
  if (
    cached === undefined ||
    cached.revision !== collection.revision() ||
    cached.order.length !== collection.size()
  ) {
    const order = buildUpdateOrder(collection.size(), (i) => collection.lastUpdatedAt(i));
    cached = { revision: collection.revision(), order };
    updateOrders.set(key, cached);
  }

  const { order } = cached;
  const lastUpdatedAt = (i: number) => collection.lastUpdatedAt(i);
  const start = firstAfter(order, position, lastUpdatedAt, (i) => collection.idAt(i));
  const run = { start, end: order.length, positionAt: (k: number) => order[k]! };
  return readRun(collection, run, direction, window);
}

// A contiguous stretch `[start, end)` of some ordering of the positions.
interface Run {
  start: number;
  end: number;
  positionAt(k: number): number;
}

function readRun<R>(
  collection: Collection<R>,
  run: Run,
  direction: 1 | -1,
  window: RowWindow,
): Selection<R> {
  const { start, end, positionAt } = run;
  const total = collection.hidesRows ? countVisible(collection, run) : end - start;
  // Without hidden rows the offset is plain arithmetic; otherwise hidden rows are stepped over.
  let skipped = collection.hidesRows ? 0 : Math.min(window.offset, end - start);
  const rows: R[] = [];

  for (let step = skipped; step < end - start && rows.length < window.limit; step += 1) {
    const row = collection.at(positionAt(direction === 1 ? start + step : end - 1 - step));
    if (row === null) continue;
    if (skipped < window.offset) skipped += 1;
    else rows.push(row);
  }
  return { rows, total };
}

function countVisible<R>(collection: Collection<R>, run: Run): number {
  let visible = 0;
  for (let k = run.start; k < run.end; k += 1) {
    if (collection.at(run.positionAt(k)) !== null) visible += 1;
  }
  return visible;
}

/**
 * Scans rows in id order and keeps only the window, so a page of a million-row table does
 * not build a million-entry array. Rows are stored in ascending id order.
 */
export function scanInIdOrder<R>(
  collection: Collection<R>,
  predicate: (row: R) => boolean,
  direction: 1 | -1,
  window: RowWindow,
): Selection<R> {
  const rows: R[] = [];
  const size = collection.size();
  const end = window.offset + window.limit;
  let total = 0;

  for (let step = 0; step < size; step += 1) {
    const row = collection.at(direction === 1 ? step : size - 1 - step);
    if (row === null || !predicate(row)) continue;
    if (total >= window.offset && total < end) rows.push(row);
    total += 1;
  }
  return { rows, total };
}

function parseOrder(orderBy: string | undefined): Order {
  const order = (orderBy ?? 'id asc').trim().replace(/\s+/g, ' ');
  const match = /^(id|lastUpdated|_info\/lastUpdated)(?: (asc|desc))?$/i.exec(order);
  if (match === null) {
    throw new ApiError(
      400,
      'InvalidObject',
      `orderBy "${orderBy}" is not supported; use "id asc|desc" or "_info/lastUpdated asc|desc".`,
    );
  }
  return {
    key: match[1]?.toLowerCase() === 'id' ? 'id' : 'lastUpdated',
    direction: match[2]?.toLowerCase() === 'desc' ? -1 : 1,
  };
}

/** Reads `page` (from 1) and `pageSize` (default 25, clamped to 1000). */
export function pageParams(query: Query): { page: number; pageSize: number } {
  const page = query.page === undefined ? 1 : Number(query.page);
  const requested = query.pagesize === undefined ? DEFAULT_PAGE_SIZE : Number(query.pagesize);
  if (!Number.isInteger(page) || page < 1)
    throw new ApiError(400, 'InvalidObject', `page "${query.page}" must be a positive integer.`);
  if (!Number.isInteger(requested) || requested < 1)
    throw new ApiError(
      400,
      'InvalidObject',
      `pageSize "${query.pagesize}" must be a positive integer.`,
    );
  return { page, pageSize: Math.min(requested, MAX_PAGE_SIZE) };
}

/** Builds Manage's `Link` header: first/prev when past page 1, next/last when more follow. */
export function linkHeader(
  request: FastifyRequest,
  page: number,
  pageSize: number,
  total: number,
): string {
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const url = new URL(request.url, `${request.protocol}://${request.headers.host ?? 'localhost'}`);
  const at = (n: number) => {
    url.searchParams.set('page', String(n));
    url.searchParams.set('pageSize', String(pageSize));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1)
    links.push(`<${at(1)}>; rel="first"`, `<${at(Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage) links.push(`<${at(page + 1)}>; rel="next"`, `<${at(lastPage)}>; rel="last"`);
  return links.join(', ');
}
