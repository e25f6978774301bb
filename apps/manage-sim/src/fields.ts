// Manage's `fields` parameter: return only the named properties of each record.

/**
 * Keeps only the properties that `fields` names, a comma-separated list of paths such as
 * `id,company/name,_info/lastUpdated`. A path that a record lacks is left out, as Manage
 * does. Returns the record unchanged when `fields` is absent or blank.
 */
export function pickFields(record: unknown, fields: string | undefined): unknown {
  if (fields === undefined || fields.trim() === '') return record;
  const picked: Record<string, unknown> = {};
  for (const path of fields.split(',')) {
    const keys = path
      .trim()
      .split('/')
      .filter((key) => key !== '');
    if (keys.length > 0) copyPath(record, picked, keys);
  }
  return picked;
}

function copyPath(source: unknown, target: Record<string, unknown>, keys: string[]): void {
  const [key, ...rest] = keys as [string, ...string[]];
  if (typeof source !== 'object' || source === null || !(key in source)) return;
  const value = (source as Record<string, unknown>)[key];
  if (rest.length === 0 || typeof value !== 'object' || value === null) {
    target[key] = value;
    return;
  }
  const existing = target[key];
  const child =
    typeof existing === 'object' && existing !== null ? (existing as Record<string, unknown>) : {};
  target[key] = child;
  copyPath(value, child, rest);
}
