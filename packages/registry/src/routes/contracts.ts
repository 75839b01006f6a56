import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { RegistryError } from '../errors.js';
import { Name, PublishResult, errorResponses, ref } from '../schemas.js';
import { publishOpenApi, publishPact } from '../publish.js';
import type { PublishOutcome } from '../publish.js';

const VersionParams = Type.Object({ service: Name, version: Name });
const PactParams = Type.Object({ consumer: Name, version: Name, provider: Name });
const PublishQuery = Type.Object({
  branch: Type.Optional(Name),
  commit: Type.Optional(Name),
});
const Body = Type.String({ description: 'the document as JSON or YAML text' });

// 409 keeps the stored content; the answer still names its hash so a client can tell which one won.
function answer(reply: FastifyReply, outcome: PublishOutcome): FastifyReply {
  if (outcome.result.status === 'conflict') {
    throw new RegistryError(
      'CONFLICT',
      `${outcome.label} already has different content (stored ${outcome.result.hash.slice(0, 12)}, sent ${outcome.result.rejectedHash.slice(0, 12)}); publish a new version instead`,
    );
  }
  return reply.status(outcome.result.status === 'created' ? 201 : 200).send(outcome.body);
}

/** `PUT` of a provider's OpenAPI document and of a consumer's pact, per version. */
const contractRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Contracts are read as text whatever their media type, so YAML works and the parsers can point
  // at the line of a syntax error. The body limit still applies.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.put(
    '/services/:service/versions/:version/openapi',
    {
      schema: {
        summary: "Publish a provider version's OpenAPI document",
        description: '201 when stored, 200 when the same content is already stored, 409 when different content is (the stored one is kept).',
        tags: ['contracts'],
        consumes: ['application/json', 'application/yaml', 'text/yaml', 'text/plain'],
        params: VersionParams,
        querystring: PublishQuery,
        body: Body,
        response: { 200: ref(PublishResult), 201: ref(PublishResult), ...errorResponses(400, 401, 403, 409, 413) },
      },
    },
    async (request, reply) => {
      const { service, version } = request.params;
      const outcome = await publishOpenApi(app.store, { service, version, text: request.body, ...request.query });
      if (outcome.result.status === 'created') await app.checks.warm({ kind: 'openapi', service, version }, request.log);
      return answer(reply, outcome);
    },
  );

  app.put(
    '/services/:consumer/versions/:version/pacts/:provider',
    {
      schema: {
        summary: "Publish a consumer version's pact with a provider",
        description:
          'Same answers as for OpenAPI documents. The usages the pact implies (operations and fields) are derived and stored with it.',
        tags: ['contracts'],
        consumes: ['application/json'],
        params: PactParams,
        querystring: PublishQuery,
        body: Body,
        response: { 200: ref(PublishResult), 201: ref(PublishResult), ...errorResponses(400, 401, 403, 409, 413) },
      },
    },
    async (request, reply) => {
      const { consumer, version, provider } = request.params;
      const outcome = await publishPact(app.store, { consumer, version, provider, text: request.body, ...request.query }, app.checks.compat.models);
      if (outcome.result.status === 'created') await app.checks.warm({ kind: 'pact', consumer, version, provider }, request.log);
      return answer(reply, outcome);
    },
  );
};

export default contractRoutes;
