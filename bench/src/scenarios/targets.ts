import type { BenchIssuer } from '../launch-tokens.js';
import { signLaunchTokens } from '../launch-tokens.js';
import type { LoadTarget } from '../load.js';
import type { BenchContact } from '../seed.js';
import type { ScenarioName } from '../settings.js';

/** Everything the load targets need to know about the running processes. */
export interface TargetContext {
  portalPort: number;
  host: string;
  audience: string;
  floorPort: number;
  issuer: BenchIssuer;
  contacts: readonly BenchContact[];
  /** Bearer tokens of sessions created by real launches, one per sampled company. */
  sessions: readonly { accessToken: string; companyId: number }[];
}

/** A side of a comparison, built afresh before each round (launch tokens are single-use). */
export type TargetFactory = (expectedRequests: number) => Promise<LoadTarget>;

/** The portal route and its floor for one scenario. */
export interface ScenarioTargets {
  subject: TargetFactory;
  floor: TargetFactory;
}

// The floor never rejects a repeated token, so it cycles through a fixed pool.
const FLOOR_TOKEN_POOL = 2000;

/** Builds the subject and floor targets of `scenario`. */
export function scenarioTargets(scenario: ScenarioName, context: TargetContext): ScenarioTargets {
  switch (scenario) {
    case 'sso_launch':
      return ssoTargets(context);
    case 'me':
      return meTargets(context);
    case 'invoices':
      return invoiceTargets(context);
  }
}

function ssoTargets(context: TargetContext): ScenarioTargets {
  const launchTarget = async (port: number, path: string, count: number): Promise<LoadTarget> => {
    const tokens = await signLaunchTokens(
      context.issuer,
      context.audience,
      context.contacts,
      count,
    );
    return {
      port,
      method: 'POST',
      path,
      headers: { host: context.host, 'content-type': 'application/json' },
      next: cycle(tokens, (token) => ({ body: JSON.stringify({ launch_token: token }) })),
    };
  };
  return {
    subject: (expected) => launchTarget(context.portalPort, '/api/v1/sessions', expected),
    floor: () => launchTarget(context.floorPort, '/verify', FLOOR_TOKEN_POOL),
  };
}

function meTargets(context: TargetContext): ScenarioTargets {
  return {
    subject: async () => ({
      port: context.portalPort,
      method: 'GET',
      path: '/api/v1/me',
      headers: { host: context.host },
      next: cycle(context.sessions, bearer),
    }),
    floor: async () => ({
      port: context.portalPort,
      method: 'GET',
      path: '/healthz',
      headers: { host: context.host },
    }),
  };
}

function invoiceTargets(context: TargetContext): ScenarioTargets {
  return {
    subject: async () => ({
      port: context.portalPort,
      method: 'GET',
      path: '/api/v1/invoices?status=all&limit=50',
      headers: { host: context.host },
      next: cycle(context.sessions, bearer),
    }),
    floor: async () => ({
      port: context.floorPort,
      method: 'GET',
      path: `/invoices?company=${context.sessions[0]?.companyId ?? 1}`,
      headers: { host: context.host },
      next: cycle(context.sessions, (session) => ({
        path: `/invoices?company=${session.companyId}`,
      })),
    }),
  };
}

function bearer(session: { accessToken: string }) {
  return { headers: { authorization: `Bearer ${session.accessToken}` } };
}

// When the launch tokens run out, the cycle starts over. The portal rejects the repeats as
// replayed, and those non-2xx responses are reported rather than counted.
function cycle<T, R>(items: readonly T[], toRequest: (item: T) => R): () => R {
  let index = 0;
  return () => {
    const item = items[index % items.length] as T;
    index += 1;
    return toRequest(item);
  };
}
