import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { SsoConfigurationInput, SsoProvider, TrustedIssuerInput } from '@billfold/db';
import { isLoopbackHost, normalizeOrigin, SUPPORTED_ALGORITHMS } from '@billfold/tokens';
import { FieldErrors } from './admin-errors.js';

/** The providers the Single Sign-On page offers, with their labels. */
export const SSO_PROVIDERS: readonly { value: SsoProvider; label: string }[] = [
  { value: 'connectwise_portal', label: 'ConnectWise Portal' },
  { value: 'token_callback', label: 'Token callback' },
];

/** The body of `PUT /api/v1/admin/sso`, as the console sends it. */
export interface SsoSettingsBody {
  enabled?: unknown;
  provider?: unknown;
  required_role?: unknown;
  callback_validation_url?: unknown;
  /** One origin per line, or an array of origins. */
  host_origins?: unknown;
  issuers?: unknown;
}

/** One trusted issuer in {@link SsoSettingsBody}: a JWKS URL or pasted keys. */
export interface IssuerBody {
  issuer?: unknown;
  jwks_url?: unknown;
  jwks?: unknown;
  algorithms?: unknown;
}

const MAX_ISSUERS = 20;
const MAX_ORIGINS = 50;

class Collector {
  readonly fields: Record<string, string> = {};

  add(path: string, message: string): void {
    this.fields[path] ??= message;
  }

  get empty(): boolean {
    return Object.keys(this.fields).length === 0;
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Validates the whole Single Sign-On form and returns what to store. Throws
 * {@link FieldErrors} with every field's problem at once, keyed by path
 * (`host_origins[1]`, `issuers[0].jwks`, ...).
 */
export function parseSsoSettings(
  body: SsoSettingsBody,
  options: { allowLoopbackHttp: boolean },
): SsoConfigurationInput {
  const errors = new Collector();
  const enabled = body.enabled === true || body.enabled === 'on' || body.enabled === 'true';

  const provider = SSO_PROVIDERS.find((choice) => choice.value === body.provider)?.value;
  if (provider === undefined) {
    errors.add('provider', 'Choose ConnectWise Portal or Token callback.');
  }

  const requiredRole = text(body.required_role) || 'Billing Admin';
  if (requiredRole.length > 100) {
    errors.add('required_role', 'The role name is longer than 100 characters. Shorten it.');
  }

  const callbackValidationUrl = parseCallbackUrl(body, provider, options, errors);
  const hostOrigins = parseOrigins(body.host_origins, enabled, options, errors);
  const issuers = parseIssuers(
    body.issuers,
    enabled && provider === 'connectwise_portal',
    options,
    errors,
  );

  if (!errors.empty || provider === undefined) throw new FieldErrors(errors.fields);
  return { enabled, provider, requiredRole, callbackValidationUrl, hostOrigins, issuers };
}

function parseCallbackUrl(
  body: SsoSettingsBody,
  provider: SsoProvider | undefined,
  options: { allowLoopbackHttp: boolean },
  errors: Collector,
): string | null {
  const value = text(body.callback_validation_url);
  if (value === '') {
    if (provider === 'token_callback') {
      errors.add('callback_validation_url', 'Enter the validation URL the host portal provides.');
    }
    return null;
  }
  const problem = urlProblem(value, options);
  if (problem !== null) errors.add('callback_validation_url', problem);
  return value;
}

// A URL we call or trust: https, or http on loopback in development; no user info.
function urlProblem(value: string, options: { allowLoopbackHttp: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value.slice(0, 200)}" is not a valid URL. Enter a full address starting with https://.`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'The URL contains a user name or password. Remove the part before "@".';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && options.allowLoopbackHttp && isLoopbackHost(url.hostname)) {
    return null;
  }
  return `"${url.origin}" does not use https. Use an https:// address.`;
}

function lines(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : ''));
  return typeof value === 'string' ? value.split(/\r?\n/) : [];
}

function parseOrigins(
  value: unknown,
  enabled: boolean,
  options: { allowLoopbackHttp: boolean },
  errors: Collector,
): string[] {
  const origins: string[] = [];
  const entries = lines(value)
    .map((line, index) => ({ line: line.trim(), index }))
    .filter((entry) => entry.line !== '');
  if (entries.length > MAX_ORIGINS) {
    errors.add('host_origins', `Enter at most ${MAX_ORIGINS} host origins.`);
  }
  for (const { line, index } of entries) {
    const result = normalizeOrigin(line, { allowLoopbackHttp: options.allowLoopbackHttp });
    if (result.ok) origins.push(result.origin);
    else errors.add(`host_origins[${index}]`, `Line ${index + 1}: ${result.message}`);
  }
  if (enabled && entries.length === 0) {
    errors.add('host_origins', 'Add the host portal origin, such as https://portal.example.com.');
  }
  return origins;
}

