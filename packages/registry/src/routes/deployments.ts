import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../errors.js';
import { Deployment, DeploymentInput, Name, errorResponses, ref } from '../schemas.js';
import type { DeploymentRecord } from '../store/types.js';

const DeploymentResult = Type.Object({
  deployment: ref(Deployment),
  ended: Type.Union([ref(Deployment), Type.Null()], { description: 'the deployment this one replaced, now ended' }),
});

const DeploymentList = Type.Object({ deployments: Type.Array(ref(Deployment)) });

/** The public shape of a stored deployment. */
export function deploymentView(record: DeploymentRecord): Deployment {
  return {
    service: record.service,
    version: record.version,
    environment: record.environment,
    instance: record.instance,
    deployedAt: record.deployedAt,
    endedAt: record.undeployedAt,
  };
}

/** Recording deployments and listing what runs where. */
const deploymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/deployments',
    {
      schema: {
        summary: 'Record that a version of a service now runs in an environment',
        description:
          'The previous deployment of that service (and instance) in that environment ends. The environment is created on first use; the service version must be known (published or registered).',
        tags: ['deployments'],
        body: DeploymentInput,
        response: { 200: DeploymentResult, 201: DeploymentResult, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const { service, version, environment, instance } = request.body;
      if (!(await app.store.getService(service))) throw notFound('service', service);
      if (!(await app.store.getVersion(service, version))) throw notFound('version', `${service}@${version}`);
      const result = await app.store.recordDeployment({ service, version, environment, instance: instance ?? null });
      request.log.info({ service, version, environment, instance, status: result.status }, 'deployment recorded');
      if (result.status === 'created') await app.checks.warm({ kind: 'deployment', service, version, environment: result.deployment.environment }, request.log);
      return reply.status(result.status === 'created' ? 201 : 200).send({
        deployment: deploymentView(result.deployment),
        ended: result.ended ? deploymentView(result.ended) : null,
      });
    },
  );

  app.get(
    '/deployments',
    {
      schema: {
        summary: 'Current deployments in an environment, or of a service everywhere',
        tags: ['deployments'],
        querystring: Type.Object({ environment: Type.Optional(Name), service: Type.Optional(Name) }),
        response: { 200: DeploymentList, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { environment, service } = request.query;
      if (environment !== undefined) {
        if (!(await app.store.getEnvironment(environment))) throw notFound('environment', environment);
        const records = await app.store.currentDeployments(environment, service !== undefined ? { service } : undefined);
        return { deployments: records.map(deploymentView) };
      }
      if (service !== undefined) {
        if (!(await app.store.getService(service))) throw notFound('service', service);
        const records = await app.store.deploymentsOf(service, { currentOnly: true });
        return { deployments: records.map(deploymentView) };
      }
      const environments = await app.store.listEnvironments();
      const all = await Promise.all(environments.map((env) => app.store.currentDeployments(env.name)));
      return { deployments: all.flat().map(deploymentView) };
    },
  );
};

export default deploymentRoutes;
