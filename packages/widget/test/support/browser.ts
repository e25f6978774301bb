// Launches Debian's Chromium for the browser tests, or reports why they are skipped.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { chromium, type Browser } from 'playwright-core';

/** The Chromium binary the tests use. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether that binary exists; when it does not, the browser tests skip with a notice. */
export const chromiumAvailable = existsSync(chromiumPath);

if (!chromiumAvailable) {
  console.warn(
    `[widget] Skipping browser tests: Chromium not found at ${chromiumPath}. ` +
      'Install it with `apt-get install chromium` or set CHROMIUM_PATH to a Chromium binary.',
  );
}

/** Launches headless Chromium with the flags every Billfold browser test uses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Returns the folder for screenshots, creating it on first use (it is gitignored). */
export function artifactsDir(): string {
  const dir = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
  mkdirSync(dir, { recursive: true });

  return dir;
}
