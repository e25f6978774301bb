import type { Tenant } from '@billfold/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AdminError } from './admin-errors.js';
import { guardAdmin } from './guard.js';
import type { AdminPrincipal } from './session.js';

/** What an admin API handler gets: the request, its parts, the tenant and the user. */
export interface AdminCall<Body = unknown, Query = unknown, Params = unknown> {
  request: FastifyRequest;
  reply: FastifyReply;
  tenant: Tenant;
  principal: AdminPrincipal;
  /** The parsed body; its fields still need checking. */
  body: Body;
  query: Query;
  params: Params;
}

/** Route options of {@link adminHandler}. */
export interface HandlerOptions {
  /** Only a master user may call it. */
  masterOnly?: boolean;
}

/**
 * Wraps an admin API handler: requires a live admin session, the master role when asked,
 * and the CSRF header plus exact Origin on every method other than GET.
 */
export function adminHandler<Body = unknown, Query = unknown, Params = unknown>(
  ctx: AppContext,
  options: HandlerOptions,
  handler: (call: AdminCall<Body, Query, Params>) => Promise<unknown>,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { tenant, principal } = await guardAdmin(ctx, request, {
      write: request.method !== 'GET' && request.method !== 'HEAD',
      master: options.masterOnly === true,
    });
    return handler({
      request,
      reply,
      tenant,
      principal,
      body: (request.body ?? {}) as Body,
      query: (request.query ?? {}) as Query,
      params: (request.params ?? {}) as Params,
    });
  };
}

/** Parses a positive integer id from a path, body or query value, or throws `not_found`. */
export function parseId(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  if (!/^[1-9][0-9]{0,14}$/.test(text)) throw new AdminError('not_found');
  return Number(text);
}

/** Reads an optional positive integer; undefined when absent or empty. */
export function optionalId(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return parseId(value);
}

/** Reads `page` (1-based) and `per_page` (at most 100). */
export function paging(query: { page?: unknown; per_page?: unknown }, fallbackSize = 25) {
  const page = Math.max(1, Math.min(100_000, Math.floor(Number(query.page)) || 1));
  const perPage = Math.max(1, Math.min(100, Math.floor(Number(query.per_page)) || fallbackSize));
  return { page, perPage, limit: perPage, offset: (page - 1) * perPage };
}

/**
 * Builds route options whose body schema lists the accepted fields and rejects any other
 * (400 `validation_failed`). Field values are checked by the handler, which reports every
 * field error at once.
 */
export function bodyFields(...fields: string[]) {
  return {
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(fields.map((field) => [field, {}])),
      },
    },
  };
}
