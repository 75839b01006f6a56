import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { modelOfDocument } from '../contracts.js';
import { listEndpoints } from '../endpoints.js';
import { notFound } from '../errors.js';
import { EndpointList, Name, ServiceDetail, ServiceSummary, VersionDetail, errorResponses, ref } from '../schemas.js';
import type { VersionSummary } from '../schemas.js';
import type { Store, VersionRecord } from '../store/types.js';
import { deploymentView } from './deployments.js';

type VersionView = Static<typeof VersionSummary>;

async function versionViews(store: Store, service: string, versions: VersionRecord[]): Promise<VersionView[]> {
  const [specs, pacts, deployments] = await Promise.all([
    store.listOpenApi(service),
    store.listPacts({ consumer: service }),
    store.deploymentsOf(service, { currentOnly: true }),
  ]);
  const specByVersion = new Map(specs.map((spec) => [spec.version, spec.hash]));
  return versions.map((record) => {
    const hash = specByVersion.get(record.version);
    return {
      version: record.version,
      branch: record.branch,
      commit: record.commit,
      createdAt: record.createdAt,
      openapi: hash ? { hash } : null,
      pacts: pacts.filter((pact) => pact.consumerVersion === record.version).map((pact) => ({ provider: pact.provider, hash: pact.hash })),
      environments: [...new Set(deployments.filter((d) => d.version === record.version).map((d) => d.environment))],
    };
  });
}

async function requireService(store: Store, service: string): Promise<void> {
  if (!(await store.getService(service))) throw notFound('service', service);
}

/** Services, their versions and the endpoints consumers use. */
const serviceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ServiceParams = Type.Object({ service: Name });

  app.get(
    '/services',
    {
      schema: {
        summary: 'Every service with its version count and where it runs',
        tags: ['services'],
        response: { 200: Type.Object({ services: Type.Array(ref(ServiceSummary)) }), ...errorResponses(401) },
      },
    },
    async () => {
      const [services, environments] = await Promise.all([app.store.listServices(), app.store.listEnvironments()]);
      const running = new Map<string, Record<string, string[]>>();
      for (const environment of environments) {
        for (const deployment of await app.store.currentDeployments(environment.name)) {
          const byEnvironment = running.get(deployment.service) ?? {};
          const versions = (byEnvironment[environment.name] ??= []);
          if (!versions.includes(deployment.version)) versions.push(deployment.version);
          running.set(deployment.service, byEnvironment);
        }
      }
      return {
        services: services.map((service) => ({
          name: service.name,
          versions: service.versionCount,
          latestVersion: service.latestVersion,
          consumers: service.consumerCount,
          providers: service.providerCount,
          environments: running.get(service.name) ?? {},
        })),
      };
    },
  );

  app.get(
    '/services/:service',
    {
      schema: {
        summary: 'A service: its versions with their contracts, where it runs, its consumers and providers',
        tags: ['services'],
        params: ServiceParams,
        response: { 200: ref(ServiceDetail), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { service } = request.params;
      await requireService(app.store, service);
      const [versions, asProvider, asConsumer, deployments] = await Promise.all([
        app.store.listVersions(service),
        app.store.listPacts({ provider: service }),
        app.store.listPacts({ consumer: service }),
        app.store.deploymentsOf(service, { currentOnly: true }),
      ]);
      return {
        name: service,
        versions: await versionViews(app.store, service, versions),
        deployments: deployments.map(deploymentView),
        consumers: [...new Set(asProvider.map((pact) => pact.consumer))].sort(),
        providers: [...new Set(asConsumer.map((pact) => pact.provider))].sort(),
      };
    },
  );

  app.get(
    '/services/:service/versions/:version',
    {
      schema: {
        summary: 'One version of a service: its contracts and where it runs',
        tags: ['services'],
        params: Type.Object({ service: Name, version: Name }),
        response: { 200: ref(VersionDetail), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { service, version } = request.params;
      await requireService(app.store, service);
      const record = await app.store.getVersion(service, version);
      if (!record) throw notFound('version', `${service}@${version}`);
      const [view] = await versionViews(app.store, service, [record]);
      return { service, ...view! };
    },
  );

  app.get(
    '/services/:service/endpoints',
    {
      schema: {
        summary: "A provider's endpoints with the consumers (versions, environments, fields) that use each",
        description: 'Lists the operations of the given version\'s spec (default: the newest version with a spec), plus operations consumers use that it lacks (`inSpec: false`).',
        tags: ['services'],
        params: ServiceParams,
        querystring: Type.Object({ version: Type.Optional(Name) }, { additionalProperties: false }),
        response: { 200: ref(EndpointList), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { service } = request.params;
      await requireService(app.store, service);
      let version = request.query.version;
      if (version !== undefined && !(await app.store.getVersion(service, version))) throw notFound('version', `${service}@${version}`);
      version ??= (await app.store.listOpenApi(service)).at(-1)?.version;
      const record = version !== undefined ? await app.store.getOpenApi(service, version) : undefined;
      const model = record ? await modelOfDocument(record.document, `${service}@${version}`) : undefined;
      return { service, version: version ?? null, endpoints: await listEndpoints(app.store, service, model) };
    },
  );
};

export default serviceRoutes;
