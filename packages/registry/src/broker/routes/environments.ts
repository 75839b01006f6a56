import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RegistryError, notFound } from '../../errors.js';
import { deployedVersionResource, environmentResource, releasedVersionResource } from '../hal.js';
import type { HalResource, Hrefs } from '../hal.js';
import { EnvironmentBody, EnvironmentParams, HalResponse, UndeployBody, UnsupportBody } from '../schemas.js';

const TAGS = ['pact-broker'];
const ByPacticipant = Type.Object({ pacticipant: Type.Optional(Type.String({ minLength: 1 })) });

/** Environments, what is deployed or released in them, and ending a deployment or a release. */
const environmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const store = app.store;

  const environmentOrThrow = async (uuid: string) => {
    const environment = await store.getEnvironment(uuid);
    // getEnvironment also accepts names; the Broker API addresses environments by UUID only.
    if (!environment || environment.uuid !== uuid) throw notFound('environment', uuid);
    return environment;
  };

  app.get('/environments', { schema: { tags: TAGS, summary: 'List environments', response: { 200: HalResponse } } }, async (request) => {
    const hrefs = request.hrefs();
    const environments = await store.listEnvironments();
    return {
      _embedded: { environments: environments.map((env) => environmentResource(hrefs, env)) },
      _links: { self: { href: `${hrefs.base}/environments` } },
    };
  });

  app.post(
    '/environments',
    { schema: { tags: TAGS, summary: 'Create an environment (create-environment)', body: EnvironmentBody, response: { 201: HalResponse } } },
    async (request, reply) => {
      const { name, displayName, production } = request.body;
      if (await store.getEnvironment(name)) {
        throw new RegistryError('CONFLICT', `an environment named "${name}" already exists`);
      }
      const environment = await store.ensureEnvironment(name, {
        ...(displayName !== undefined ? { displayName } : {}),
        production: production ?? false,
      });
      const hrefs = request.hrefs();
      return reply.status(201).header('location', hrefs.environment(environment.uuid)).send(environmentResource(hrefs, environment));
    },
  );

  app.get(
    '/environments/:uuid',
    { schema: { tags: TAGS, summary: 'Get an environment by UUID', params: EnvironmentParams, response: { 200: HalResponse } } },
    async (request) => environmentResource(request.hrefs(), await environmentOrThrow(request.params.uuid)),
  );

  app.put(
    '/environments/:uuid',
    { schema: { tags: TAGS, summary: 'Update an environment', params: EnvironmentParams, body: EnvironmentBody, response: { 200: HalResponse } } },
    async (request) => {
      const current = await environmentOrThrow(request.params.uuid);
      const { name, displayName, production } = request.body;
      if (name !== current.name) {
        throw new RegistryError('BAD_REQUEST', `environment ${current.uuid} is named "${current.name}"; renaming is not supported`);
      }
      const environment = await store.ensureEnvironment(name, {
        ...(displayName !== undefined ? { displayName } : {}),
        ...(production !== undefined ? { production } : {}),
      });
      return environmentResource(request.hrefs(), environment);
    },
  );

  app.delete(
    '/environments/:uuid',
    { schema: { tags: TAGS, summary: 'Delete an environment and its deployment history', params: EnvironmentParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const environment = await environmentOrThrow(request.params.uuid);
      await store.deleteEnvironment(environment.uuid);
      return reply.status(204).send(null);
    },
  );

  // What runs in an environment: deployments and supported releases are listed alike.
  const currentListings: Array<{
    path: string;
    summary: string;
    embedded: string;
    title: string;
    list(environment: string, filter: { service?: string }, hrefs: Hrefs): Promise<HalResource[]>;
  }> = [
    {
      path: 'deployed-versions/currently-deployed',
      summary: 'Versions currently deployed to an environment',
      embedded: 'deployedVersions',
      title: 'Currently deployed to',
      list: async (environment, filter, hrefs) => (await store.currentDeployments(environment, filter)).map((d) => deployedVersionResource(hrefs, d)),
    },
    {
      path: 'released-versions/currently-supported',
      summary: 'Versions currently released and supported in an environment',
      embedded: 'releasedVersions',
      title: 'Currently supported in',
      list: async (environment, filter, hrefs) => (await store.currentReleases(environment, filter)).map((r) => releasedVersionResource(hrefs, r)),
    },
  ];
  for (const listing of currentListings) {
    app.get(
      `/environments/:uuid/${listing.path}`,
      { schema: { tags: TAGS, summary: listing.summary, params: EnvironmentParams, querystring: ByPacticipant, response: { 200: HalResponse } } },
      async (request) => {
        const environment = await environmentOrThrow(request.params.uuid);
        const { pacticipant } = request.query;
        const hrefs = request.hrefs();
        const resources = await listing.list(environment.uuid, pacticipant ? { service: pacticipant } : {}, hrefs);
        return {
          _embedded: { [listing.embedded]: resources },
          _links: { self: { href: `${hrefs.environment(environment.uuid)}/${listing.path}`, title: `${listing.title} ${environment.name}` } },
        };
      },
    );
  }

  const UuidParams = Type.Object({ uuid: Type.String({ minLength: 1, maxLength: 200 }) });
  app.get(
    '/deployed-versions/:uuid',
    { schema: { tags: TAGS, summary: 'A deployment', params: UuidParams, response: { 200: HalResponse } } },
    async (request) => {
      const deployment = await store.getDeployment(request.params.uuid);
      if (!deployment) throw notFound('deployed version', request.params.uuid);
      return deployedVersionResource(request.hrefs(), deployment);
    },
  );

  app.patch(
    '/deployed-versions/:uuid',
    { schema: { tags: TAGS, summary: 'End a deployment (record-undeployment)', params: UuidParams, body: UndeployBody, response: { 200: HalResponse } } },
    async (request) => {
      const { uuid } = request.params;
      const deployment = await store.getDeployment(uuid);
      if (!deployment) throw notFound('deployed version', uuid);
      if (request.body.currentlyDeployed) {
        if (!deployment.current) throw new RegistryError('BAD_REQUEST', `deployment ${uuid} has ended; record a new deployment instead`);
        return deployedVersionResource(request.hrefs(), deployment);
      }
      const ended = deployment.current ? await store.endDeployment({ uuid }) : deployment;
      return deployedVersionResource(request.hrefs(), ended ?? deployment);
    },
  );

  app.patch(
    '/released-versions/:uuid',
    { schema: { tags: TAGS, summary: 'End support of a release (record-support-ended)', params: UuidParams, body: UnsupportBody, response: { 200: HalResponse } } },
    async (request) => {
      const { uuid } = request.params;
      if (request.body.currentlySupported) throw new RegistryError('BAD_REQUEST', 'a release can only be marked as no longer supported');
      const ended = await store.endRelease({ uuid });
      if (!ended) throw notFound('current released version', uuid);
      return releasedVersionResource(request.hrefs(), ended);
    },
  );
};

export default environmentRoutes;
