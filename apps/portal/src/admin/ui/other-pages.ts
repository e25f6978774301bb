import { REASON_CODES, REASON_TEXTS } from '@billfold/eligibility';
import type { InternalUser, SsoEvent } from '@billfold/db';
import { html, type SafeHtml } from './html.js';
import { field, select } from './layout.js';

/** Renders the diagnosis form; the script renders the verdict. */
export function diagnoseBody(requiredRole: string): SafeHtml {
  return html`<p>Checks a contact with the same rules a real sign-in from the host portal uses.</p>
    <form
      data-api="/api/v1/admin/diagnose"
      data-method="POST"
      data-on-success="diagnosis"
      novalidate
      data-testid="diagnose-form"
    >
      ${field({ name: 'email', label: 'Contact email', type: 'email', testid: 'diagnose-email' })}
      ${field({ name: 'contact_id', label: 'Or Billfold contact id', testid: 'diagnose-contact-id', inputmode: 'numeric' })}
      ${field({ name: 'psa_company_id', label: 'PSA company id the portal sends (optional)', testid: 'diagnose-company', inputmode: 'numeric', hint: 'Default: the contact’s own company.' })}
      ${field({ name: 'roles', label: 'Roles the portal sends (optional, one per line)', testid: 'diagnose-roles', multiline: true, hint: `Leave empty to assume the contact has the required role (${requiredRole}). Enter roles to check a contact who lacks it.` })}
      <p class="status" data-role="status" role="status" aria-live="polite"></p>
      <button type="submit" data-testid="diagnose-submit">Check</button>
    </form>
    <section aria-live="polite" data-role="verdict" data-testid="diagnose-verdict"></section>`;
}

function reasonChart(title: string, counts: Record<string, number>, testid: string): SafeHtml {
  const entries = REASON_CODES.map((code) => [code, counts[code] ?? 0] as const);
  const max = Math.max(1, ...entries.map(([, count]) => count));
  const rowHeight = 22;
  const bars = entries.map(([code, count], index) => {
    const width = Math.round((count / max) * 260);
    const y = index * rowHeight;
    return html`<text x="0" y="${y + 15}" font-size="12">${code}</text
      ><rect x="180" y="${y + 4}" width="${width}" height="14" fill="#3a6ea5"></rect
      ><text x="${186 + width}" y="${y + 15}" font-size="12">${count}</text>`;
  });
  return html`<figure class="chart" data-testid="${testid}">
    <figcaption>${title}</figcaption>
    <svg
      role="img"
      aria-label="${title}: ${entries.map(([code, count]) => `${code} ${count}`).join(', ')}"
      viewBox="0 0 480 ${entries.length * rowHeight}"
      width="480"
      height="${entries.length * rowHeight}"
    >
      ${bars}
    </svg>
  </figure>`;
}

/** Data of the SSO activity page. */
export interface ActivityPageData {
  rows: SsoEvent[];
  total: number;
  page: number;
  perPage: number;
  summary: { day: Record<string, number>; week: Record<string, number> };
  query: Record<string, string | undefined>;
}

/** Renders SSO activity: charts per reason, filters and the paged event list. */
export function activityBody(data: ActivityPageData): SafeHtml {
  const q = data.query;
  const reasonChoices = [
    { value: '', label: 'Any' },
    ...REASON_CODES.map((code) => ({ value: code, label: code })),
  ];
  const rows = data.rows.map(
    (row) =>
      html`<tr>
        <td>
          <time datetime="${new Date(row.at).toISOString()}"
            >${new Date(row.at).toISOString().replace('T', ' ').slice(0, 19)} UTC</time
          >
        </td>
        <td>${row.outcome}</td>
        <td>
          ${row.reasons === '' ? '—' : row.reasons.split(' ').map((code) => html`<abbr title="${REASON_TEXTS[code as keyof typeof REASON_TEXTS]?.summary ?? ''}">${code}</abbr> `)}
        </td>
        <td>${row.contact_id ?? '—'}</td>
        <td>${row.email_masked ?? '—'}</td>
        <td>${row.provider}</td>
      </tr>`,
  );
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) if (value && key !== 'page') params.set(key, value);
  const pages = Math.max(1, Math.ceil(data.total / data.perPage));
  const link = (page: number) =>
    `/admin/activity?${params.toString()}${params.size > 0 ? '&' : ''}page=${page}`;
  return html`<div class="charts">
      ${reasonChart('Rejections per reason, last 24 hours', data.summary.day, 'chart-day')}
      ${reasonChart('Rejections per reason, last 7 days', data.summary.week, 'chart-week')}
    </div>
    <form method="get" action="/admin/activity" class="filters" data-testid="activity-filters">
      ${select({
        name: 'outcome',
        label: 'Outcome',
        testid: 'activity-outcome',
        choices: [
          { value: '', label: 'Any' },
          { value: 'success', label: 'Success' },
          { value: 'rejected', label: 'Rejected' },
        ],
        selected: q.outcome ?? '',
      })}
      ${select({ name: 'reason', label: 'Reason', testid: 'activity-reason', choices: reasonChoices, selected: q.reason ?? '' })}
      ${field({ name: 'contact_id', label: 'Contact id', value: q.contact_id ?? '', testid: 'activity-contact', inputmode: 'numeric' })}
      ${field({ name: 'from', label: 'From (date)', type: 'date', value: q.from ?? '', testid: 'activity-from' })}
      ${field({ name: 'to', label: 'To (date, exclusive)', type: 'date', value: q.to ?? '', testid: 'activity-to' })}
      <button type="submit" data-testid="activity-apply-filters">Filter</button>
    </form>
    <table data-testid="activity-table">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Outcome</th>
          <th scope="col">Reasons</th>
          <th scope="col">Contact</th>
          <th scope="col">Email</th>
          <th scope="col">Provider</th>
        </tr>
      </thead>
      <tbody>
        ${
          rows.length > 0
            ? rows
            : html`<tr>
                <td colspan="6">No sign-in attempts match.</td>
              </tr>`
        }
      </tbody>
    </table>
    <nav class="pager" aria-label="Pages">
      ${data.page > 1 ? html`<a href="${link(data.page - 1)}">Previous</a>` : ''}
      <span>Page ${data.page} of ${pages} · ${data.total} events</span>
      ${data.page < pages ? html`<a href="${link(data.page + 1)}">Next</a>` : ''}
    </nav>`;
}

