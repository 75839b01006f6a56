import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { checkRollback } from '../checks/rollback.js';
import { CanIDeploy, Name, RollbackCheck, errorResponses, ref } from '../schemas.js';

/** `GET /rollback-check` and `GET /can-i-deploy`: the questions a pipeline asks before it acts. */
const checkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/rollback-check',
    {
      schema: {
        summary: 'May a service go back to an earlier version in an environment?',
        description:
          'Refused when a consumer version running there uses an operation, request shape or response field the target version lacks, or when the target version\'s own pacts fail against the providers running there. 404 for an unknown service, version or environment.',
        tags: ['checks'],
        querystring: Type.Object({ service: Name, environment: Name, to: Name }, { additionalProperties: false }),
        response: { 200: ref(RollbackCheck), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { service, environment, to } = request.query;
      // One cached verdict answers it all, instances running there included: no store read per request.
      const answer = await checkRollback(app.checks, { service, environment, to });
      app.metrics.countCheck('rollback', answer.safe ? 'safe' : 'refused');
      request.log.info({ service, environment, to, safe: answer.safe, blockers: answer.blockers.length }, 'rollback checked');
      return answer;
    },
  );

  app.get(
    '/can-i-deploy',
    {
      schema: {
        summary: 'May a version of a service be deployed to an environment?',
        description:
          'Checks the version both as a provider (the consumers running there) and as a consumer (the providers running there). An environment nobody has deployed to yet is not an error: the answer has the notice `environment-empty`, and `provider-not-deployed` notices for the providers the version has pacts with. 404 for an unknown service or version.',
        tags: ['checks'],
        querystring: Type.Object({ service: Name, version: Name, environment: Name }, { additionalProperties: false }),
        response: { 200: ref(CanIDeploy), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { service, version, environment } = request.query;
      const verdict = await app.checks.deploy({ service, version, environment });
      const deployable = verdict.blockers.length === 0;
      app.metrics.countCheck('can-i-deploy', deployable ? 'safe' : 'refused');
      request.log.info({ service, environment, version, deployable, blockers: verdict.blockers.length }, 'deploy checked');
      return { deployable, service, version, environment, blockers: verdict.blockers, notices: verdict.notices };
    },
  );
};

export default checkRoutes;
