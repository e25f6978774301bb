// Node-only entry: where the built widget bundle lives, so the portal can serve it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `dist/manifest.json` that the widget build writes. */
export interface WidgetManifest {
  /** File name of the content-hashed bundle, for example `widget-3f9a0c1d.js`. */
  entry: string;
  /** Size of that file in bytes. */
  bytes: number;
  /** Its size after gzip at level 9, in bytes. */
  gzipBytes: number;
}

/**
 * Absolute path of the widget's `dist` folder, which contains `widget.js` (the loader, to be
 * served with a short cache) and the hashed bundle (to be served as immutable).
 */
export const widgetDistDir: string = fileURLToPath(new URL('../dist', import.meta.url));

/**
 * Reads `dist/manifest.json`. Throws when the widget has not been built, with the command
 * that builds it.
 */
export function readWidgetManifest(): WidgetManifest {
  const path = join(widgetDistDir, 'manifest.json');
  let text: string;

  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(
      `Widget manifest not found at ${path}. Build the widget with: pnpm --filter @billfold/widget build`,
    );
  }

  const manifest = JSON.parse(text) as Partial<WidgetManifest>;
  if (typeof manifest.entry !== 'string' || !/^widget-[\w-]+\.js$/.test(manifest.entry)) {
    throw new Error(`Widget manifest at ${path} has no valid "entry"; rebuild the widget.`);
  }

  return {
    entry: manifest.entry,
    bytes: Number(manifest.bytes),
    gzipBytes: Number(manifest.gzipBytes),
  };
}
