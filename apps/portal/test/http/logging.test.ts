import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { maskEmail } from '../../src/logger.js';
import { at, PORTAL_A, signLaunch } from '../support/fixture.js';
import { createScenario, type Scenario } from '../support/scenario.js';
import type { FastifyInstance } from 'fastify';

describe('logging', () => {
  let s: Scenario;
  let app: FastifyInstance;
  const lines: string[] = [];

  beforeAll(async () => {
    s = await createScenario('sqlite');
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(
          ...chunk
            .toString()
            .split('\n')
            .filter((line) => line !== ''),
        );
        done();
      },
    });
    app = await buildApp({
      ctx: { ...s.ctx, config: { ...s.ctx.config, logLevel: 'info' } },
      logStream: stream,
    });
  });
  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('mask email', () => {
    expect(maskEmail('ada.admin@northwind.example')).toBe('a***@northwind.example');
    expect(maskEmail('no-at-sign')).toBe('***');
    expect(maskEmail(null)).toBeNull();
  });

  it('launch logs hold no token or full email', async () => {
    const accepted = await signLaunch(s);
    const rejected = await signLaunch(s, { roles: [] });
    const ok = await app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { launch_token: accepted },
      }),
    );
    const accessToken = (ok.json() as { access_token: string }).access_token;
    await app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/sso/connectwise',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `launch_token=${rejected}`,
      }),
    );
    await app.inject(
      at(PORTAL_A, {
        method: 'GET',
        url: '/api/v1/me',
        headers: {
          authorization: `Bearer ${accessToken}`,
          cookie: `__Host-billfold_session=${accessToken}`,
        },
      }),
    );
    await app.inject(
      at(PORTAL_A, { method: 'GET', url: '/sso/callback?auth_token=secret-opaque-value' }),
    );

    const log = lines.join('\n');
    for (const secret of [
      accepted,
      rejected,
      accessToken,
      'secret-opaque-value',
      'ada.admin@northwind.example',
    ]) {
      expect(log).not.toContain(secret);
    }
    const entries = lines.map(
      (line) =>
        JSON.parse(line) as { level: number; msg: string; reasons?: string[]; email?: string },
    );
    const success = entries.find((entry) => entry.msg === 'sso launch accepted');
    const rejection = entries.find(
      (entry) =>
        entry.msg === 'sso launch rejected' && entry.reasons?.includes('missing_billing_role'),
    );
    expect(success?.level).toBe(30);
    expect(success?.email).toBe('a***@northwind.example');
    expect(rejection?.level).toBe(40);
  });
});
