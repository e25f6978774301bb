import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { readWidgetManifest, widgetDistDir } from '../src/assets.js';

describe('widget assets', () => {
  it('points at an absolute dist', () => {
    expect(isAbsolute(widgetDistDir)).toBe(true);
    expect(widgetDistDir.endsWith('dist')).toBe(true);
  });

  it('describes the hashed bundle', () => {
    const manifest = readWidgetManifest();
    const bundle = readFileSync(join(widgetDistDir, manifest.entry));

    expect(manifest.entry).toMatch(/^widget-[0-9a-f]{10}\.js$/);
    expect(manifest.bytes).toBe(bundle.length);
    expect(gunzipSync(gzipSync(bundle, { level: 9 })).length).toBe(bundle.length);
    expect(manifest.gzipBytes).toBe(gzipSync(bundle, { level: 9 }).length);
  });

  it('stays within the gzip budget', () => {
    expect(readWidgetManifest().gzipBytes).toBeLessThanOrEqual(20 * 1024);
  });

  it('loads the hashed bundle from widget.js', () => {
    const loader = readFileSync(join(widgetDistDir, 'widget.js'), 'utf8');

    expect(loader.trim()).toBe(`import './${readWidgetManifest().entry}';`);
    expect(existsSync(join(widgetDistDir, readWidgetManifest().entry))).toBe(true);
  });

  it('bundles Lit with no bare imports', () => {
    const bundle = readFileSync(join(widgetDistDir, readWidgetManifest().entry), 'utf8');

    expect(bundle).not.toMatch(/from\s*["']lit/);
    expect(bundle).toContain('billfold-invoices');
  });
});
