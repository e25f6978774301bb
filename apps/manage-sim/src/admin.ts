import { randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LinkError, checkBillfold, normaliseBillfoldUrl, type LinkCheck } from './billfold-link.js';
import { escapeHtml, formOf, layout, sendHtml } from './html.js';

/** The portal administrator's sign-in. */
export const PORTAL_ADMIN = { email: 'portal.admin@msp.example', password: 'demo' } as const;

const ADMIN_COOKIE = 'cwp_admin';

/** The linked Billfold account, shared by the Payments page and the admin page. */
export interface LinkState {
  origin: string | null;
  check: LinkCheck;
}

/** Registers `/portal/admin`: administrator sign-in and *Link your Billfold account*. */
export function registerAdmin(app: FastifyInstance, context: { link: LinkState }): void {
  const adminSessions = new Set<string>();
  const signedIn = (request: FastifyRequest) => {
    const id = request.cookies[ADMIN_COOKIE];
    return id !== undefined && adminSessions.has(id);
  };

  app.get('/portal/admin', async (_request, reply) => {
    if (!signedIn(_request)) return sendHtml(reply, 200, adminLoginPage(null));
    if (context.link.origin !== null) context.link.check = await checkBillfold(context.link.origin);
    return sendHtml(reply, 200, linkPage(context.link, null, ''));
  });

  app.post('/portal/admin', async (request, reply) => {
    const form = formOf(request);
    if (form.email !== undefined) {
      const valid =
        form.email.trim().toLowerCase() === PORTAL_ADMIN.email &&
        form.password === PORTAL_ADMIN.password;
      if (!valid) return sendHtml(reply, 401, adminLoginPage('The email or password is wrong.'));
      const id = randomBytes(32).toString('base64url');
      adminSessions.add(id);
      reply.setCookie(ADMIN_COOKIE, id, { path: '/portal/admin', httpOnly: true, sameSite: 'lax' });
      return reply.redirect('/portal/admin', 303);
    }

    if (!signedIn(request)) return sendHtml(reply, 401, adminLoginPage('Sign in first.'));
    const input = form.billfold_url ?? '';
    try {
      await linkAndCheck(context.link, input);
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
      return sendHtml(reply, 400, linkPage(context.link, error.message, input));
    }
    return reply.redirect('/portal/admin', 303);
  });
}

/** Links a Billfold portal by URL and records its SSO state. Throws `LinkError` for an invalid URL. */
export async function linkAndCheck(link: LinkState, input: string): Promise<void> {
  link.origin = normaliseBillfoldUrl(input);
  link.check = await checkBillfold(link.origin);
}

function adminLoginPage(error: string | null): string {
  const message = error === null ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`;
  return layout(
    'Portal administration',
    `<section class="card narrow">
<h1>Portal administration</h1>
${message}
<form method="post" action="/portal/admin">
<label for="admin-email">Administrator email</label>
<input id="admin-email" type="email" name="email" autocomplete="username" required>
<label for="admin-password">Password</label>
<input id="admin-password" type="password" name="password" autocomplete="current-password" required>
<p><input type="submit" value="Sign in"></p>
</form>
</section>`,
    null,
  );
}

function checkMessage(link: LinkState): string {
  if (link.origin === null) return '<p class="warn">No Billfold account is linked yet.</p>';
  const origin = escapeHtml(link.origin);
  switch (link.check.state) {
    case 'sso_enabled':
      return `<p class="ok" role="status">Linked to ${origin}. Single sign-on is enabled for the ConnectWise Portal provider.</p>`;
    case 'sso_disabled':
      return `<p class="warn" role="status">Linked to ${origin}, but single sign-on is not enabled there for the ConnectWise Portal provider. Turn it on in the Billfold admin console.</p>`;
    case 'unreachable':
      return `<p class="warn" role="status">Linked to ${origin}, but ${origin}/.well-known/billfold.json could not be reached (${escapeHtml(link.check.detail)}).</p>`;
    default:
      return `<p class="hint">Linked to ${origin}; not checked yet.</p>`;
  }
}

function linkPage(link: LinkState, error: string | null, input: string): string {
  const message = error === null ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`;
  return layout(
    'Portal administration',
    `<section class="card">
<h1>Link your Billfold account</h1>
${checkMessage(link)}
${message}
<form method="post" action="/portal/admin">
<label for="billfold-url">Billfold portal URL</label>
<input id="billfold-url" type="url" name="billfold_url" required placeholder="https://billing.example.com" value="${escapeHtml(input || (link.origin ?? ''))}">
<p class="hint">The address of your Billfold portal, such as https://billing.example.com. The Payments page frames it and posts launch tokens to it.</p>
<p><input type="submit" value="Link account"></p>
</form>
</section>`,
    null,
  );
}
