import type { InvoiceKeyset } from '@billfold/db';
import { ApiError } from '../errors.js';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MAX_CURSOR_LENGTH = 200;

/** Encodes a list position as an opaque cursor (base64url JSON). */
export function encodeCursor(position: InvoiceKeyset): string {
  return Buffer.from(JSON.stringify({ d: position.dueDate, i: position.id })).toString('base64url');
}

/** Decodes a cursor from {@link encodeCursor}; throws `cursor_invalid` on anything else. */
export function decodeCursor(cursor: string): InvoiceKeyset {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new ApiError('cursor_invalid');
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ApiError('cursor_invalid');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new ApiError('cursor_invalid');

  const { d, i } = parsed as { d?: unknown; i?: unknown };
  if (typeof d !== 'string' || !DATE_PATTERN.test(d)) throw new ApiError('cursor_invalid');
  if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 1)
    throw new ApiError('cursor_invalid');
  return { dueDate: d, id: i };
}