/** Renders the Sync page. The script polls progress and redraws the last runs. */
export function syncBody(manageUrl: string): SafeHtml {
  return html`<p>
      Copies companies, contacts and invoices from <code>${manageUrl}</code>. Profiles set in
      Billfold are kept.
    </p>
    <p><button type="button" data-action="sync-now" data-testid="sync-now">Sync now</button></p>
    <div data-role="sync-progress" aria-live="polite" data-testid="sync-progress"></div>
    <p class="status" data-role="status" role="status" aria-live="polite"></p>
    <h2>Last runs</h2>
    <table data-testid="sync-runs">
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Finished</th>
          <th scope="col">Status</th>
          <th scope="col">Counts</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody data-role="sync-runs">
        <tr>
          <td colspan="5">Loading…</td>
        </tr>
      </tbody>
    </table>`;
}

/** Renders internal users (master only): list, role, TOTP and the create form. */
export function usersBody(users: InternalUser[], selfId: number): SafeHtml {
  const rows = users.map(
    (user) =>
      html`<tr>
        <td>${user.email}</td>
        <td>
          <label class="visually-hidden" for="role-${user.id}">Role of ${user.email}</label>
          <select
            id="role-${user.id}"
            data-action="set-role"
            data-user="${user.id}"
            data-testid="user-role-${user.id}"
            ${user.id === selfId ? html` disabled` : ''}
          >
            <option value="admin" ${user.role === 'admin' ? html` selected` : ''}>Admin</option>
            <option value="master" ${user.role === 'master' ? html` selected` : ''}>Master</option>
          </select>
        </td>
        <td>${user.totp_secret === null ? 'Off' : 'On'}</td>
        <td>
          <button
            type="button"
            class="link"
            data-action="totp-enrol"
            data-user="${user.id}"
            data-testid="user-totp-${user.id}"
          >
            ${user.totp_secret === null ? 'Set up second factor' : 'Reset second factor'}
          </button>
          ${user.totp_secret === null ? '' : html`<button type="button" class="link" data-action="totp-remove" data-user="${user.id}">Remove second factor</button>`}
        </td>
      </tr>`,
  );
  return html`<table data-testid="users-table">
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Role</th>
          <th scope="col">Second factor</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    <p class="status" data-role="row-status" role="status" aria-live="polite"></p>
    <section data-role="totp-secret" aria-live="polite" data-testid="totp-secret"></section>
    <section class="card" aria-labelledby="new-user">
      <h2 id="new-user">New internal user</h2>
      <form
        data-api="/api/v1/admin/users"
        data-method="POST"
        data-on-success="reload"
        novalidate
        data-testid="user-form"
      >
        ${field({ name: 'email', label: 'Email', type: 'email', testid: 'user-email' })}
        ${field({ name: 'password', label: 'Initial password (12 characters or more)', type: 'password', autocomplete: 'new-password', testid: 'user-password' })}
        ${select({
          name: 'role',
          label: 'Role',
          testid: 'user-role',
          choices: [
            { value: 'admin', label: 'Admin' },
            { value: 'master', label: 'Master' },
          ],
          selected: 'admin',
        })}
        <p class="status" data-role="status" role="status" aria-live="polite"></p>
        <button type="submit" data-testid="user-create">Create user</button>
      </form>
    </section>`;
}
