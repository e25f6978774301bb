import { DEFAULT_DATABASE_URL } from '@billfold/db';

/** Portal settings, read from the environment once at start. */
export interface PortalConfig {
  databaseUrl: string;
  port: number;
  host: string;
  /**
   * Development mode: allows `http://` origins, issuers and JWKS URLs on loopback
   * (`localhost`, `127.0.0.1`, `[::1]`). Off in production.
   */
  allowLoopbackHttp: boolean;
  /** Trust `X-Forwarded-*` from the reverse proxy in front of the portal. */
  trustProxy: boolean;
  /** Launch-token clock tolerance in seconds. */
  clockToleranceSec: number;
  /** Log level for pino. */
  logLevel: string;
  manage: ManageConfig;
  rateLimit: RateLimitConfig;
  /**
   * How long each process keeps a tenant's settings (tenant row, host origins, issuers)
   * before reading them again, in milliseconds; 0 reads them on every request.
   */
  tenantCacheMs: number;
}

/** Launch rate limits, counted per fixed one-minute window in the database. */
export interface RateLimitConfig {
  /** Launches (`/sso/*`, `POST /api/v1/sessions`) per client IP per minute. */
  perIpPerMinute: number;
  /** Launches per tenant per minute, all clients together. */
  perTenantPerMinute: number;
}

/** Where to sync from: a Manage site's REST API and its API member keys. */
export interface ManageConfig {
  url: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
}

/** Default of {@link PortalConfig.tenantCacheMs}: admin changes reach every process within 2 s. */
export const DEFAULT_TENANT_CACHE_MS = 2000;

/** Defaults that reach the simulator the demo starts. */
export const DEMO_MANAGE: ManageConfig = {
  url: 'http://127.0.0.1:4100',
  companyId: 'billfold_demo',
  publicKey: 'demo-public-key',
  privateKey: 'demo-private-key',
  clientId: '00000000-0000-4000-8000-00000000b111',
};

/** Reads {@link PortalConfig} from environment variables; throws on invalid values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  return {
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    port: parsePort(env.PORT, 4000),
    host: env.HOST || 'localhost',
    allowLoopbackHttp: env.NODE_ENV !== 'production',
    trustProxy: env.BILLFOLD_TRUST_PROXY === '1' || env.BILLFOLD_TRUST_PROXY === 'true',
    clockToleranceSec: 30,
    logLevel: env.LOG_LEVEL || 'info',
    rateLimit: {
      perIpPerMinute: parsePositive(env.BILLFOLD_RATE_LIMIT_IP, 30, 'BILLFOLD_RATE_LIMIT_IP'),
      perTenantPerMinute: parsePositive(
        env.BILLFOLD_RATE_LIMIT_TENANT,
        600,
        'BILLFOLD_RATE_LIMIT_TENANT',
      ),
    },
    tenantCacheMs: parseNonNegative(
      env.BILLFOLD_TENANT_CACHE_MS,
      DEFAULT_TENANT_CACHE_MS,
      'BILLFOLD_TENANT_CACHE_MS',
    ),
    manage: {
      url: env.MANAGE_URL || DEMO_MANAGE.url,
      companyId: env.MANAGE_COMPANY_ID || DEMO_MANAGE.companyId,
      publicKey: env.MANAGE_PUBLIC_KEY || DEMO_MANAGE.publicKey,
      privateKey: env.MANAGE_PRIVATE_KEY || DEMO_MANAGE.privateKey,
      clientId: env.MANAGE_CLIENT_ID || DEMO_MANAGE.clientId,
    },
  };
}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid PORT "${value}": expected an integer from 0 to 65535.`);
  }
  return port;
}

function parseNonNegative(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new Error(`Invalid ${name} "${value}": expected an integer of 0 or more.`);
  }
  return number;
}

function parsePositive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new Error(`Invalid ${name} "${value}": expected a positive integer.`);
  }
  return number;
}
