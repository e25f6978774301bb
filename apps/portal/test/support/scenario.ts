import { normalizeEmail } from '@billfold/eligibility';
import type { Tenant } from '@billfold/db';
import {
  createCompany,
  createContact,
  createHarness,
  createProfiles,
  createSsoTenant,
  PORTAL_A,
  PORTAL_B,
  T0,
  type Harness,
  type HarnessOptions,
  type Profiles,
} from './fixture.js';
import type { DialectName } from '@billfold/db';

/** A tenant with people covering every eligibility outcome, and a second tenant. */
export interface Scenario extends Harness {
  tenant: Tenant;
  other: Tenant;
  profiles: Profiles;
  companies: { northwind: number; contoso: number; fabrikam: number };
  contacts: {
    ada: number;
    rex: number;
    ivan: number;
    ina: number;
    una: number;
    samContoso: number;
    samFabrikam: number;
    vera: number;
  };
}

/**
 * Seeds tenant `acme` (portal A): Northwind (PSA 9001), Contoso (9002), Fabrikam (9003);
 * contacts Ada 5001 (Admin), Rex 5002 (Revoke Access), Ivan 5003 (also an internal user),
 * Ina 5004 (inactive), Una 5005 (no company), Sam 5006/5007 (one email, two companies),
 * Vera 5008 (View Only). Tenant `beta` (portal B) has its own copy of Ada.
 */
export async function createScenario(
  dialect: DialectName,
  options: HarnessOptions = {},
): Promise<Scenario> {
  const harness = await createHarness(dialect, options);
  const tenant = await createSsoTenant(harness, 'acme', PORTAL_A);
  const other = await createSsoTenant(harness, 'beta', PORTAL_B);
  const profiles = await createProfiles(harness, tenant.id);
  const northwind = await createCompany(harness, tenant.id, 9001, 'Northwind Traders');
  const contoso = await createCompany(harness, tenant.id, 9002, 'Contoso');
  const fabrikam = await createCompany(harness, tenant.id, 9003, 'Fabrikam');

  const contact = (
    psaId: number,
    companyId: number | null,
    psaCompanyId: number | null,
    email: string,
    profileId: number,
    inactive: 0 | 1 = 0,
  ) =>
    createContact(harness, {
      tenantId: tenant.id,
      psaId,
      companyId,
      psaCompanyId,
      email,
      profileId,
      inactive,
    });
  const contacts = {
    ada: await contact(5001, northwind, 9001, 'ada.admin@northwind.example', profiles.admin),
    rex: await contact(5002, northwind, 9001, 'rex.revoked@northwind.example', profiles.revoke),
    ivan: await contact(5003, northwind, 9001, 'ivan.internal@northwind.example', profiles.admin),
    ina: await contact(5004, northwind, 9001, 'ina.inactive@northwind.example', profiles.admin, 1),
    una: await contact(5005, null, null, 'una.unlinked@northwind.example', profiles.admin),
    samContoso: await contact(5006, contoso, 9002, 'sam.shared@contoso.example', profiles.admin),
    samFabrikam: await contact(5007, fabrikam, 9003, 'sam.shared@contoso.example', profiles.admin),
    vera: await contact(5008, northwind, 9001, 'vera.view@northwind.example', profiles.viewOnly),
  };
  await harness.ctx.db
    .insertInto('internal_users')
    .values({
      tenant_id: tenant.id,
      email: 'ivan.internal@northwind.example',
      email_normalized: normalizeEmail('ivan.internal@northwind.example'),
      password_hash: 'scrypt$unused',
      role: 'admin',
      created_at: T0,
      updated_at: T0,
    })
    .execute();

  const otherProfiles = await createProfiles(harness, other.id);
  const otherNorthwind = await createCompany(harness, other.id, 9001, 'Northwind at Beta');
  await createContact(harness, {
    tenantId: other.id,
    psaId: 5001,
    companyId: otherNorthwind,
    psaCompanyId: 9001,
    email: 'ada.admin@northwind.example',
    profileId: otherProfiles.admin,
  });

  return {
    ...harness,
    tenant,
    other,
    profiles,
    companies: { northwind, contoso, fabrikam },
    contacts,
  };
}
