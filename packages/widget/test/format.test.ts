import { describe, expect, it } from 'vitest';

import { currencyFractionDigits, formatDate, formatMoney, resolveLocale } from '../src/format.js';

// ICU puts no-break spaces between number and symbol in some locales.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('formats USD in en-US', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
  });

  it('formats EUR in de-DE', () => {
    expect(plain(formatMoney(123456, 'EUR', 'de-DE'))).toBe('1.234,56 €');
  });

  it('formats GBP in en-GB', () => {
    expect(formatMoney(99, 'GBP', 'en-GB')).toBe('£0.99');
  });

  it('treats JPY minor units as whole yen', () => {
    expect(formatMoney(123456, 'JPY', 'en-US')).toBe('¥123,456');
    expect(plain(formatMoney(123456, 'JPY', 'de-DE'))).toBe('123.456 ¥');
  });

  it('uses three digits for KWD', () => {
    expect(currencyFractionDigits('KWD')).toBe(3);
    expect(formatMoney(1500, 'KWD', 'en-US')).toContain('1.500');
  });

  it('formats negative credits', () => {
    expect(formatMoney(-2500, 'USD', 'en-US')).toBe('-$25.00');
  });

  it('falls back on an invalid currency code', () => {
    expect(formatMoney(1050, 'NOT-A-CODE', 'en-US')).toBe('10.50 NOT-A-CODE');
  });
});

describe('formatDate', () => {
  it('formats en-US medium dates', () => {
    expect(formatDate('2026-03-05', 'en-US')).toBe('Mar 5, 2026');
  });

  it('formats de-DE medium dates', () => {
    expect(formatDate('2026-03-05', 'de-DE')).toBe('05.03.2026');
  });

  it('keeps the calendar day at year end', () => {
    expect(formatDate('2026-12-31', 'en-US')).toBe('Dec 31, 2026');
    expect(formatDate('2026-01-01', 'en-US')).toBe('Jan 1, 2026');
  });

  it('returns text that is not a date unchanged', () => {
    expect(formatDate('soon', 'en-US')).toBe('soon');
  });
});

describe('resolveLocale', () => {
  it('prefers the requested locale', () => {
    expect(resolveLocale('de-de', 'en-US')).toBe('de-DE');
  });

  it('falls back on an invalid tag', () => {
    expect(resolveLocale('not a locale!', 'fr-FR')).toBe('fr-FR');
  });

  it('falls back to en-US last', () => {
    expect(resolveLocale(undefined, '')).toBe('en-US');
  });
});
