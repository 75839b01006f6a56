import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { REGISTRY_API_VERSION } from '../plugins/swagger.js';
import { errorResponses } from '../schemas.js';

const Health = Type.Object({ status: Type.Literal('ok') });

const Index = Type.Object({
  name: Type.String(),
  version: Type.String(),
  links: Type.Record(Type.String(), Type.String(), { description: 'relation to path' }),
});

/** `/`, `/healthz`, `/metrics` and `/openapi.json`: what operators and tools look up first. */
const metaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      schema: { summary: 'Entry point listing the main resources', tags: ['meta'], response: { 200: Index, ...errorResponses(401) } },
    },
    async () => ({
      name: 'rollgate-registry',
      version: REGISTRY_API_VERSION,
      links: {
        services: '/services',
        deployments: '/deployments',
        rollbackCheck: '/rollback-check{?service,environment,to}',
        canIDeploy: '/can-i-deploy{?service,version,environment}',
        openapi: '/openapi.json',
        metrics: '/metrics',
        health: '/healthz',
      },
    }),
  );

  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { summary: 'Liveness and store reachability', tags: ['meta'], response: { 200: Health, ...errorResponses() } },
    },
    async () => {
      await app.store.ping();
      return { status: 'ok' as const };
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics: requests, latencies, checks answered, contracts stored',
        tags: ['meta'],
        produces: ['text/plain'],
        response: { 200: Type.String(), ...errorResponses(401) },
      },
    },
    async (_request, reply) => {
      const { contracts } = await app.store.counts();
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(app.metrics.render({ openapi: contracts.openapi, pact: contracts.pact }));
    },
  );

  app.get(
    '/openapi.json',
    {
      schema: { hide: true },
    },
    async () => app.swagger(),
  );
};

export default metaRoutes;
