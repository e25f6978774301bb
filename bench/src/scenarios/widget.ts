import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readWidgetManifest, widgetDistDir } from '@billfold/widget/assets';

/** The widget's size as a browser downloads it, or why it could not be read. */
export type WidgetBenchResult =
  | {
      ok: true;
      /** The hashed bundle, Lit included. */
      bundleFile: string;
      bundleBytes: number;
      bundleGzipBytes: number;
      /** `widget.js`, the small loader that imports the hashed bundle. */
      loaderGzipBytes: number;
      /** The `gzipBytes` that the widget build wrote to `dist/manifest.json`. */
      manifestGzipBytes: number;
    }
  | { ok: false; reason: string };

/**
 * Gzips (level 9) the built widget bundle named in `dist/manifest.json` and its loader.
 * Needs a built widget (`pnpm --filter @billfold/widget build`).
 */
export function measureWidget(): WidgetBenchResult {
  let manifest;
  try {
    manifest = readWidgetManifest();
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }

  const bundle = readFileSync(path.join(widgetDistDir, manifest.entry));
  const loader = readFileSync(path.join(widgetDistDir, 'widget.js'));
  return {
    ok: true,
    bundleFile: manifest.entry,
    bundleBytes: bundle.length,
    bundleGzipBytes: gzipSync(bundle, { level: 9 }).length,
    loaderGzipBytes: gzipSync(loader, { level: 9 }).length,
    manifestGzipBytes: manifest.gzipBytes,
  };
}
