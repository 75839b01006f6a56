import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';

/** The registry's release, stamped into its API description. */
export const REGISTRY_API_VERSION = '1.1.0';

const swaggerPlugin: FastifyPluginAsync = async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Rollgate registry',
        description:
          'Contracts per service version, deployments per environment, and the rollback and deploy checks computed from them.',
        version: REGISTRY_API_VERSION,
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
    // Components are named by the shared schemas' `$id`s (`Blocker`, `ErrorBody`), so the
    // description keeps stable names across releases and diffs cleanly against the released copy.
    refResolver: {
      buildLocalReference(json, _baseUri, _fragment, index) {
        return typeof json.$id === 'string' ? json.$id : `schema-${index}`;
      },
    },
  });
};

/** Collects every route's schemas into an OpenAPI 3 description (`app.swagger()`). */
export default fp(swaggerPlugin, { name: 'rollgate-swagger' });
