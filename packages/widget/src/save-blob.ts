// Long enough for the browser to start saving the file before the blob URL is revoked.
const OBJECT_URL_LIFETIME_MS = 60_000;

/** Saves `blob` as a file named `filename` through a temporary object URL and link. */
export function saveBlob(blob: Blob, filename: string, root: HTMLElement | DocumentFragment): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  root.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
}
