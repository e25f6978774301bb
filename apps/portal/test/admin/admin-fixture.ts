import { createTenant, type Tenant } from '@billfold/db';
import type { DialectName } from '@billfold/db';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createInternalUser } from '../../src/admin/passwords.js';
import { at, createHarness, PORTAL_A, T0, type Harness } from '../support/fixture.js';

export const MASTER_EMAIL = 'master@msp.example';
export const ADMIN_EMAIL = 'helper@msp.example';
export const PASSWORD = 'correct horse battery staple';

/** A harness with tenant `acme` at PORTAL_A and a master and an admin user. */
export interface AdminHarness extends Harness {
  tenant: Tenant;
}

/** Creates the harness and the two internal users. */
export async function createAdminHarness(dialect: DialectName): Promise<AdminHarness> {
  const harness = await createHarness(dialect);
  const tenant = await createTenant(harness.ctx.db, {
    slug: 'acme',
    name: 'Acme MSP',
    portalOrigin: PORTAL_A,
    now: T0,
  });
  for (const [email, role] of [
    [MASTER_EMAIL, 'master'],
    [ADMIN_EMAIL, 'admin'],
  ] as const) {
    await createInternalUser(harness.ctx.db, {
      tenantId: tenant.id,
      email,
      password: PASSWORD,
      role,
      now: T0,
    });
  }
  return { ...harness, tenant };
}

/** A signed-in console: its cookie and CSRF token. */
export interface AdminSignIn {
  cookie: string;
  csrf: string;
}

/** Posts to the admin API as the console would, from PORTAL_A. */
export function adminRequest(options: InjectOptions & { signIn?: AdminSignIn }): InjectOptions {
  const { signIn, ...rest } = options;
  return at(PORTAL_A, {
    ...rest,
    headers: {
      origin: PORTAL_A,
      ...(signIn === undefined ? {} : { cookie: signIn.cookie, 'x-csrf-token': signIn.csrf }),
      ...(rest.headers ?? {}),
    },
  });
}

/** Signs in and returns the cookie and CSRF token; throws when sign-in fails. */
export async function signIn(
  harness: Harness,
  email = MASTER_EMAIL,
  password = PASSWORD,
  totp?: string,
): Promise<AdminSignIn> {
  const response = await harness.app.inject(
    adminRequest({
      method: 'POST',
      url: '/api/v1/admin/session',
      payload: { email, password, totp },
    }),
  );
  if (response.statusCode !== 201) throw new Error(`sign-in failed: ${response.body}`);
  return { cookie: cookieOf(response), csrf: response.json<{ csrf_token: string }>().csrf_token };
}

/** The `name=value` of the admin cookie a response set. */
export function cookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((item) => item.name === '__Host-billfold_admin');
  if (cookie === undefined) throw new Error('no admin cookie set');
  return `${cookie.name}=${cookie.value}`;
}
