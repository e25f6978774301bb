// HTML of the test pages that host the element.

/** Escapes text for an HTML attribute value. */
function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Renders `<billfold-invoices>` with the given attributes. */
export function element(attributes: Record<string, string>): string {
  const text = Object.entries(attributes)
    .map(([name, value]) => `${name}="${attribute(value)}"`)
    .join(' ');

  return `<billfold-invoices ${text}></billfold-invoices>`;
}

/** Returns a page that loads the widget through its loader and contains `body`. */
export function page(body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Billfold widget test</title>
${head}
<script>
  window.billfoldEvents = [];
  for (const name of ['billfold-ready', 'billfold-session', 'billfold-error', 'billfold-invoice-open', 'billfold-pay']) {
    document.addEventListener(name, (event) => window.billfoldEvents.push({ name, detail: event.detail }));
  }
</script>
<script type="module" src="/widget.js"></script>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** Returns the widget page as the portal renders it after a form-post launch. */
export function widgetPage(
  accessToken: string,
  attributes: Record<string, string> = {},
  parentOrigin?: string,
): string {
  const session = JSON.stringify({
    access_token: accessToken,
    expires_at: '2026-12-04T20:00:00.000Z',
    ...(parentOrigin ? { parent_origin: parentOrigin } : {}),
  });

  return page(
    `<script type="application/json" id="billfold-session">${session}</script>\n` +
      element({ session: 'page', ...attributes }),
  );
}
