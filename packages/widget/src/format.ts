// Locale-aware money and date formatting with Intl. Formatters are cached because a table
// formats every cell and building an Intl formatter costs far more than using one.

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Returns `requested` when Intl accepts it as a locale tag, otherwise the browser's
 * language, otherwise `en-US`.
 */
export function resolveLocale(requested: string | undefined, fallback: string): string {
  for (const candidate of [requested, fallback]) {
    if (!candidate) continue;

    try {
      const [canonical] = Intl.getCanonicalLocales(candidate);
      if (canonical) return canonical;
    } catch {
      // An invalid tag throws RangeError, so the next candidate is tried.
    }
  }

  return 'en-US';
}

function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = numberFormats.get(key);

  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    numberFormats.set(key, format);
  }

  return format;
}

/**
 * Returns the number of minor-unit digits of `currency` (2 for USD, 0 for JPY), as Intl
 * reports it through `resolvedOptions().maximumFractionDigits`.
 */
export function currencyFractionDigits(currency: string, locale = 'en-US'): number {
  return currencyFormat(locale, currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Formats an amount given in integer minor units of `currency`, for example
 * `formatMoney(123456, 'EUR', 'de-DE')` returns `"1.234,56 €"`. An unknown currency code
 * falls back to the plain number followed by the code.
 */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  try {
    const format = currencyFormat(locale, currency);
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;

    return format.format(minorUnits / 10 ** digits);
  } catch {
    return `${(minorUnits / 100).toFixed(2)} ${currency}`;
  }
}

/**
 * Formats a `YYYY-MM-DD` date with `dateStyle: 'medium'` in UTC, so the calendar day never
 * shifts with the viewer's time zone. Text that is not such a date is returned unchanged.
 */
export function formatDate(isoDate: string, locale: string): string {
  const match = DATE_PATTERN.exec(isoDate);
  if (!match) return isoDate;

  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }

  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));

  return Number.isNaN(time) ? isoDate : format.format(time);
}
