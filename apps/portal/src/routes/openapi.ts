import type { FastifyInstance, RouteOptions } from 'fastify';
import { noQuerySchema } from './schemas.js';

interface RouteRecord {
  method: string;
  url: string;
  schema: Record<string, unknown>;
}

/** Collects route schemas as routes are added, for the OpenAPI document. */
export class RouteCatalog {
  private readonly routes: RouteRecord[] = [];

  /** Records a route; meant for Fastify's `onRoute` hook. */
  add(route: RouteOptions): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS' || route.url.includes('*')) continue;
      this.routes.push({
        method: method.toLowerCase(),
        url: route.url,
        schema: (route.schema ?? {}) as Record<string, unknown>,
      });
    }
  }

  /** Builds an OpenAPI 3.1 document from the recorded schemas. */
  toOpenApi(): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of this.routes) {
      const path = toOpenApiPath(route.url);
      paths[path] ??= {};
      paths[path][route.method] = toOperation(route);
    }
    return {
      openapi: '3.1.0',
      info: { title: 'Billfold portal API', version: '1' },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      paths,
    };
  }
}

// `/api/v1/invoices/:id` becomes `/api/v1/invoices/{id}`; a regex constraint is dropped.
function toOpenApiPath(url: string): string {
  return url.replace(/:([A-Za-z_]+)(\([^)]*\))?/g, '{$1}');
}

function toOperation(route: RouteRecord): Record<string, unknown> {
  const { schema } = route;
  const parameters = [
    ...toParameters(schema.params, 'path'),
    ...toParameters(schema.querystring === noQuerySchema ? undefined : schema.querystring, 'query'),
  ];
  const operation: Record<string, unknown> = {
    summary: schema.summary ?? `${route.method.toUpperCase()} ${route.url}`,
    parameters,
    responses: toResponses(schema.response),
  };
  if (
    route.url.startsWith('/api/v1/') &&
    route.url !== '/api/v1/sessions' &&
    route.url !== '/api/v1/openapi.json'
  ) {
    operation.security = [{ bearer: [] }];
  }
  if (schema.body !== undefined) {
    const consumes = (schema.consumes as string[] | undefined) ?? ['application/json'];
    operation.requestBody = {
      required: true,
      content: Object.fromEntries(consumes.map((type) => [type, { schema: schema.body }])),
    };
  }
  return operation;
}

function toParameters(schema: unknown, where: 'path' | 'query') {
  if (typeof schema !== 'object' || schema === null) return [];
  const { properties = {}, required = [] } = schema as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: property,
  }));
}

function toResponses(responses: unknown): Record<string, unknown> {
  if (typeof responses !== 'object' || responses === null) {
    return { default: { description: 'Response' } };
  }
  return Object.fromEntries(
    Object.entries(responses as Record<string, unknown>).map(([status, schema]) => [
      status,
      { description: `HTTP ${status}`, content: { 'application/json': { schema } } },
    ]),
  );
}

/** `GET /api/v1/openapi.json`: the route schemas as an OpenAPI 3.1 document. */
export async function openApiRoute(app: FastifyInstance, options: { catalog: RouteCatalog }) {
  app.get(
    '/api/v1/openapi.json',
    { schema: { summary: 'This API as OpenAPI 3.1', querystring: noQuerySchema } },
    async () => options.catalog.toOpenApi(),
  );
}
