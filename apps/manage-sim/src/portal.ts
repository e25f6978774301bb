import { randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { defaultEmail, type Contact, type SimData } from './data.js';
import {
  LAUNCH_JS,
  PORTAL_CSS,
  escapeHtml,
  formOf,
  layout,
  sendHtml,
  type HeaderInfo,
} from './html.js';
import type { SigningKeys } from './signing-keys.js';
import { registerAdmin, type LinkState } from './admin.js';

const SESSION_COOKIE = 'cwp_session';

/** A signed-in Customer Portal visitor: the contacts their email matched and the chosen one. */
interface PortalSession {
  candidates: number[];
  contactId: number | null;
}

/** Simulator state the portal pages read. */
export interface PortalContext {
  data: SimData;
  keys: SigningKeys;
  link: LinkState;
  /** The simulator's own origin, the launch-token issuer. */
  origin(): string;
}

/** Registers the Customer Portal pages, its assets and the JWKS. */
export function registerPortal(app: FastifyInstance, context: PortalContext): void {
  const sessions = new Map<string, PortalSession>();

  app.addHook('onSend', async (_request, reply) => {
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return;
    reply.header('content-security-policy', contentSecurityPolicy(context.link.origin));
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('cache-control', 'no-store');
  });

  app.get('/', (_request, reply) => reply.redirect('/portal/login'));
  app.get('/portal', (_request, reply) => reply.redirect('/portal/login'));
  app.get('/portal/assets/portal.css', (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(PORTAL_CSS),
  );
  app.get('/portal/assets/launch.js', (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(LAUNCH_JS),
  );
  app.get('/favicon.ico', (_request, reply) => reply.code(204).send());
  app.get('/.well-known/jwks.json', (_request, reply) =>
    reply.header('cache-control', 'max-age=300').send(context.keys.jwks()),
  );

  app.get('/portal/login', (_request, reply) => sendHtml(reply, 200, loginPage(null, '')));
  app.post('/portal/login', (request, reply) => {
    const form = formOf(request);
    const email = form.email ?? '';
    const matches = signInContacts(context.data, email, form.password ?? '');
    if (matches.length === 0)
      return sendHtml(reply, 401, loginPage('The email or password is wrong.', email));

    const id = randomBytes(32).toString('base64url');
    sessions.set(id, {
      candidates: matches.map((contact) => contact.id),
      contactId: matches.length === 1 ? matches[0]!.id : null,
    });
    reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax' });
    return reply.redirect(
      matches.length === 1 ? '/portal/payments' : '/portal/choose-company',
      303,
    );
  });

  app.post('/portal/logout', (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    if (id !== undefined) sessions.delete(id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/portal/login', 303);
  });

  app.get('/portal/choose-company', (request, reply) => {
    const session = sessionOf(request, sessions);
    if (session === null) return reply.redirect('/portal/login');
    return sendHtml(reply, 200, chooseCompanyPage(context.data, session));
  });

  app.post('/portal/choose-company', (request, reply) => {
    const session = sessionOf(request, sessions);
    if (session === null) return reply.redirect('/portal/login', 303);
    const chosen = Number(formOf(request).contact_id);
    if (session.candidates.includes(chosen)) session.contactId = chosen;
    return reply.redirect(
      session.contactId === null ? '/portal/choose-company' : '/portal/payments',
      303,
    );
  });

  app.get('/portal/payments', async (request, reply) => {
    const session = sessionOf(request, sessions);
    if (session === null) return reply.redirect('/portal/login');
    if (session.contactId === null) return reply.redirect('/portal/choose-company');
    const contact = context.data.contacts[session.contactId - 1] as Contact;
    return sendHtml(
      reply,
      200,
      await paymentsPage(context, contact, headerFor(context.data, session, contact)),
    );
  });

  registerAdmin(app, context);
}

function contentSecurityPolicy(billfoldOrigin: string | null): string {
  const frame = billfoldOrigin ?? "'none'";
  const formTargets = billfoldOrigin === null ? "'self'" : `'self' ${billfoldOrigin}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `frame-src ${frame}`,
    `form-action ${formTargets}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

function sessionOf(
  request: FastifyRequest,
  sessions: Map<string, PortalSession>,
): PortalSession | null {
  const id = request.cookies[SESSION_COOKIE];
  return id === undefined ? null : (sessions.get(id) ?? null);
}

/** Finds the contacts that may sign in with this email and password, one per company. */
function signInContacts(data: SimData, email: string, password: string): Contact[] {
  const wanted = email.trim().normalize('NFC').toLowerCase();
  if (wanted === '') return [];
  return data.contacts.filter((contact) => {
    if (contact.mergedIntoId !== null || contact.inactiveFlag || contact.disablePortalLoginFlag)
      return false;
    if (data.companies[contact.companyId - 1]?.deletedFlag !== false) return false;
    if (contact.portalPassword !== password) return false;
    return contact.communicationItems.some(
      (item) => item.typeName === 'Email' && item.value.normalize('NFC').toLowerCase() === wanted,
    );
  });
}

function companyNameOf(data: SimData, contact: Contact): string {
  return data.companies[contact.companyId - 1]?.name ?? '';
}

function headerFor(data: SimData, session: PortalSession, contact: Contact): HeaderInfo {
  return {
    contactName: `${contact.firstName} ${contact.lastName}`,
    companyName: companyNameOf(data, contact),
    switchTo: session.candidates
      .filter((id) => id !== contact.id)
      .map((id) => ({
        contactId: id,
        companyName: companyNameOf(data, data.contacts[id - 1] as Contact),
      })),
  };
}

function loginPage(error: string | null, email: string): string {
  const message = error === null ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`;
  return layout(
    'Sign in',
    `<section class="card narrow">
<h1>Sign in</h1>
${message}
<form method="post" action="/portal/login">
<label for="email">Email</label>
<input id="email" type="email" name="email" autocomplete="username" required value="${escapeHtml(email)}">
<label for="password">Password</label>
<input id="password" type="password" name="password" autocomplete="current-password" required>
<p><input type="submit" value="Sign in"></p>
</form>
<p class="hint">Demo contacts use the password <code>demo</code>. MSP staff: <a href="/portal/admin">portal administration</a>.</p>
</section>`,
    null,
  );
}

function chooseCompanyPage(data: SimData, session: PortalSession): string {
  const buttons = session.candidates
    .map((id) => {
      const name = companyNameOf(data, data.contacts[id - 1] as Contact);
      return `<li><button type="submit" name="contact_id" value="${id}">${escapeHtml(name)}</button></li>`;
    })
    .join('\n');
  return layout(
    'Choose a company',
    `<section class="card narrow">
<h1>Choose a company</h1>
<p>Your email belongs to more than one company. Which one do you want to work with?</p>
<form method="post" action="/portal/choose-company">
<ul class="companies">
${buttons}
</ul>
</form>
</section>`,
    null,
  );
}

async function paymentsPage(
  context: PortalContext,
  contact: Contact,
  header: HeaderInfo,
): Promise<string> {
  const billfold = context.link.origin;
  if (billfold === null) {
    return layout(
      'Payments',
      `<section class="card"><h1>Payments</h1>
<p class="warn">Online invoices are not set up yet: no Billfold account is linked. An administrator can link one on the <a href="/portal/admin">portal administration</a> page.</p></section>`,
      header,
    );
  }

  const token = await context.keys.signLaunchToken({
    issuer: context.origin(),
    audience: billfold,
    contactId: contact.id,
    email: defaultEmail(contact) ?? '',
    companyId: contact.companyId,
    roles: contact.portalRoles,
  });
  return layout(
    'Payments',
    `<section class="card"><h1>Payments</h1>
<iframe name="billfold" title="Billfold invoices" class="billfold" src="about:blank"></iframe>
<form id="billfold-launch" method="post" action="${escapeHtml(billfold)}/sso/connectwise" target="billfold">
<input type="hidden" name="launch_token" value="${escapeHtml(token)}">
<noscript><input type="submit" value="Open invoices"></noscript>
</form>
</section>`,
    header,
    ['/portal/assets/launch.js'],
  );
}
