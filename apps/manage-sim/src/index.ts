import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerApi } from './api.js';
import { linkAndCheck, type LinkState } from './admin.js';
import { normaliseBillfoldUrl } from './billfold-link.js';
import { PERSONAS, generateData, type SimData } from './data.js';
import {
  deleteCompany,
  mergeContact,
  mutateData,
  type MutateOptions,
  type MutationResult,
} from './mutate.js';
import { registerPortal } from './portal.js';
import { SigningKeys } from './signing-keys.js';

export {
  PERSONAS,
  PORTAL_PASSWORD,
  type Persona,
  type SimData,
  type Company,
  type Contact,
} from './data.js';
export { PORTAL_ADMIN } from './admin.js';
export { API_PREFIX } from './api.js';
export { MAX_PAGE_SIZE } from './paging.js';
export { normaliseBillfoldUrl, LinkError } from './billfold-link.js';
export type { MutateOptions, MutationResult } from './mutate.js';

/** Options of the simulator; every one has a default that matches the demo. */
export interface ManageSimOptions {
  /** Listen address, `127.0.0.1` by default. */
  host?: string;
  /** Listen port; 0 (the default) picks a free one. */
  port?: number;
  seed?: number;
  /** Generated companies, besides the three persona companies. Default 20. */
  companies?: number;
  /** Generated contacts, besides the six persona contacts. Default 200. */
  contacts?: number;
  /** Generated invoices, besides 14 per persona company. Default 2000. */
  invoices?: number;
  /** Adds the pinned demo companies and contacts. Default true. */
  personas?: boolean;
  /** Reference day `YYYY-MM-DD` for due dates and ages; defaults to today (UTC). */
  today?: string;
  companyId?: string;
  publicKey?: string;
  privateKey?: string;
  clientId?: string;
  /** The Billfold portal the Payments page frames; the same as linking it on the admin page. */
  billfoldUrl?: string;
  /** REST requests allowed per second before 429; unlimited when unset. */
  rateLimitPerSecond?: number;
  /** Injected REST faults: the share of requests that get a 503, and a delay before each response. */
  faults?: { status5xxRate?: number; slowMs?: number; seed?: number };
  /** Fastify logging; off by default. */
  logger?: boolean;
}

/** Handles on a simulator, listening or not. */
export interface ManageSimHandles {
  data: SimData;
  /** Edits a fraction of records and bumps their lastUpdated to now. */
  mutate(options: MutateOptions): MutationResult;
  /** Soft-deletes a company (`deletedFlag` true). */
  deleteCompany(id: number): MutationResult;
  /** Merges one contact into another; the merged one disappears from listings. */
  mergeContact(fromId: number, intoId: number): MutationResult;
  /** Adds a new signing key; the old one stays in the JWKS. */
  rotateSigningKey(): Promise<void>;
  /**
   * Links a Billfold portal by URL, as the admin page does. Throws `LinkError` for an
   * invalid URL; the SSO check then runs in the background.
   */
  linkBillfold(url: string): void;
}

/** A simulator built but not listening, for `app.inject()`. */
export interface BuiltManageSim extends ManageSimHandles {
  app: FastifyInstance;
  /** Sets the origin used as launch-token issuer (done by `startManageSim`). */
  setOrigin(origin: string): void;
}

/** A listening simulator. */
export interface ManageSim extends ManageSimHandles {
  /** The origin, such as `http://127.0.0.1:4100`. */
  url: string;
  close(): Promise<void>;
}

const DEFAULTS = {
  seed: 1,
  companies: 20,
  contacts: 200,
  invoices: 2000,
  personas: true,
  companyId: 'billfold_demo',
  publicKey: 'demo-public-key',
  privateKey: 'demo-private-key',
  clientId: '00000000-0000-4000-8000-00000000b111',
};

/** Builds the simulator's Fastify app and data without listening. */
export async function buildManageSim(options: ManageSimOptions = {}): Promise<BuiltManageSim> {
  const settings = { ...DEFAULTS, ...withoutUndefined(options) };
  const data = generateData(settings);
  const personaCounts = settings.personas
    ? { companies: 3, contacts: PERSONAS.length }
    : { companies: 0, contacts: 0 };
  const keys = new SigningKeys();
  await keys.rotate();
  const link: LinkState = { origin: null, check: { state: 'unchecked' } };
  let origin = `http://${settings.host ?? '127.0.0.1'}:${settings.port ?? 0}`;

  const app = Fastify({ logger: settings.logger ?? false });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  registerApi(app, data, settings);
  registerPortal(app, { data, keys, link, origin: () => origin });

  const linkBillfold = (url: string) => {
    link.origin = normaliseBillfoldUrl(url);
    link.check = { state: 'unchecked' };
    // The portal may start after the simulator, so a failed check here is expected.
    void linkAndCheck(link, url).catch(() => undefined);
  };
  if (settings.billfoldUrl !== undefined) linkBillfold(settings.billfoldUrl);

  return {
    app,
    data,
    setOrigin: (value) => {
      origin = value;
    },
    mutate: (mutation) => mutateData(data, personaCounts, mutation),
    deleteCompany: (id) => deleteCompany(data, id),
    mergeContact: (fromId, intoId) => mergeContact(data, fromId, intoId),
    rotateSigningKey: () => keys.rotate(),
    linkBillfold,
  };
}

/** Builds the simulator and listens; `url` is its origin. */
export async function startManageSim(options: ManageSimOptions = {}): Promise<ManageSim> {
  const built = await buildManageSim(options);
  const host = options.host ?? '127.0.0.1';
  await built.app.listen({ host, port: options.port ?? 0 });
  const address = built.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  built.setOrigin(url);

  const { app: _app, setOrigin: _setOrigin, ...handles } = built;
  return { ...handles, url, close: () => built.app.close() };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
