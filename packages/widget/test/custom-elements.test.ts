import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../', import.meta.url));
const read = (path: string) => readFileSync(`${packageDir}${path}`, 'utf8');

interface Declaration {
  tagName: string;
  attributes: { name: string }[];
  events: { name: string }[];
  cssParts: { name: string }[];
  cssProperties: { name: string }[];
}

const manifest = JSON.parse(read('custom-elements.json')) as {
  modules: { declarations: Declaration[] }[];
};
const declaration = manifest.modules[0]?.declarations[0] as Declaration;
const names = (list: { name: string }[]) => list.map((entry) => entry.name).sort();

describe('custom-elements.json', () => {
  it('matches the component source', () => {
    expect(() =>
      execFileSync(process.execPath, ['custom-elements.mjs', '--check'], {
        cwd: packageDir,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it('documents every attribute', () => {
    expect(declaration.tagName).toBe('billfold-invoices');
    expect(names(declaration.attributes)).toEqual(
      [
        'launch-token',
        'locale',
        'page-size',
        'parent-origin',
        'portal',
        'session',
        'status',
        'theme',
      ].sort(),
    );
  });

  it('documents every event', () => {
    const source = read('src/components/invoices/invoices.component.ts');
    const emitted = [...source.matchAll(/#emit\('([\w-]+)'/g)].map((match) => match[1]);

    expect(names(declaration.events)).toEqual([...new Set(emitted)].sort());
  });

  it('documents every part', () => {
    const templates =
      read('src/components/invoices/invoices.templates.ts') +
      read('src/components/invoices/invoices.component.ts');
    const used = new Set<string>();
    for (const match of templates.matchAll(/part=(?:"([^"]+)"|\$\{([^}]+)\})/g)) {
      const text =
        match[1] ??
        [...(match[2] ?? '').matchAll(/'([^']+)'/g)].map((quoted) => quoted[1]).join(' ');
      for (const part of text.split(/\s+/)) if (part) used.add(part);
    }

    expect(names(declaration.cssParts)).toEqual([...used].sort());
  });

  it('documents every custom property', () => {
    const styles = read('src/components/invoices/invoices.styles.ts');
    const used = new Set(
      [...styles.matchAll(/var\(\s*(--billfold-[\w-]+)/g)].map((match) => match[1]),
    );

    expect(names(declaration.cssProperties)).toEqual([...used].sort());
  });

  it('matches docs/widget.md', () => {
    const guide = read('../../docs/widget.md');
    const documented = [
      ...declaration.attributes,
      ...declaration.events,
      ...declaration.cssParts,
      ...declaration.cssProperties,
    ];

    const missing = documented.filter((entry) => !guide.includes(`\`${entry.name}\``));
    expect(missing.map((entry) => entry.name)).toEqual([]);
  });
});
