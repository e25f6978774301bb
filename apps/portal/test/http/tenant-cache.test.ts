import { addHostOrigin, type Tenant } from '@billfold/db';
import { testDialects } from '@billfold/db/testing';
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInternalUser } from '../../src/admin/passwords.js';
import { TenantCache, type TenantSettings } from '../../src/http/tenant-cache.js';
import { adminRequest, MASTER_EMAIL, PASSWORD, signIn } from '../admin/admin-fixture.js';
import { at, PORTAL_A, T0 } from '../support/fixture.js';
import { createScenario, type Scenario } from '../support/scenario.js';

const settingsOf = (name: string): TenantSettings => ({
  tenant: { id: 1, name } as Tenant,
  hostOrigins: ['https://host.example'],
  issuers: [],
});

describe('TenantCache', () => {
  let time = 0;
  let loads = 0;
  const load = (name: string) => async () => {
    loads += 1;
    return settingsOf(name);
  };

  beforeEach(() => {
    time = 0;
    loads = 0;
  });

  it('reuses settings within the period', async () => {
    const cache = new TenantCache(1000, () => time);
    await cache.get('https://a.example', load('first'));
    time = 999;
    const settings = await cache.get('https://a.example', load('second'));

    expect(settings?.tenant.name).toBe('first');
    expect(loads).toBe(1);
  });

  it('reloads after the period', async () => {
    const cache = new TenantCache(1000, () => time);
    await cache.get('https://a.example', load('first'));
    time = 1000;
    const settings = await cache.get('https://a.example', load('second'));

    expect(settings?.tenant.name).toBe('second');
    expect(loads).toBe(2);
  });

  it('keeps origins apart', async () => {
    const cache = new TenantCache(1000, () => time);
    await cache.get('https://a.example', load('a'));
    const settings = await cache.get('https://b.example', load('b'));

    expect(settings?.tenant.name).toBe('b');
    expect(loads).toBe(2);
  });

  it('caches an unknown origin', async () => {
    const cache = new TenantCache(1000, () => time);
    const unknown = async () => {
      loads += 1;
      return null;
    };
    expect(await cache.get('https://nobody.example', unknown)).toBeNull();
    expect(await cache.get('https://nobody.example', unknown)).toBeNull();

    expect(loads).toBe(1);
  });

  it('shares one load between concurrent misses', async () => {
    const cache = new TenantCache(1000, () => time);
    const [first, second] = await Promise.all([
      cache.get('https://a.example', load('first')),
      cache.get('https://a.example', load('second')),
    ]);

    expect(first?.tenant.name).toBe('first');
    expect(second?.tenant.name).toBe('first');
    expect(loads).toBe(1);
  });

  it('does not keep a failed load', async () => {
    const cache = new TenantCache(1000, () => time);
    const failing = async (): Promise<TenantSettings> => {
      loads += 1;
      throw new Error('database unavailable');
    };
    await expect(cache.get('https://a.example', failing)).rejects.toThrow('database unavailable');
    const settings = await cache.get('https://a.example', load('after'));

    expect(settings?.tenant.name).toBe('after');
    expect(loads).toBe(2);
  });

  it('reloads after clear', async () => {
    const cache = new TenantCache(1000, () => time);
    await cache.get('https://a.example', load('first'));
    cache.clear();
    const settings = await cache.get('https://a.example', load('second'));

    expect(settings?.tenant.name).toBe('second');
  });

  it('loads every time with a period of 0', async () => {
    const cache = new TenantCache(0, () => time);
    await cache.get('https://a.example', load('first'));
    const settings = await cache.get('https://a.example', load('second'));

    expect(loads).toBe(2);
    expect(Object.isFrozen(settings?.tenant)).toBe(true);
  });

  it('keeps tenants through an unknown-host flood', async () => {
    const cache = new TenantCache(1000, () => time);
    await cache.get('https://a.example', load('a'));
    for (let index = 0; index < 2500; index++) {
      await cache.get(`https://made-up-${index}.example`, async () => null);
    }
    const settings = await cache.get('https://a.example', load('reloaded'));

    expect(settings?.tenant.name).toBe('a');
  });

  it('freezes what it hands out', async () => {
    const cache = new TenantCache(1000, () => time);
    const settings = await cache.get('https://a.example', load('first'));

    expect(Object.isFrozen(settings?.tenant)).toBe(true);
    expect(Object.isFrozen(settings?.hostOrigins)).toBe(true);
  });
});

describe.each(testDialects())('tenant cache in the portal (%s)', (dialect) => {
  const NEW_HOST = 'https://new-host.example';
  let s: Scenario;

  beforeEach(async () => {
    s = await createScenario(dialect, { config: { tenantCacheMs: 60_000 } });
  });
  afterEach(async () => {
    await s.close();
  });

  const preflightFrom = (origin: string): InjectOptions =>
    at(PORTAL_A, {
      method: 'OPTIONS',
      url: '/api/v1/sessions',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('serves cached host origins until the period ends', async () => {
    await s.app.inject(preflightFrom(NEW_HOST));
    await addHostOrigin(s.ctx.db, s.tenant.id, NEW_HOST, T0);
    const cached = await s.app.inject(preflightFrom(NEW_HOST));

    expect(cached.headers['access-control-allow-origin']).toBeUndefined();

    s.ctx.tenantCache.clear();
    const fresh = await s.app.inject(preflightFrom(NEW_HOST));

    expect(fresh.headers['access-control-allow-origin']).toBe(NEW_HOST);
  });

  it('applies a console change at once', async () => {
    await createInternalUser(s.ctx.db, {
      tenantId: s.tenant.id,
      email: MASTER_EMAIL,
      password: PASSWORD,
      role: 'master',
    });
    const master = await signIn(s);
    await s.app.inject(preflightFrom(NEW_HOST));

    const saved = await s.app.inject(
      adminRequest({
        method: 'PUT',
        url: '/api/v1/admin/sso',
        signIn: master,
        payload: {
          enabled: true,
          provider: 'connectwise_portal',
          required_role: 'Billing Admin',
          host_origins: NEW_HOST,
          issuers: [
            {
              issuer: 'https://manage.host.example',
              jwks_url: 'https://manage.host.example/jwks',
              algorithms: ['ES256'],
            },
          ],
        },
      }),
    );
    expect(saved.statusCode).toBe(200);
    const after = await s.app.inject(preflightFrom(NEW_HOST));

    expect(after.headers['access-control-allow-origin']).toBe(NEW_HOST);
  });
});
