/**
 * Normalises an email for comparison: trim, Unicode NFC, lower-case.
 *
 * NFKC and confusable folding are left out on purpose: a full-width `ａ` or a dotless `ı`
 * must stay a different address from its ASCII look-alike, or an attacker could register
 * a look-alike address and be matched to someone else's contact.
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** Compares two emails after {@link normalizeEmail}. */
export function emailsEqual(left: string, right: string): boolean {
  return normalizeEmail(left) === normalizeEmail(right);
}
