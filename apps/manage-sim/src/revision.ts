// A counter per data set that every mutation bumps, so derived indexes know when to rebuild.

const revisions = new WeakMap<object, number>();

/** Records that `data` changed; call it from every function that edits simulator records. */
export function markChanged(data: object): void {
  revisions.set(data, (revisions.get(data) ?? 0) + 1);
}

/** Returns the number of recorded changes to `data`, 0 before the first. */
export function revisionOf(data: object): number {
  return revisions.get(data) ?? 0;
}
