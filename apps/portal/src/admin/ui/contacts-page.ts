import type { AdminContactRow, Profile } from '@billfold/db';
import { html, type SafeHtml } from './html.js';
import { checkbox, select } from './layout.js';

/** Data of the Client users page. */
export interface ContactsPageData {
  rows: AdminContactRow[];
  total: number;
  page: number;
  perPage: number;
  profiles: Profile[];
  companies: { id: number; name: string }[];
  query: Record<string, string | undefined>;
}

function flagChoices(yes: string, no: string) {
  return [
    { value: '', label: 'Any' },
    { value: '1', label: yes },
    { value: '0', label: no },
  ];
}

function pager(data: ContactsPageData): SafeHtml {
  const pages = Math.max(1, Math.ceil(data.total / data.perPage));
  const link = (page: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(data.query)) {
      if (value !== undefined && value !== '' && key !== 'page') params.set(key, value);
    }
    params.set('page', String(page));
    return `/admin/contacts?${params.toString()}`;
  };
  return html`<nav class="pager" aria-label="Pages">
    ${data.page > 1 ? html`<a href="${link(data.page - 1)}" data-testid="contacts-prev">Previous</a>` : ''}
    <span>Page ${data.page} of ${pages} · ${data.total} contacts</span>
    ${data.page < pages ? html`<a href="${link(data.page + 1)}" data-testid="contacts-next">Next</a>` : ''}
  </nav>`;
}

/** Renders Client users: filters, the paged table with a profile per contact, and the bulk update. */
export function contactsBody(data: ContactsPageData): SafeHtml {
  const profileChoices = data.profiles.map((profile) => ({
    value: String(profile.id),
    label: profile.name,
  }));
  const q = data.query;
  const rows = data.rows.map(
    (row) =>
      html`<tr>
        <td>${row.first_name} ${row.last_name}</td>
        <td>${row.email ?? '—'}</td>
        <td>${row.company_name ?? 'Not linked'}</td>
        <td>${row.default_billing === 1 ? 'Yes' : 'No'}</td>
        <td>${row.inactive === 1 ? 'Inactive' : 'Active'}</td>
        <td>
          <label class="visually-hidden" for="profile-${row.id}"
            >Profile of ${row.first_name} ${row.last_name}</label
          >
          <select
            id="profile-${row.id}"
            data-action="set-profile"
            data-contact="${row.id}"
            data-testid="contact-profile-${row.id}"
          >
            ${profileChoices.map(
              (choice) =>
                html`<option
                  value="${choice.value}"
                  ${Number(choice.value) === row.profile_id ? html` selected` : ''}
                >
                  ${choice.label}
                </option>`,
            )}
          </select>
        </td>
      </tr>`,
  );
  return html` <section aria-labelledby="bulk-title" class="card">
      <h2 id="bulk-title">Bulk update of default billing contacts</h2>
      <p>
        Gives a profile to default billing contacts in Billfold only; nothing is written back to the
        PSA.
      </p>
      <form
        data-api="/api/v1/admin/bulk-profile/preview"
        data-method="POST"
        data-on-success="bulk-preview"
        data-testid="bulk-form"
        novalidate
      >
        ${select({ name: 'profile_id', label: 'Profile to give', testid: 'bulk-profile', choices: profileChoices, selected: String(data.profiles.find((p) => p.name === 'Admin')?.id ?? '') })}
        <fieldset aria-describedby="f-mode-error">
          <legend>Which default billing contacts</legend>
          <div class="check">
            <input
              type="radio"
              id="mode-only-revoked"
              name="mode"
              value="only_revoked"
              checked
              data-testid="bulk-mode-only-revoked"
            /><label for="mode-only-revoked">Only those still at Revoke Access</label>
          </div>
          <div class="check">
            <input
              type="radio"
              id="mode-all"
              name="mode"
              value="all"
              data-testid="bulk-mode-all"
            /><label for="mode-all">All default billing contacts</label>
          </div>
          <p class="error" id="f-mode-error" data-error-for="mode"></p>
        </fieldset>
        <button type="submit" class="secondary" data-testid="bulk-preview">Preview</button>
        <div data-role="bulk-result" aria-live="polite" data-testid="bulk-result"></div>
        <button type="button" data-action="bulk-apply" data-testid="bulk-apply" hidden>
          Apply to these contacts
        </button>
        <p class="status" data-role="status" role="status" aria-live="polite"></p>
      </form>
    </section>
    <section aria-labelledby="list-title">
      <h2 id="list-title">Contacts</h2>
      <form method="get" action="/admin/contacts" class="filters" data-testid="contacts-filters">
        <div class="field">
          <label for="f-search">Search name or email</label
          ><input
            id="f-search"
            name="search"
            type="search"
            value="${q.search ?? ''}"
            data-testid="contacts-search"
          />
        </div>
        ${select({ name: 'company_id', label: 'Company', testid: 'contacts-company', choices: [{ value: '', label: 'Any' }, ...data.companies.map((c) => ({ value: String(c.id), label: c.name }))], selected: q.company_id ?? '' })}
        ${select({ name: 'profile_id', label: 'Profile', testid: 'contacts-profile', choices: [{ value: '', label: 'Any' }, ...profileChoices], selected: q.profile_id ?? '' })}
        ${select({ name: 'default_billing', label: 'Default billing contact', testid: 'contacts-default-billing', choices: flagChoices('Yes', 'No'), selected: q.default_billing ?? '' })}
        ${select({ name: 'has_email', label: 'Has email', testid: 'contacts-has-email', choices: flagChoices('Yes', 'No'), selected: q.has_email ?? '' })}
        ${select({ name: 'inactive', label: 'Status', testid: 'contacts-inactive', choices: flagChoices('Inactive', 'Active'), selected: q.inactive ?? '' })}
        <button type="submit" data-testid="contacts-apply-filters">Filter</button>
      </form>
      <p class="status" data-role="row-status" role="status" aria-live="polite"></p>
      <table data-testid="contacts-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Company</th>
            <th scope="col">Default billing</th>
            <th scope="col">Status</th>
            <th scope="col">Profile</th>
          </tr>
        </thead>
        <tbody>
          ${
            rows.length > 0
              ? rows
              : html`<tr>
                  <td colspan="6">No contacts match.</td>
                </tr>`
          }
        </tbody>
      </table>
      ${pager(data)}
    </section>`;
}

