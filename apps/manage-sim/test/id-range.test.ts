import { beforeAll, describe, expect, it } from 'vitest';
import { buildCollections } from '../src/collections.js';
import { compileConditions, parseConditions } from '../src/conditions.js';
import { generateData, type SimData } from '../src/data.js';
import { idRangeOf } from '../src/id-range.js';
import { readIdRange, scanInIdOrder, type Collection } from '../src/paging.js';
import { pickFields } from '../src/fields.js';
import { apiGet, buildSmallSim } from './helpers.js';

const RANGES = [
  'id > 0',
  'id > 17',
  'id >= 17',
  'id < 40',
  'id <= 40',
  'id > 17 and id <= 40',
  'id >= 40 and id < 17',
  'id = 23',
  'id > 5.5 and id < 9.5',
  'id > 100000',
  'id < -3',
  '(id > 10 and id > 30) and id < 35',
];
const WINDOWS = [
  { offset: 0, limit: 25 },
  { offset: 7, limit: 5 },
  { offset: 0, limit: 1000 },
  { offset: 1000, limit: 25 },
];

function idsOf(collection: Collection<unknown>, rows: unknown[]): number[] {
  return rows.map((row) => collection.id(row));
}

describe('id range fast path', () => {
  let data: SimData;
  let collections: Record<string, Collection<unknown>>;
  beforeAll(() => {
    data = generateData({
      companies: 30,
      contacts: 90,
      invoices: 400,
      seed: 5,
      today: '2026-12-01',
      personas: true,
    });
    // Hide a few contacts, as merges do, so the fast path must step over them.
    for (const index of [3, 16, 17, 40]) data.contacts[index]!.mergedIntoId = 1;
    collections = buildCollections(data);
  });

  it.each(RANGES)('matches the scan for %s', (conditions) => {
    for (const collection of Object.values(collections)) {
      const tree = parseConditions(conditions, collection.fields);
      const range = idRangeOf(tree);
      expect(range).not.toBeNull();
      const predicate = compileConditions(tree, collection.fields);

      for (const direction of [1, -1] as const) {
        for (const window of WINDOWS) {
          const fast = readIdRange(collection, range!, direction, window);
          const slow = scanInIdOrder(collection, predicate, direction, window);
          expect(fast.total).toBe(slow.total);
          expect(idsOf(collection, fast.rows)).toEqual(idsOf(collection, slow.rows));
        }
      }
    }
  });

  it('declines other conditions', () => {
    const fields = collections['finance/invoices']!.fields;
    for (const text of [
      'id > 1 or id < 3',
      'id != 4',
      'company/id = 2',
      'id > 1 and lastUpdated > [2026-01-01T00:00:00Z]',
    ]) {
      expect(idRangeOf(parseConditions(text, fields))).toBeNull();
    }
  });
});

describe('fields', () => {
  it('keeps only named paths', () => {
    const record = { id: 4, name: 'A', company: { id: 2, name: 'B' }, _info: { lastUpdated: 'x' } };
    expect(pickFields(record, 'id')).toEqual({ id: 4 });
    expect(pickFields(record, 'id, company/id,missing')).toEqual({ id: 4, company: { id: 2 } });
    expect(pickFields(record, undefined)).toBe(record);
  });
});

describe('invoice listing by id range', () => {
  it('serves ids and the last link', async () => {
    const sim = await buildSmallSim();
    const count = sim.data.invoices.count;
    const conditions = encodeURIComponent('id > 10');
    const response = await apiGet(
      sim,
      `finance/invoices?conditions=${conditions}&fields=id&pageSize=5`,
    );
    await sim.app.close();

    expect(response.json()).toEqual([11, 12, 13, 14, 15].map((id) => ({ id })));
    const last = /<([^>]+)>; rel="last"/.exec(String(response.headers.link))?.[1];
    expect(new URL(last!).searchParams.get('page')).toBe(String(Math.ceil((count - 10) / 5)));
  });
});