function parseIssuers(
  value: unknown,
  required: boolean,
  options: { allowLoopbackHttp: boolean },
  errors: Collector,
): TrustedIssuerInput[] {
  const items = Array.isArray(value) ? (value as unknown[]) : [];
  const nonEmpty = items
    .map((item, index) => ({ item: (item ?? {}) as IssuerBody, index }))
    .filter(
      ({ item }) =>
        text(item.issuer) !== '' || text(item.jwks_url) !== '' || text(item.jwks) !== '',
    );
  if (nonEmpty.length > MAX_ISSUERS) errors.add('issuers', `Enter at most ${MAX_ISSUERS} issuers.`);
  if (required && nonEmpty.length === 0) {
    errors.add(
      'issuers',
      'Add the issuer that signs launch tokens, with its JWKS URL or public keys.',
    );
  }

  const seen = new Set<string>();
  const issuers: TrustedIssuerInput[] = [];
  for (const { item, index } of nonEmpty) {
    const parsed = parseIssuer(item, `issuers[${index}]`, options, errors);
    if (parsed === null) continue;
    if (seen.has(parsed.issuer)) {
      errors.add(`issuers[${index}].issuer`, 'This issuer is listed twice. Remove one.');
    }
    seen.add(parsed.issuer);
    issuers.push(parsed);
  }
  return issuers;
}

function parseIssuer(
  item: IssuerBody,
  path: string,
  options: { allowLoopbackHttp: boolean },
  errors: Collector,
): TrustedIssuerInput | null {
  const issuer = text(item.issuer);
  const issuerProblem =
    issuer === ''
      ? 'Enter the issuer URL (the iss of launch tokens).'
      : urlProblem(issuer, options);
  if (issuerProblem !== null) errors.add(`${path}.issuer`, issuerProblem);

  const jwksUrl = text(item.jwks_url);
  const pasted = text(item.jwks);
  let jwksJson: string | null = null;
  if (jwksUrl !== '' && pasted !== '') {
    errors.add(`${path}.jwks`, 'Give either a JWKS URL or pasted keys, not both.');
  } else if (jwksUrl === '' && pasted === '') {
    errors.add(`${path}.jwks_url`, 'Enter the JWKS URL, or paste the public keys below.');
  } else if (jwksUrl !== '') {
    const problem = urlProblem(jwksUrl, options);
    if (problem !== null) errors.add(`${path}.jwks_url`, problem);
  } else {
    const parsed = parsePublicKeys(pasted);
    if (typeof parsed === 'string') errors.add(`${path}.jwks`, parsed);
    else jwksJson = JSON.stringify(parsed);
  }

  const algorithms = parseAlgorithms(item.algorithms);
  if (algorithms === null) {
    errors.add(`${path}.algorithms`, `Choose one or more of ${SUPPORTED_ALGORITHMS.join(', ')}.`);
  }
  if (issuerProblem !== null || algorithms === null) return null;
  return { issuer, jwksUrl: jwksUrl === '' ? null : jwksUrl, jwksJson, algorithms };
}

function parseAlgorithms(value: unknown): string[] | null {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  if (list.length === 0) return null;
  if (!list.every((item) => typeof item === 'string' && SUPPORTED_ALGORITHMS.includes(item))) {
    return null;
  }
  return [...new Set(list as string[])];
}

const REQUIRED_PUBLIC_PARAMS: Record<string, string[]> = {
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
  RSA: ['n', 'e'],
};

/**
 * Parses pasted public keys: a JWKS (`{"keys":[...]}`) or one JWK. Returns the JWKS, or a
 * message when the text is not JSON, holds a private key (`d`) or a symmetric key (`oct`).
 */
export function parsePublicKeys(pasted: string): { keys: Record<string, unknown>[] } | string {
  let document: unknown;
  try {
    document = JSON.parse(pasted);
  } catch {
    return 'The keys are not valid JSON. Paste the JWKS document or one public JWK.';
  }
  const record = (document ?? {}) as Record<string, unknown>;
  const keys = Array.isArray(record.keys) ? (record.keys as unknown[]) : [record];
  if (keys.length === 0 || keys.length > 20) return 'Paste between 1 and 20 public keys.';

  for (const [index, key] of keys.entries()) {
    const jwk = (key ?? {}) as Record<string, unknown>;
    const label = `Key ${index + 1}`;
    if (typeof jwk !== 'object' || Array.isArray(jwk)) return `${label} is not a JWK object.`;
    if ('d' in jwk) {
      return `${label} is a private key. Paste only the public key (without "d"), and replace the exposed key.`;
    }
    if (jwk.kty === 'oct') {
      return `${label} is a symmetric (oct) key. Use an ES256, EdDSA or RS256 public key.`;
    }
    const required = typeof jwk.kty === 'string' ? REQUIRED_PUBLIC_PARAMS[jwk.kty] : undefined;
    if (required === undefined) return `${label} has no supported kty. Use EC, OKP or RSA.`;
    const missing = required.filter((name) => typeof jwk[name] !== 'string');
    if (missing.length > 0) return `${label} lacks ${missing.join(', ')}.`;
    if (!parsesAsPublicKey(jwk)) return `${label} is not a valid ${String(jwk.kty)} public key.`;
  }
  return { keys: keys as Record<string, unknown>[] };
}

function parsesAsPublicKey(jwk: Record<string, unknown>): boolean {
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).type === 'public';
  } catch {
    return false;
  }
}