/** Renders the profile list and the create form. */
export function profilesBody(profiles: Profile[]): SafeHtml {
  const yes = (flag: number) => (flag === 1 ? 'Yes' : 'No');
  const rows = profiles.map(
    (profile) =>
      html`<tr>
        <td>${profile.name}${profile.is_revoke === 1 ? ' (built in)' : ''}</td>
        <td>${yes(profile.can_view_invoices)}</td>
        <td>${yes(profile.can_download_pdf)}</td>
        <td>${yes(profile.can_pay)}</td>
        <td>
          ${profile.is_revoke === 1 ? 'Cannot be deleted' : html`<button type="button" class="link" data-action="delete-profile" data-profile="${profile.id}" data-testid="profile-delete-${profile.id}">Delete</button>`}
        </td>
      </tr>`,
  );
  return html`<table data-testid="profiles-table">
      <thead>
        <tr>
          <th scope="col">Profile</th>
          <th scope="col">View invoices</th>
          <th scope="col">Download PDFs</th>
          <th scope="col">Pay</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    <p class="status" data-role="row-status" role="status" aria-live="polite"></p>
    <section class="card" aria-labelledby="new-profile">
      <h2 id="new-profile">New profile</h2>
      <form
        data-api="/api/v1/admin/profiles"
        data-method="POST"
        data-on-success="reload"
        novalidate
        data-testid="profile-form"
      >
        <div class="field">
          <label for="f-name">Name</label
          ><input
            id="f-name"
            name="name"
            data-testid="profile-name"
            aria-describedby="f-name-error"
          />
          <p class="error" id="f-name-error" data-error-for="name"></p>
        </div>
        ${checkbox({ name: 'view_invoices', label: 'View invoices', checked: true, testid: 'profile-view' })}
        ${checkbox({ name: 'download_pdf', label: 'Download PDFs', checked: true, testid: 'profile-pdf' })}
        ${checkbox({ name: 'pay', label: 'Pay', checked: false, testid: 'profile-pay' })}
        <p class="status" data-role="status" role="status" aria-live="polite"></p>
        <button type="submit" data-testid="profile-create">Create profile</button>
      </form>
    </section>`;
}
