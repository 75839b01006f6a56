import { AjvCompiler } from '@fastify/ajv-compiler';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Store } from './store/types.js';
import auth from './plugins/auth.js';
import errors, { sendError } from './plugins/errors.js';
import metricsPlugin from './plugins/metrics.js';
import type { Metrics } from './plugins/metrics.js';
import storePlugin from './plugins/store.js';
import swagger from './plugins/swagger.js';
import checksPlugin from './plugins/checks.js';
import { SHARED_SCHEMAS } from './schemas.js';
import metaRoutes from './routes/meta.js';
import contractRoutes from './routes/contracts.js';
import deploymentRoutes from './routes/deployments.js';
import checkRoutes from './routes/checks.js';
import serviceRoutes from './routes/services.js';
import uiPlugin from './ui/plugin.js';
import brokerRoutes from './broker/index.js';

/**
 * Default request body limit: 64 MB. Large public OpenAPI documents run to tens of megabytes
 * (Microsoft Graph's: 20 MB minified, its beta 47 MB).
 */
export const DEFAULT_BODY_LIMIT = 64 * 1024 * 1024;

// The router counts a decoded path segment in UTF-16 units, the schemas in code points: twice the
// longest name any route accepts (512 for the UI's pages) lets every over-long name reach its
// schema and its precise 400, while still stopping absurd segments before they are matched.
const MAX_PARAM_LENGTH = 2 * 512;

/**
 * Validators that read the path, query and headers as text and coerce them to the schema's types
 * (`?limit=5` is a number), but take a JSON body as it is: `"environment": true` or `5` where a
 * name belongs is refused, not turned into the string "true" or "5".
 */
function strictBodies() {
  const pool = AjvCompiler();
  type Options = { customOptions: Record<string, unknown> };
  return (externalSchemas: unknown, ajvOptions: Options) => {
    const build = pool as unknown as (schemas: unknown, options: Options) => (route: { httpPart?: string }) => unknown;
    const coercing = build(externalSchemas, ajvOptions);
    const strict = build(externalSchemas, { ...ajvOptions, customOptions: { ...ajvOptions.customOptions, coerceTypes: false } });
    return (route: { httpPart?: string }) => (route.httpPart === 'body' ? strict : coercing)(route);
  };
}

/** Options of `buildApp`. */
export interface AppOptions {
  /** An open store; the caller keeps ownership unless `closeStore` is set. */
  store: Store;
  /** Close the store when the app closes. */
  closeStore?: boolean;
  /** Bearer token for writes (`ROLLGATE_TOKEN`); writes are open when unset. */
  writeToken?: string;
  /** Bearer token for reads (`ROLLGATE_READ_TOKEN`); reads are open when unset. */
  readToken?: string;
  /** Largest accepted request body in bytes (default 64 MB); larger ones get a 413. */
  bodyLimit?: number;
  /** Fastify's logger option: `false` in tests, pino options otherwise (default: info level). */
  logger?: FastifyServerOptions['logger'];
  /** Metrics to record into (default: a fresh set). */
  metrics?: Metrics;
  /**
   * Compute the verdicts the next checks will want after each publication and deployment
   * (default true). Off, writes are cheaper and the first checks after them pay instead; the
   * benchmark turns it off to measure what it costs.
   */
  precompute?: boolean;
}

/**
 * Builds the registry app, ready for `app.inject()` or `app.listen()`. Plugins come first
 * (errors, store, metrics, auth, swagger), then one route plugin per area of the API.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: 'info' },
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Errors the router raises before any route or hook runs (a bad percent-encoding, a segment
    // past the limit above) get the same `{ error: { code, message } }` as every other refusal.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
    // Reject rather than strip unknown query parameters and body fields: a typo should be visible.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    schemaController: { compilersFactory: { buildValidator: strictBodies() as never } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Fastify reads text/plain bodies as strings; no JSON route takes one, so a JSON body sent as
  // text/plain gets the 415 every other wrong content type gets (the contract routes take any type).
  app.removeContentTypeParser('text/plain');
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  await app.register(errors);
  await app.register(storePlugin, { store: options.store, closeWithApp: options.closeStore ?? false });
  await app.register(metricsPlugin, options.metrics ? { metrics: options.metrics } : {});
  await app.register(auth, { writeToken: options.writeToken, readToken: options.readToken });
  await app.register(checksPlugin, { precompute: options.precompute ?? true });
  await app.register(swagger);

  await app.register(metaRoutes);
  await app.register(contractRoutes);
  await app.register(deploymentRoutes);
  await app.register(checkRoutes);
  await app.register(serviceRoutes);
  await app.register(brokerRoutes);
  await app.register(uiPlugin, { writeToken: options.writeToken, readToken: options.readToken });
  return app;
}
