import { describe, expect, it } from 'vitest';
import { emailsEqual, normalizeEmail } from '../src/index.js';

describe('normalizeEmail', () => {
  it('trims', () => {
    expect(normalizeEmail('  ada@northwind.example\t\n')).toBe('ada@northwind.example');
  });

  it('trims Unicode spaces', () => {
    expect(normalizeEmail('\u00a0ada@northwind.example\ufeff')).toBe('ada@northwind.example');
  });

  it('lower-cases', () => {
    expect(normalizeEmail('Ada.Admin@NorthWind.EXAMPLE')).toBe('ada.admin@northwind.example');
  });

  it('composes to NFC', () => {
    expect(normalizeEmail('rene\u0301@example.test')).toBe('ren\u00e9@example.test');
  });

  it('keeps full-width letters', () => {
    expect(normalizeEmail('\uff41da@example.test')).toBe('\uff41da@example.test');
  });
});

describe('emailsEqual', () => {
  it.each([
    ['same', 'ada@northwind.example', 'ada@northwind.example'],
    ['case', 'ADA@Northwind.Example', 'ada@northwind.example'],
    ['spaces', ' ada@northwind.example ', 'ada@northwind.example'],
    ['composed and decomposed é', 'ren\u00e9@example.test', 'rene\u0301@example.test'],
    ['upper decomposed É', 'RENE\u0301@example.test', 'ren\u00e9@example.test'],
  ])('equal by %s', (_name, left, right) => {
    expect(emailsEqual(left, right)).toBe(true);
  });

  it.each([
    ['dotless ı', 'adm\u0131n@example.test', 'admin@example.test'],
    ['Turkish İ', '\u0130van@example.test', 'ivan@example.test'],
    ['full-width a', '\uff41da@example.test', 'ada@example.test'],
    ['full-width A', '\uff21da@example.test', 'ada@example.test'],
    ['Cyrillic а', '\u0430da@example.test', 'ada@example.test'],
    ['Cyrillic е', 'r\u0435x@example.test', 'rex@example.test'],
    ['Greek ο', 'n\u03bfra@example.test', 'nora@example.test'],
    ['e and é', 'rene@example.test', 'ren\u00e9@example.test'],
    ['inner space', 'ada @example.test', 'ada@example.test'],
    ['another address', 'ada@example.test', 'rex@example.test'],
  ])('different by %s', (_name, left, right) => {
    expect(emailsEqual(left, right)).toBe(false);
  });
});
