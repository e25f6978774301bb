import { describe, expect, it } from 'vitest';
import {
  evaluateEligibility,
  REASON_CODES,
  type ContactRecord,
  type EligibilityInput,
  type LaunchAssertion,
  type ReasonCode,
} from '../src/index.js';

const ADA: ContactRecord = {
  id: 1,
  psaId: '42',
  email: 'ada.admin@northwind.example',
  linkedPsaCompanyId: '7',
  inactive: false,
  accessRevoked: false,
};

function contact(overrides: Partial<ContactRecord> = {}): ContactRecord {
  return { ...ADA, ...overrides };
}

function launch(overrides: Partial<LaunchAssertion> = {}): LaunchAssertion {
  return {
    provider: 'connectwise_portal',
    psaContactId: '42',
    email: 'ada.admin@northwind.example',
    psaCompanyId: '7',
    roles: ['Billing Admin'],
    ...overrides,
  };
}

function input(overrides: Partial<EligibilityInput> = {}): EligibilityInput {
  return {
    tenant: { ssoEnabled: true, ssoProvider: 'connectwise_portal', requiredRole: 'Billing Admin' },
    launch: launch(),
    contactById: contact(),
    contactsByEmail: [],
    internalUserWithEmail: false,
    ...overrides,
  };
}

/** Builds an email-only launch, as the token-callback provider sends it. */
function emailLaunch(overrides: Partial<LaunchAssertion> = {}): LaunchAssertion {
  return launch({
    provider: 'token_callback',
    psaContactId: null,
    psaCompanyId: null,
    roles: null,
    ...overrides,
  });
}

const callbackTenant = {
  ssoEnabled: true,
  ssoProvider: 'token_callback',
  requiredRole: 'Billing Admin',
};

