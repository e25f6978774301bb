// Writes custom-elements.json (schema 2.1.0) from the doc comment and the reactive properties
// of the invoices element, so the manifest cannot drift from the source. Run by `pnpm build`;
// with `--check` it writes nothing and exits 1 when the file on disk is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('.', import.meta.url));
const modulePath = 'src/components/invoices/invoices.component.ts';
const source = readFileSync(`${packageDir}${modulePath}`, 'utf8');

/** Returns `[name, description]` for every `@tag name - description` line of the class comment. */
function docTags(tag) {
  const classComment = source.slice(
    source.indexOf('@tag billfold-invoices'),
    source.indexOf('export class'),
  );
  const pattern = new RegExp(`@${tag} (\\S+) - (.+)`, 'g');

  return [...classComment.matchAll(pattern)].map((match) => [match[1], match[2].trim()]);
}

/** Returns the public reactive properties with their attribute, type, default and doc comment. */
function publicProperties() {
  const block = source.slice(source.indexOf('static override properties'), source.indexOf('};'));
  const declared = [
    ...block.matchAll(
      /^\s+(\w+): \{ type: \w+(?:, attribute: '([\w-]+)')?(, reflect: true)? \},/gm,
    ),
  ];

  return declared.map(([, field, attribute, reflects]) => {
    const pattern = new RegExp(
      `/\\*\\*\\s*((?:(?!\\*/)[^])+?)\\s*\\*/\\n\\s+${field}(?:: ([^=;]+))? = ([^;]+);`,
    );
    const match = pattern.exec(source);
    if (!match) throw new Error(`No doc comment and default found for the property ${field}.`);

    return {
      field,
      attribute: attribute ?? field,
      reflects: Boolean(reflects),
      type: match[2]?.trim() ?? 'number',
      default: resolveConstant(match[3].trim()),
      description: match[1]
        .replace(/^\*\s*/, '')
        .replace(/\s*\n\s*\*\s*/g, ' ')
        .trim(),
    };
  });
}

/** Replaces a constant's name by its literal value, so the manifest shows `25`, not a name. */
function resolveConstant(text) {
  const constant = new RegExp(`^const ${text} = ([^;]+);`, 'm').exec(source);

  return constant ? constant[1].replace(/_/g, '') : text;
}

const properties = publicProperties();
const declaration = {
  kind: 'class',
  name: 'BillfoldInvoices',
  tagName: 'billfold-invoices',
  customElement: true,
  description:
    "Lists a customer's invoices from a Billfold portal: sorting, paging, one invoice's detail and its PDF.",
  superclass: { name: 'LitElement', package: 'lit' },
  attributes: properties.map((property) => ({
    name: property.attribute,
    fieldName: property.field,
    type: { text: property.type },
    default: property.default,
    description: property.description,
  })),
  members: properties.map((property) => ({
    kind: 'field',
    name: property.field,
    attribute: property.attribute,
    ...(property.reflects ? { reflects: true } : {}),
    type: { text: property.type },
    default: property.default,
    description: property.description,
  })),
  events: docTags('fires').map(([name, description]) => ({
    name,
    type: { text: 'CustomEvent' },
    description: `${description} Bubbles and is composed.`,
  })),
  cssParts: docTags('csspart').map(([name, description]) => ({ name, description })),
  cssProperties: docTags('cssprop').map(([name, description]) => ({ name, description })),
  slots: [],
};

const manifest = {
  schemaVersion: '2.1.0',
  readme: 'README.md',
  modules: [
    {
      kind: 'javascript-module',
      path: modulePath,
      declarations: [declaration],
      exports: [
        {
          kind: 'js',
          name: 'BillfoldInvoices',
          declaration: { name: 'BillfoldInvoices', module: modulePath },
        },
      ],
    },
    {
      kind: 'javascript-module',
      path: 'src/components/invoices/invoices.ts',
      declarations: [],
      exports: [
        {
          kind: 'custom-element-definition',
          name: 'billfold-invoices',
          declaration: { name: 'BillfoldInvoices', module: modulePath },
        },
      ],
    },
  ],
};

const manifestPath = `${packageDir}custom-elements.json`;
const text = `${JSON.stringify(manifest, null, 2)}\n`;

if (process.argv.includes('--check')) {
  if (readFileSync(manifestPath, 'utf8') !== text) {
    console.error('custom-elements.json is out of date; run: node custom-elements.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(manifestPath, text);
}
