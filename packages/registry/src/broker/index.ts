/**
 * The Pact Broker compatible API: the part of it that the official Pact CLI (`pact broker`,
 * the Rust client) and the pact-js `Verifier` use, served as HAL+JSON over the registry's own
 * store, so pacts, versions and deployments published this way are the records Rollgate's
 * own API and checks read.
 *
 * Two paths are shared with Rollgate's own API and told apart by router constraints:
 * - `GET /`: a HAL client (`Accept: application/hal+json`) gets the Broker index, a browser
 *   (`Accept: text/html`) is redirected to the UI at `/ui/`, anyone else gets Rollgate's index;
 * - `GET /can-i-deploy`: the Broker form (`?pacticipant=`) is answered here, the Rollgate form
 *   (`?service=`) by the check routes.
 *
 * What this plugin needs from the rest of the registry, and where it gets it:
 * - `app.store` (the `Store` of `src/store/types.ts`), used directly: every resource here is a
 *   view of store records, nothing is kept on the side.
 * - Publishing a pact goes through `parseUploadedPact`, `latestProviderModel` and `deriveUsages`
 *   (`src/contracts.ts`, `src/publish.ts`), as Rollgate's own `PUT .../pacts/{provider}` does;
 *   `./publish.ts` only adds the Broker's `onConflict: merge`, tags and build URL, and stores a publication's pacts together.
 * - Pair verdicts (may consumer C at version c talk to provider P at version p?) come from
 *   `app.checks.compat` (`CompatCache` of `src/checks/compat.ts`): the one verdict cache the
 *   app's own checks and the UI use too.
 * - Links are absolute, built from each request's protocol and Host header (`publicUrl`
 *   overrides it); behind a proxy the app needs Fastify's `trustProxy` for those to be right.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { sendError } from '../plugins/errors.js';
import { HAL_JSON, Hrefs } from './hal.js';
import { addConstraints } from './constraints.js';
import { brokerErrors, declareBrokerErrors } from './errors.js';
import indexRoutes from './routes/index-routes.js';
import pacticipantRoutes from './routes/pacticipants.js';
import environmentRoutes from './routes/environments.js';
import pactRoutes from './routes/pacts.js';
import matrixRoutes from './routes/matrix.js';

/** Options of the Broker API plugin. */
export interface BrokerOptions {
  /** The URL clients reach the registry at, for links; default: from each request's Host header. */
  publicUrl?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Absolute link builder for Broker API answers. */
    hrefs(): Hrefs;
  }
}

const broker: FastifyPluginAsync<BrokerOptions> = async (app, options) => {
  addConstraints(app);
  // record-undeployment sends its PATCH as a JSON merge patch.
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  app.decorateRequest('hrefs', function hrefs(this: FastifyRequest) {
    return Hrefs.forRequest(this, options.publicUrl);
  });

  // Broker answers are HAL; errors carry Rollgate's `error` and the `errors` list the Pact clients print.
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/json')) reply.header('content-type', HAL_JSON);
    return payload;
  });
  // The app's one refusal logic (codes, statuses, Retry-After, messages), plus the `errors` list.
  app.setErrorHandler<Error>(async (error, request, reply) => sendError(error, request, reply, brokerErrors));
  // Every route declares its refusals in that shape, so `/openapi.json` lists them.
  app.addHook('onRoute', declareBrokerErrors);

  await app.register(indexRoutes);
  await app.register(pacticipantRoutes);
  await app.register(environmentRoutes);
  await app.register(pactRoutes);
  await app.register(matrixRoutes);
};

/** The Pact Broker compatible API, registered by the app beside Rollgate's own routes. */
export default broker;