describe('evaluateEligibility', () => {
  it('accepts an eligible contact', () => {
    const result = evaluateEligibility(input());
    expect(result).toEqual({ eligible: true, reasons: [], contact: ADA });
  });

  const single: Array<[ReasonCode, Partial<EligibilityInput>]> = [
    [
      'sso_disabled',
      {
        tenant: {
          ssoEnabled: false,
          ssoProvider: 'connectwise_portal',
          requiredRole: 'Billing Admin',
        },
      },
    ],
    ['contact_not_found', { contactById: null }],
    ['contact_not_linked', { contactById: contact({ linkedPsaCompanyId: null }) }],
    ['company_mismatch', { launch: launch({ psaCompanyId: '8' }) }],
    ['email_mismatch', { launch: launch({ email: 'someone.else@northwind.example' }) }],
    [
      'contact_ambiguous',
      {
        tenant: callbackTenant,
        launch: emailLaunch(),
        contactById: null,
        contactsByEmail: [
          contact({ id: 1 }),
          contact({ id: 2, psaId: '43', linkedPsaCompanyId: '8' }),
        ],
      },
    ],
    ['contact_inactive', { contactById: contact({ inactive: true }) }],
    ['internal_user_conflict', { internalUserWithEmail: true }],
    ['access_revoked', { contactById: contact({ accessRevoked: true }) }],
    ['missing_billing_role', { launch: launch({ roles: ['Viewer'] }) }],
  ];

  it('covers every reason code', () => {
    expect(single.map(([code]) => code).sort()).toEqual([...REASON_CODES].sort());
  });

  it.each(single)('reports %s alone', (code, overrides) => {
    const result = evaluateEligibility(input(overrides));
    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual([code]);
  });

  it('reports sso_disabled for another provider', () => {
    const result = evaluateEligibility(input({ launch: launch({ provider: 'token_callback' }) }));
    expect(result.reasons).toEqual(['sso_disabled']);
  });

  it('reports every failing rule', () => {
    const result = evaluateEligibility(
      input({
        tenant: {
          ssoEnabled: false,
          ssoProvider: 'connectwise_portal',
          requiredRole: 'Billing Admin',
        },
        launch: launch({ psaCompanyId: '8', email: 'other@northwind.example', roles: [] }),
        contactById: contact({ inactive: true, accessRevoked: true }),
        internalUserWithEmail: true,
      }),
    );

    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual([
      'sso_disabled',
      'company_mismatch',
      'email_mismatch',
      'contact_inactive',
      'internal_user_conflict',
      'access_revoked',
      'missing_billing_role',
    ]);
    expect(result.contact).toEqual(contact({ inactive: true, accessRevoked: true }));
  });

  it('reports reasons in REASON_CODES order', () => {
    const result = evaluateEligibility(
      input({
        contactById: contact({
          linkedPsaCompanyId: null,
          email: null,
          inactive: true,
          accessRevoked: true,
        }),
        internalUserWithEmail: true,
        launch: launch({ roles: ['billing admin'] }),
      }),
    );
    const order = result.reasons.map((code) => REASON_CODES.indexOf(code));

    expect(result.reasons).toEqual([
      'contact_not_linked',
      'email_mismatch',
      'contact_inactive',
      'internal_user_conflict',
      'access_revoked',
      'missing_billing_role',
    ]);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('reports not found with other rules', () => {
    const result = evaluateEligibility(
      input({ contactById: null, internalUserWithEmail: true, launch: launch({ roles: [] }) }),
    );
    expect(result.reasons).toEqual([
      'contact_not_found',
      'internal_user_conflict',
      'missing_billing_role',
    ]);
    expect(result.contact).toBeNull();
  });
});

describe('evaluateEligibility identity', () => {
  it('matches by id over email', () => {
    const byEmail = contact({ id: 9, psaId: '99', linkedPsaCompanyId: '8' });
    const result = evaluateEligibility(input({ contactsByEmail: [byEmail] }));

    expect(result.eligible).toBe(true);
    expect(result.contact?.id).toBe(1);
  });

  it('ignores email matches when the id is unknown', () => {
    const result = evaluateEligibility(input({ contactById: null, contactsByEmail: [contact()] }));
    expect(result.reasons).toEqual(['contact_not_found']);
  });

  it('rejects an id match with another email', () => {
    const result = evaluateEligibility(
      input({ contactById: contact({ email: 'rex.revoked@northwind.example' }) }),
    );
    expect(result.reasons).toEqual(['email_mismatch']);
  });

  it('rejects an id match without synced email', () => {
    const result = evaluateEligibility(input({ contactById: contact({ email: null }) }));
    expect(result.reasons).toEqual(['email_mismatch']);
  });

  it('skips the email check without asserted email', () => {
    const result = evaluateEligibility(
      input({ launch: launch({ email: null }), contactById: contact({ email: null }) }),
    );
    expect(result.eligible).toBe(true);
  });

  it('skips the company check without asserted company', () => {
    const result = evaluateEligibility(input({ launch: launch({ psaCompanyId: null }) }));
    expect(result.eligible).toBe(true);
  });

  it('compares emails after normalisation', () => {
    const result = evaluateEligibility(
      input({ launch: launch({ email: '  ADA.Admin@Northwind.EXAMPLE ' }) }),
    );
    expect(result.eligible).toBe(true);
  });
});

describe('evaluateEligibility by email', () => {
  const sam = (id: number, company: string | null): ContactRecord =>
    contact({
      id,
      psaId: String(100 + id),
      email: 'sam.shared@contoso.example',
      linkedPsaCompanyId: company,
    });

  function byEmail(overrides: Partial<EligibilityInput>): EligibilityInput {
    return input({
      tenant: callbackTenant,
      launch: emailLaunch({ email: 'sam.shared@contoso.example' }),
      contactById: null,
      ...overrides,
    });
  }

  it('finds a single match', () => {
    const result = evaluateEligibility(byEmail({ contactsByEmail: [sam(1, 'contoso')] }));
    expect(result.eligible).toBe(true);
    expect(result.contact?.id).toBe(1);
  });

  it('finds a match after normalisation', () => {
    const stored = contact({ email: ' Sam.Shared@CONTOSO.example' });
    const result = evaluateEligibility(byEmail({ contactsByEmail: [stored] }));
    expect(result.eligible).toBe(true);
  });

  it('reports an ambiguous email', () => {
    const result = evaluateEligibility(
      byEmail({ contactsByEmail: [sam(1, 'contoso'), sam(2, 'fabrikam')] }),
    );
    expect(result.reasons).toEqual(['contact_ambiguous']);
    expect(result.contact).toBeNull();
  });

  it.each([
    ['contoso', 1],
    ['fabrikam', 2],
  ])('resolves ambiguity with company %s', (company, id) => {
    const result = evaluateEligibility(
      byEmail({
        launch: emailLaunch({ email: 'sam.shared@contoso.example', psaCompanyId: company }),
        contactsByEmail: [sam(1, 'contoso'), sam(2, 'fabrikam')],
      }),
    );
    expect(result.eligible).toBe(true);
    expect(result.contact?.id).toBe(id);
  });

  it('stays ambiguous for an unrelated company', () => {
    const result = evaluateEligibility(
      byEmail({
        launch: emailLaunch({ email: 'sam.shared@contoso.example', psaCompanyId: 'northwind' }),
        contactsByEmail: [sam(1, 'contoso'), sam(2, 'fabrikam')],
      }),
    );
    expect(result.reasons).toEqual(['contact_ambiguous']);
  });

  it('reports a mismatch for a single match elsewhere', () => {
    const result = evaluateEligibility(
      byEmail({
        launch: emailLaunch({ email: 'sam.shared@contoso.example', psaCompanyId: 'fabrikam' }),
        contactsByEmail: [sam(1, 'contoso')],
      }),
    );
    expect(result.reasons).toEqual(['company_mismatch']);
  });

  it('accepts two contacts in one company', () => {
    const result = evaluateEligibility(
      byEmail({ contactsByEmail: [sam(1, 'contoso'), sam(2, 'contoso')] }),
    );
    expect(result.reasons).toEqual([]);
    expect(result.contact?.id).toBe(1);
  });

  it('reports an unlinked contact', () => {
    const result = evaluateEligibility(byEmail({ contactsByEmail: [sam(1, null)] }));
    expect(result.reasons).toEqual(['contact_not_linked']);
    expect(result.contact?.id).toBe(1);
  });

  it('treats two unlinked contacts as ambiguous', () => {
    const result = evaluateEligibility(byEmail({ contactsByEmail: [sam(1, null), sam(2, null)] }));
    expect(result.reasons).toEqual(['contact_ambiguous']);
  });

  it('reports no match', () => {
    const result = evaluateEligibility(byEmail({ contactsByEmail: [] }));
    expect(result.reasons).toEqual(['contact_not_found']);
  });

  it('skips candidates whose email differs', () => {
    const others = [contact({ email: null }), contact({ id: 2, email: 'sam@contoso.example' })];
    const result = evaluateEligibility(byEmail({ contactsByEmail: others }));
    expect(result.reasons).toEqual(['contact_not_found']);
  });

  it('reports not found without id or email', () => {
    const result = evaluateEligibility(
      byEmail({ launch: emailLaunch({ email: null }), contactsByEmail: [sam(1, 'contoso')] }),
    );
    expect(result.reasons).toEqual(['contact_not_found']);
  });

  it.each([
    ['dotless ı', 'admin@contoso.example', 'adm\u0131n@contoso.example'],
    ['Turkish İ', 'ivan@contoso.example', '\u0130van@contoso.example'],
    ['Cyrillic а', 'sam.shared@contoso.example', 's\u0430m.shared@contoso.example'],
    ['full-width ａ', 'sam.shared@contoso.example', 'sam.sh\uff41red@contoso.example'],
  ])('does not match a %s look-alike', (_name, stored, asserted) => {
    const result = evaluateEligibility(
      byEmail({
        launch: emailLaunch({ email: asserted }),
        contactsByEmail: [contact({ email: stored })],
      }),
    );
    expect(result.reasons).toEqual(['contact_not_found']);
  });
});

describe('evaluateEligibility roles', () => {
  it('skips the role rule without roles', () => {
    const result = evaluateEligibility(input({ launch: launch({ roles: null }) }));
    expect(result.eligible).toBe(true);
  });

  it('reports an empty role list', () => {
    const result = evaluateEligibility(input({ launch: launch({ roles: [] }) }));
    expect(result.reasons).toEqual(['missing_billing_role']);
  });

  it('accepts the role among others', () => {
    const result = evaluateEligibility(
      input({ launch: launch({ roles: ['Viewer', 'Billing Admin'] }) }),
    );
    expect(result.eligible).toBe(true);
  });

  it('compares role names exactly', () => {
    const result = evaluateEligibility(
      input({ launch: launch({ roles: ['billing admin', 'Billing Admin '] }) }),
    );
    expect(result.reasons).toEqual(['missing_billing_role']);
  });

  it('uses the tenant role setting', () => {
    const tenant = {
      ssoEnabled: true,
      ssoProvider: 'connectwise_portal',
      requiredRole: 'Payments',
    };
    const withDefault = evaluateEligibility(input({ tenant }));
    const withSetting = evaluateEligibility(
      input({ tenant, launch: launch({ roles: ['Payments'] }) }),
    );

    expect(withDefault.reasons).toEqual(['missing_billing_role']);
    expect(withSetting.eligible).toBe(true);
  });
});
