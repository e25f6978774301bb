// Serving `id`-ordered pages without a scan. Every collection stores rows in ascending id
// order, so a condition that only bounds `id` maps to one contiguous run of positions.
import type { ConditionNode } from './conditions.js';

/** The ids a condition admits: `low < id < high`, or `<=` where the bound is inclusive. */
export interface IdRange {
  low: number;
  lowInclusive: boolean;
  high: number;
  highInclusive: boolean;
}

const EVERY_ID: IdRange = {
  low: -Infinity,
  lowInclusive: false,
  high: Infinity,
  highInclusive: false,
};

/**
 * Reduces a condition made only of `id` comparisons (`= < <= > >=`) joined by `and` to one
 * id range. Returns null for anything else (`or`, `!=`, other fields), which needs a scan.
 */
export function idRangeOf(node: ConditionNode | null): IdRange | null {
  if (node === null) return EVERY_ID;
  if (node.kind !== 'compare') {
    if (node.kind === 'or') return null;
    const left = idRangeOf(node.left);
    const right = idRangeOf(node.right);
    return left === null || right === null ? null : intersect(left, right);
  }
  if (node.field !== 'id' || typeof node.value !== 'number') return null;

  const value = node.value;
  switch (node.operator) {
    case '>':
      return { ...EVERY_ID, low: value };
    case '>=':
      return { ...EVERY_ID, low: value, lowInclusive: true };
    case '<':
      return { ...EVERY_ID, high: value };
    case '<=':
      return { ...EVERY_ID, high: value, highInclusive: true };
    case '=':
      return { low: value, lowInclusive: true, high: value, highInclusive: true };
    default:
      return null;
  }
}

function intersect(a: IdRange, b: IdRange): IdRange {
  const lowFromA = a.low > b.low || (a.low === b.low && !a.lowInclusive);
  const highFromA = a.high < b.high || (a.high === b.high && !a.highInclusive);
  return {
    low: lowFromA ? a.low : b.low,
    lowInclusive: lowFromA ? a.lowInclusive : b.lowInclusive,
    high: highFromA ? a.high : b.high,
    highInclusive: highFromA ? a.highInclusive : b.highInclusive,
  };
}

/**
 * Finds the positions `[start, end)` whose ids fall in `range`, by binary search over
 * `idAt`, which must ascend with the position.
 */
export function positionsOf(
  range: IdRange,
  size: number,
  idAt: (position: number) => number,
): { start: number; end: number } {
  const aboveLow = (id: number) => (range.lowInclusive ? id >= range.low : id > range.low);
  const aboveHigh = (id: number) => (range.highInclusive ? id > range.high : id >= range.high);
  const start = firstPosition(size, (position) => aboveLow(idAt(position)));
  const end = firstPosition(size, (position) => aboveHigh(idAt(position)));
  return { start, end: Math.max(start, end) };
}

// The first position where `test` holds, given that it holds for every later position too.
function firstPosition(size: number, test: (position: number) => boolean): number {
  let low = 0;
  let high = size;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
