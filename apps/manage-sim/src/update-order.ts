// Serving `lastUpdated`-ordered pages without sorting the table on every request. An
// incremental sync requests the records after a `(lastUpdated, id)` position; with the
// positions kept sorted by that pair, the answer is a binary search away.
import type { ConditionNode } from './conditions.js';

/** A `(lastUpdated, id)` pair; the condition admits the records strictly after it. */
export interface UpdatePosition {
  lastUpdated: number;
  id: number;
}

const UPDATED_FIELDS = new Set(['lastUpdated', '_info/lastUpdated']);

/**
 * Recognises the conditions that select everything after one `(lastUpdated, id)` pair:
 * `lastUpdated > t`, `lastUpdated >= t`, and the keyset form
 * `(lastUpdated > t) or (lastUpdated = t and id > n)`. Returns null for anything else.
 */
export function updatePositionOf(node: ConditionNode | null): UpdatePosition | null {
  if (node === null) return { lastUpdated: -Infinity, id: -Infinity };
  if (node.kind === 'compare') {
    if (!UPDATED_FIELDS.has(node.field) || typeof node.value !== 'number') return null;
    if (node.operator === '>') return { lastUpdated: node.value, id: Infinity };
    if (node.operator === '>=') return { lastUpdated: node.value, id: -Infinity };
    return null;
  }
  if (node.kind !== 'or') return null;

  const later = updatePositionOf(node.left);
  const tie = tieBreakOf(node.right);
  if (later === null || tie === null || later.id !== Infinity) return null;
  return later.lastUpdated === tie.lastUpdated ? tie : null;
}

// Reads `lastUpdated = t and id > n`, in either operand order.
function tieBreakOf(node: ConditionNode): UpdatePosition | null {
  if (node.kind !== 'and') return null;
  const { left, right } = node;
  if (left.kind !== 'compare' || right.kind !== 'compare') return null;
  const [time, id] = UPDATED_FIELDS.has(left.field) ? [left, right] : [right, left];
  if (!UPDATED_FIELDS.has(time.field) || time.operator !== '=') return null;
  if (id.field !== 'id' || id.operator !== '>') return null;
  if (typeof time.value !== 'number' || typeof id.value !== 'number') return null;
  return { lastUpdated: time.value, id: id.value };
}

/**
 * Sorts the positions `0 … size - 1` by `(lastUpdated, id)`, hidden rows included, so that
 * callers can skip them while reading.
 */
export function buildUpdateOrder(
  size: number,
  lastUpdatedAt: (position: number) => number,
): Int32Array {
  const keys = new Float64Array(size);
  for (let i = 0; i < size; i += 1) keys[i] = lastUpdatedAt(i);
  const order = new Int32Array(size);
  for (let i = 0; i < size; i += 1) order[i] = i;
  // Positions ascend with ids, so comparing positions breaks ties as comparing ids does.
  return order.sort((a, b) => keys[a]! - keys[b]! || a - b);
}

/** Finds the first index of `order` whose record comes after `position`. */
export function firstAfter(
  order: Int32Array,
  position: UpdatePosition,
  lastUpdatedAt: (position: number) => number,
  idAt: (position: number) => number,
): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const at = order[middle]!;
    const time = lastUpdatedAt(at);
    const after =
      time > position.lastUpdated || (time === position.lastUpdated && idAt(at) > position.id);
    if (after) high = middle;
    else low = middle + 1;
  }
  return low;
}
