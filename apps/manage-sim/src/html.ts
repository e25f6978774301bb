// Server-rendered pages of the simulated Customer Portal: plain HTML and one stylesheet.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Page-header details of the signed-in contact. */
export interface HeaderInfo {
  contactName: string;
  companyName: string;
  /** Other companies the same email can switch to, as contact id and company name. */
  switchTo: { contactId: number; companyName: string }[];
}

/** Wraps page content in the portal layout. `body` must already be escaped HTML. */
export function layout(
  title: string,
  body: string,
  header: HeaderInfo | null,
  scripts: string[] = [],
): string {
  const scriptTags = scripts
    .map((src) => `<script src="${escapeHtml(src)}" defer></script>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Customer Portal</title>
<link rel="stylesheet" href="/portal/assets/portal.css">
${scriptTags}
</head>
<body>
<header class="top">
<span class="brand">Customer Portal <small>ConnectWise Manage simulator</small></span>
${header === null ? '' : headerDetails(header)}
</header>
<main>
${body}
</main>
</body>
</html>`;
}

function headerDetails(header: HeaderInfo): string {
  const switcher =
    header.switchTo.length === 0
      ? ''
      : `<form method="post" action="/portal/choose-company" class="switcher">
<label for="switch-company">Company</label>
<select id="switch-company" name="contact_id">
<option value="" selected>${escapeHtml(header.companyName)}</option>
${header.switchTo.map((option) => `<option value="${option.contactId}">${escapeHtml(option.companyName)}</option>`).join('\n')}
</select>
<input type="submit" value="Switch company">
</form>`;
  return `<nav>
<a href="/portal/payments">Payments</a>
<span class="who">${escapeHtml(header.contactName)} · ${escapeHtml(header.companyName)}</span>
${switcher}
<form method="post" action="/portal/logout"><input type="submit" value="Sign out"></form>
</nav>`;
}

/** The portal stylesheet. */
export const PORTAL_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f4f6f8}
.top{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:12px;padding:12px 24px;background:#0b3d63;color:#fff}
.brand{font-weight:600;font-size:17px}
.brand small{font-weight:400;opacity:.75;margin-left:8px}
nav{display:flex;flex-wrap:wrap;align-items:center;gap:12px}
nav a{color:#fff}
nav form{display:flex;align-items:center;gap:6px;margin:0}
nav label{display:inline;margin:0;font-weight:400}
.who{opacity:.9}
main{max-width:1100px;margin:24px auto;padding:0 24px}
.card{background:#fff;border:1px solid #d9e0e6;border-radius:8px;padding:24px;margin-bottom:16px}
.narrow{max-width:420px;margin:48px auto}
label{display:block;font-weight:600;margin:12px 0 4px}
input[type=email],input[type=password],input[type=url],input[type=text]{width:100%;padding:8px 10px;border:1px solid #b8c4ce;border-radius:6px;font:inherit}
button,input[type=submit]{padding:8px 14px;border:0;border-radius:6px;background:#1565c0;color:#fff;font:inherit;cursor:pointer}
nav input[type=submit]{background:#2d5f86}
.companies{list-style:none;padding:0;display:grid;gap:8px}
.companies button{width:100%;text-align:left;padding:12px 16px}
.error{color:#9b1c1c;background:#fdecec;border:1px solid #f5c2c2;border-radius:6px;padding:8px 12px}
.ok{color:#14532d;background:#e8f7ee;border:1px solid #b7e4c7;border-radius:6px;padding:8px 12px}
.warn{color:#7a4b00;background:#fff6e0;border:1px solid #f3d9a4;border-radius:6px;padding:8px 12px}
iframe.billfold{width:100%;min-height:640px;border:1px solid #d9e0e6;border-radius:8px;background:#fff}
.hint{color:#52606d;font-size:13px}
`;

/** Submits the launch form into the Billfold iframe once the page has loaded. */
export const LAUNCH_JS = `(function () {
  var form = document.getElementById('billfold-launch');
  if (form) form.submit();
})();
`;

/** Sends a rendered page with the HTML content type. */
export function sendHtml(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

/** Reads the URL-encoded form body as a flat string map. */
export function formOf(request: FastifyRequest): Record<string, string | undefined> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const form: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(body))
    form[key] = typeof value === 'string' ? value : undefined;
  return form;
}
