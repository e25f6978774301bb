import type { LightMyRequestResponse } from 'fastify';
import { at, PORTAL_A, signLaunch, type LaunchClaimsInput } from './fixture.js';
import type { Scenario } from './scenario.js';

/** A session from a JSON launch, with the raw response for cookie checks. */
export interface LaunchedSession {
  token: string;
  response: LightMyRequestResponse;
}

/** Launches through `POST /api/v1/sessions` and returns the access token. */
export async function launch(
  s: Scenario,
  claims: LaunchClaimsInput = {},
): Promise<LaunchedSession> {
  const response = await s.app.inject(
    at(PORTAL_A, {
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { launch_token: await signLaunch(s, claims) },
    }),
  );
  if (response.statusCode !== 201) {
    throw new Error(`Launch failed with ${response.statusCode}: ${response.body}`);
  }
  return { token: (response.json() as { access_token: string }).access_token, response };
}

/** Calls an API route with a bearer token on portal A. */
export function apiGet(s: Scenario, url: string, token: string, origin = PORTAL_A) {
  return s.app.inject(
    at(origin, { method: 'GET', url, headers: { authorization: `Bearer ${token}` } }),
  );
}
