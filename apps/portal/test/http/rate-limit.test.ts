import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '@billfold/db/testing';
import { purgeExpiredRows } from '../../src/maintenance.js';
import { at, PORTAL_A, signLaunch, T0 } from '../support/fixture.js';
import { createScenario, type Scenario } from '../support/scenario.js';

describe.each(testDialects())('launch rate limit (%s)', (dialect) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario(dialect, {
      config: { rateLimit: { perIpPerMinute: 3, perTenantPerMinute: 7 } },
    });
  });
  afterAll(async () => {
    await s.close();
  });

  const launchFrom = async (ip: string) =>
    s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/api/v1/sessions',
        remoteAddress: ip,
        payload: { launch_token: await signLaunch(s) },
      }),
    );

  it('per ip limit with retry-after', async () => {
    s.clock.now = T0 + 15_000;
    for (let i = 0; i < 3; i += 1) expect((await launchFrom('192.0.2.1')).statusCode).toBe(201);
    const limited = await launchFrom('192.0.2.1');
    expect(limited.statusCode).toBe(429);
    expect((limited.json() as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBe('45');
  });

  it('form post counts too', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/sso/connectwise',
        remoteAddress: '192.0.2.1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `launch_token=${await signLaunch(s)}`,
      }),
    );
    expect(response.statusCode).toBe(429);
  });

  it('per tenant limit across ips', async () => {
    expect((await launchFrom('192.0.2.2')).statusCode).toBe(201);
    expect((await launchFrom('192.0.2.3')).statusCode).toBe(201);
    const limited = await launchFrom('192.0.2.4');
    expect(limited.statusCode).toBe(429);
  });

  it('next window resets', async () => {
    s.clock.now = T0 + 60_000;
    expect((await launchFrom('192.0.2.1')).statusCode).toBe(201);
  });

  it('purge removes old windows and replay rows', async () => {
    s.clock.now = T0 + 60 * 60_000;
    const purged = await purgeExpiredRows(s.ctx);
    expect(purged.rateLimits).toBeGreaterThan(0);
    expect(purged.replay).toBeGreaterThan(0);
    const left = await s.ctx.db.selectFrom('replay_guard').selectAll().execute();
    expect(left).toHaveLength(0);
  });
});
