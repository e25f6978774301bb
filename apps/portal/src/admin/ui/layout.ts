import type { AdminPrincipal } from '../session.js';
import { html, type SafeHtml } from './html.js';

/** A console section in the navigation. */
export interface NavItem {
  key: string;
  label: string;
  href: string;
  masterOnly?: boolean;
}

/** The console navigation, in order. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'sso', label: 'Single Sign-On', href: '/admin/sso' },
  { key: 'contacts', label: 'Client users', href: '/admin/contacts' },
  { key: 'profiles', label: 'Profiles', href: '/admin/profiles' },
  { key: 'diagnose', label: 'Why can’t this contact sign in?', href: '/admin/diagnose' },
  { key: 'activity', label: 'SSO activity', href: '/admin/activity' },
  { key: 'sync', label: 'Sync', href: '/admin/sync' },
  { key: 'users', label: 'Internal users', href: '/admin/users', masterOnly: true },
];

/** The Content-Security-Policy of every console page: own script and styles only. */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

/** Options of {@link consolePage}. */
export interface PageOptions {
  title: string;
  /** Key of the active {@link NAV_ITEMS} entry. */
  active: string;
  principal: AdminPrincipal;
  /** Breadcrumb above the title, e.g. Settings → Configurations → Client Users. */
  breadcrumb?: string[];
  body: SafeHtml;
}

/** Renders a signed-in console page: header, navigation and the section body. */
export function consolePage(options: PageOptions): string {
  const { principal } = options;
  const items = NAV_ITEMS.filter((item) => item.masterOnly !== true || principal.role === 'master');
  const nav = items.map(
    (item) =>
      html`<li>
        <a
          href="${item.href}"
          data-testid="nav-${item.key}"
          ${item.key === options.active ? html` aria-current="page"` : ''}
          >${item.label}</a
        >
      </li>`,
  );
  const crumbs = options.breadcrumb ?? [];
  return document(
    options.title,
    principal.csrfToken,
    html`<header class="top">
        <a class="brand" href="/admin">Billfold admin</a>
        <span class="who" data-testid="signed-in-user">${principal.email} (${principal.role})</span>
        <button type="button" class="link" data-action="sign-out" data-testid="sign-out">
          Sign out
        </button>
      </header>
      <div class="shell">
        <nav aria-label="Console sections">
          <ul>
            ${nav}
          </ul>
        </nav>
        <main id="main">
          ${crumbs.length > 0 ? html`<p class="crumbs" aria-label="Location">${crumbs.join(' → ')}</p>` : ''}
          <h1>${options.title}</h1>
          ${options.body}
        </main>
      </div>`,
  );
}

/** Renders the sign-in page. */
export function signInPage(): string {
  return document(
    'Sign in',
    '',
    html`<main id="main" class="narrow">
      <h1>Sign in to Billfold admin</h1>
      <form
        data-api="/api/v1/admin/session"
        data-method="POST"
        data-on-success="signed-in"
        novalidate
      >
        ${field({ name: 'email', label: 'Email', type: 'email', autocomplete: 'username', testid: 'login-email', required: true })}
        ${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', testid: 'login-password', required: true })}
        <div class="totp" data-role="totp" hidden>
          ${field({ name: 'totp', label: 'Authentication code', autocomplete: 'one-time-code', testid: 'login-totp', inputmode: 'numeric' })}
        </div>
        <p class="status" data-role="status" role="alert"></p>
        <button type="submit" data-testid="login-submit">Sign in</button>
      </form>
    </main>`,
  );
}

function document(title: string, csrf: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content="${csrf}" />
        <title>${title} · Billfold admin</title>
        <link rel="stylesheet" href="/admin/assets/admin.css" />
        <script src="/admin/assets/admin.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        ${body}
      </body>
    </html>`.value;
}

/** Options of {@link field}. */
export interface FieldOptions {
  name: string;
  label: string;
  type?: string;
  value?: string | null;
  hint?: string;
  testid: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  multiline?: boolean;
}

function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/**
 * Renders a labelled input with its hint and an error slot; the script fills the slot and
 * `aria-invalid`, and `aria-describedby` ties both to the input.
 */
export function field(options: FieldOptions): SafeHtml {
  const id = fieldId(options.name);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = options.hint === undefined ? errorId : `${hintId} ${errorId}`;
  const common = html`id="${id}" name="${options.name}" data-testid="${options.testid}"
  aria-describedby="${describedBy}"${
    options.required === true ? html` required` : ''
  }${options.autocomplete === undefined ? '' : html` autocomplete="${options.autocomplete}"`}`;
  const control =
    options.multiline === true
      ? html`<textarea ${common} rows="4">${options.value ?? ''}</textarea>`
      : html`<input
          ${common}
          type="${options.type ?? 'text'}"
          value="${options.value ?? ''}"
          ${options.inputmode === undefined ? '' : html` inputmode="${options.inputmode}"`}
        />`;
  return html`<div class="field">
    <label for="${id}">${options.label}</label>
    ${options.hint === undefined ? '' : html`<p class="hint" id="${hintId}">${options.hint}</p>`}
    ${control}
    <p class="error" id="${errorId}" data-error-for="${options.name}"></p>
  </div>`;
}

/** Renders a labelled checkbox with an error slot. */
export function checkbox(options: {
  name: string;
  label: string;
  checked: boolean;
  testid: string;
  value?: string;
}): SafeHtml {
  const id = fieldId(`${options.name}-${options.value ?? 'on'}`);
  return html`<div class="check">
    <input
      type="checkbox"
      id="${id}"
      name="${options.name}"
      value="${options.value ?? 'on'}"
      data-testid="${options.testid}"
      ${options.checked ? html` checked` : ''}
    />
    <label for="${id}">${options.label}</label>
  </div>`;
}

/** Renders a labelled select with an error slot. */
export function select(options: {
  name: string;
  label: string;
  testid: string;
  choices: readonly { value: string; label: string }[];
  selected?: string | null;
  hint?: string;
}): SafeHtml {
  const id = fieldId(options.name);
  const describedBy = options.hint === undefined ? `${id}-error` : `${id}-hint ${id}-error`;
  const choices = options.choices.map(
    (choice) =>
      html`<option
        value="${choice.value}"
        ${choice.value === options.selected ? html` selected` : ''}
      >
        ${choice.label}
      </option>`,
  );
  return html`<div class="field">
    <label for="${id}">${options.label}</label>
    ${options.hint === undefined ? '' : html`<p class="hint" id="${id}-hint">${options.hint}</p>`}
    <select
      id="${id}"
      name="${options.name}"
      data-testid="${options.testid}"
      aria-describedby="${describedBy}"
    >
      ${choices}
    </select>
    <p class="error" id="${id}-error" data-error-for="${options.name}"></p>
  </div>`;
}
