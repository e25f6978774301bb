import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';

/** Options for {@link adminPlugin}. */
export interface AdminPluginOptions {
  ctx: AppContext;
}

/**
 * The MSP admin console (`/admin`) and its API (`/api/v1/admin/...`).
 * TODO: the console itself is being built; this registers no routes yet.
 */
export const adminPlugin: FastifyPluginAsync<AdminPluginOptions> = async () => {};
