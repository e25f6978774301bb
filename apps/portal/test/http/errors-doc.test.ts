import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors.js';

const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Map(
  [...doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1], Number(match[2])]),
);

describe('errors doc', () => {
  it('lists every registry code with its status', () => {
    for (const [code, entry] of Object.entries(ERRORS)) {
      expect(documented.get(code), code).toBe(entry.status);
    }
  });

  it('lists no code the registry lacks', () => {
    for (const code of documented.keys()) {
      expect(Object.hasOwn(ERRORS, code ?? ''), code).toBe(true);
    }
  });

  it('messages hold no placeholders', () => {
    for (const entry of Object.values(ERRORS)) {
      expect(entry.message).toMatch(/^[A-Z].*\.$/);
    }
  });
});
