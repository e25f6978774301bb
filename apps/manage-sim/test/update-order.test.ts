import { beforeAll, describe, expect, it } from 'vitest';
import { buildCollections } from '../src/collections.js';
import { compileConditions, parseConditions } from '../src/conditions.js';
import { generateData, type SimData } from '../src/data.js';
import { mutateData } from '../src/mutate.js';
import { readAfter, scanInIdOrder, type Collection } from '../src/paging.js';
import { updatePositionOf } from '../src/update-order.js';

const WINDOWS = [
  { offset: 0, limit: 25 },
  { offset: 9, limit: 4 },
  { offset: 0, limit: 1000 },
];

// The slow path: every matching row, sorted by (lastUpdated, id).
function scanAndSort<R>(collection: Collection<R>, conditions: string, direction: 1 | -1) {
  const predicate = compileConditions(
    parseConditions(conditions, collection.fields),
    collection.fields,
  );
  const rows = scanInIdOrder(collection, predicate, 1, { offset: 0, limit: Infinity }).rows;
  return rows.sort(
    (a, b) =>
      direction *
      (collection.lastUpdated(a) - collection.lastUpdated(b) ||
        collection.id(a) - collection.id(b)),
  );
}

// Conditions after the (lastUpdated, id) of the row at `share` of the sorted table.
function conditionsAt<R>(collection: Collection<R>, share: number): string[] {
  const sorted = scanAndSort(collection, 'id > 0', 1);
  const row = sorted[Math.floor(share * (sorted.length - 1))]!;
  const time = `[${new Date(collection.lastUpdated(row)).toISOString()}]`;
  const id = collection.id(row);
  return [
    `(lastUpdated > ${time}) or (lastUpdated = ${time} and id > ${id})`,
    `(_info/lastUpdated > ${time}) or (id > ${id} and _info/lastUpdated = ${time})`,
    `lastUpdated > ${time}`,
    `lastUpdated >= ${time}`,
  ];
}

function expectSameAsScan(collections: Record<string, Collection<unknown>>): void {
  for (const collection of Object.values(collections)) {
    for (const share of [0, 0.3, 0.97, 1]) {
      for (const conditions of conditionsAt(collection, share)) {
        const position = updatePositionOf(parseConditions(conditions, collection.fields));
        expect(position).not.toBeNull();

        for (const direction of [1, -1] as const) {
          const all = scanAndSort(collection, conditions, direction);
          for (const window of WINDOWS) {
            const fast = readAfter(collection, position!, direction, window);
            const slow = all.slice(window.offset, window.offset + window.limit);
            expect(fast.total).toBe(all.length);
            expect(fast.rows.map((row) => collection.id(row))).toEqual(
              slow.map((row) => collection.id(row)),
            );
          }
        }
      }
    }
  }
}

describe('update order fast path', () => {
  let data: SimData;
  let collections: Record<string, Collection<unknown>>;
  beforeAll(() => {
    data = generateData({
      companies: 30,
      contacts: 90,
      invoices: 400,
      seed: 7,
      today: '2026-12-01',
      personas: true,
    });
    for (const index of [2, 30, 31]) data.contacts[index]!.mergedIntoId = 1;
    collections = buildCollections(data);
  });

  it('matches the scan', () => {
    expectSameAsScan(collections);
  });

  it('matches the scan after a mutation', () => {
    expectSameAsScan(collections);
    mutateData(data, { companies: 3, contacts: 6 }, { fraction: 0.2, seed: 4 });
    expectSameAsScan(collections);
  });

  it('declines other conditions', () => {
    const fields = collections['finance/invoices']!.fields;
    const time = '[2026-01-01T00:00:00Z]';
    for (const text of [
      `lastUpdated < ${time}`,
      `id > 3`,
      `(lastUpdated > ${time}) or (lastUpdated = [2026-01-02T00:00:00Z] and id > 4)`,
      `(lastUpdated > ${time}) or (company/id = 3 and id > 4)`,
      `(lastUpdated > ${time}) and (lastUpdated = ${time} and id > 4)`,
    ]) {
      expect(updatePositionOf(parseConditions(text, fields))).toBeNull();
    }
  });
});
