import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RegistryError, notFound } from '../../errors.js';
import {
  deployedVersionResource,
  pacticipantResource,
  releasedVersionResource,
  tagResource,
  versionResource,
} from '../hal.js';
import {
  DeploymentBody,
  HalResponse,
  PacticipantBody,
  PacticipantParams,
  VersionBody,
  VersionParams,
} from '../schemas.js';

const TAGS = ['pact-broker'];
const Name = Type.String({ minLength: 1, maxLength: 200 });

/** Pacticipants (services), their versions, tags and branches, and recording deployments and releases. */
const pacticipantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const store = app.store;

  app.get('/pacticipants', { schema: { tags: TAGS, summary: 'List pacticipants (services)', response: { 200: HalResponse } } }, async (request) => {
    const hrefs = request.hrefs();
    const services = await store.listServices();
    const pacticipants = services.map((s) => pacticipantResource(hrefs, s));
    // The Pact CLI's list-pacticipants reads the top-level list; HAL clients read _embedded.
    return {
      pacticipants,
      _embedded: { pacticipants },
      _links: {
        self: { href: `${hrefs.base}/pacticipants` },
        'pb:pacticipants': services.map((s) => ({ href: hrefs.pacticipant(s.name), title: 'Pacticipant', name: s.name })),
      },
    };
  });

  app.post(
    '/pacticipants',
    { schema: { tags: TAGS, summary: 'Create a pacticipant', body: PacticipantBody, response: { 201: HalResponse, 200: HalResponse } } },
    async (request, reply) => {
      const { name, ...patch } = request.body;
      if (!name) throw new RegistryError('BAD_REQUEST', 'body field "name" is required');
      const existed = await store.getService(name);
      const service = await store.updateService(name, patchOf(patch));
      return reply.status(existed ? 200 : 201).send(pacticipantResource(request.hrefs(), service));
    },
  );

  app.get(
    '/pacticipants/:pacticipant',
    { schema: { tags: TAGS, summary: 'Get a pacticipant', params: PacticipantParams, response: { 200: HalResponse } } },
    async (request) => {
      const service = await store.getService(request.params.pacticipant);
      if (!service) throw notFound('pacticipant', request.params.pacticipant);
      return pacticipantResource(request.hrefs(), service);
    },
  );

  for (const method of ['PATCH', 'PUT'] as const) {
    app.route({
      method,
      url: '/pacticipants/:pacticipant',
      schema: { tags: TAGS, summary: 'Create or update a pacticipant', params: PacticipantParams, body: PacticipantBody, response: { 200: HalResponse } },
      handler: async (request) => {
        const service = await store.updateService(request.params.pacticipant, patchOf(request.body));
        return pacticipantResource(request.hrefs(), service);
      },
    });
  }

  app.get(
    '/pacticipants/:pacticipant/versions',
    { schema: { tags: TAGS, summary: "List a pacticipant's versions, newest first", params: PacticipantParams, response: { 200: HalResponse } } },
    async (request) => {
      const { pacticipant } = request.params;
      if (!(await store.getService(pacticipant))) throw notFound('pacticipant', pacticipant);
      const hrefs = request.hrefs();
      const [versions, environments] = await Promise.all([store.listVersions(pacticipant), store.listEnvironments()]);
      return {
        _embedded: { versions: versions.reverse().map((v) => versionResource(hrefs, v, environments)) },
        _links: { self: { href: `${hrefs.pacticipant(pacticipant)}/versions` }, 'pb:pacticipant': { href: hrefs.pacticipant(pacticipant), name: pacticipant } },
      };
    },
  );

  app.get(
    '/pacticipants/:pacticipant/versions/:version',
    { schema: { tags: TAGS, summary: 'Get a pacticipant version, with its record-deployment links', params: VersionParams, response: { 200: HalResponse } } },
    async (request) => {
      const { pacticipant, version } = request.params;
      const record = await store.getVersion(pacticipant, version);
      if (!record) throw notFound(`version of "${pacticipant}"`, version);
      return versionResource(request.hrefs(), record, await store.listEnvironments());
    },
  );

  app.put(
    '/pacticipants/:pacticipant/versions/:version',
    { schema: { tags: TAGS, summary: 'Create or update a pacticipant version', params: VersionParams, body: VersionBody, response: { 200: HalResponse, 201: HalResponse } } },
    async (request, reply) => {
      const { pacticipant, version } = request.params;
      const existed = await store.getVersion(pacticipant, version);
      const { branch, buildUrl, commit } = request.body ?? {};
      const record = await store.ensureVersion(pacticipant, version, {
        ...(branch ? { branch } : {}),
        ...(buildUrl ? { buildUrl } : {}),
        ...(commit ? { commit } : {}),
      });
      return reply.status(existed ? 200 : 201).send(versionResource(request.hrefs(), record, await store.listEnvironments()));
    },
  );

  const latestVersion = async (pacticipant: string, tag?: string) => {
    const record = await store.latestVersion(pacticipant, tag ? { tag } : {});
    if (!record) throw notFound(tag ? `version of "${pacticipant}" tagged` : 'version of pacticipant', tag ?? pacticipant);
    return { record, environments: await store.listEnvironments() };
  };

  app.get(
    '/pacticipants/:pacticipant/latest-version',
    { schema: { tags: TAGS, summary: 'The latest version of a pacticipant', params: PacticipantParams, response: { 200: HalResponse } } },
    async (request) => {
      const { record, environments } = await latestVersion(request.params.pacticipant);
      return versionResource(request.hrefs(), record, environments);
    },
  );

  app.get(
    '/pacticipants/:pacticipant/latest-version/:tag',
    { schema: { tags: TAGS, summary: 'The latest version of a pacticipant with a tag', params: Type.Object({ pacticipant: Name, tag: Name }), response: { 200: HalResponse } } },
    async (request) => {
      const { record, environments } = await latestVersion(request.params.pacticipant, request.params.tag);
      return versionResource(request.hrefs(), record, environments);
    },
  );

  const TagParams = Type.Object({ pacticipant: Name, version: Name, tag: Name });
  app.get(
    '/pacticipants/:pacticipant/versions/:version/tags/:tag',
    { schema: { tags: TAGS, summary: 'Get a tag of a version', params: TagParams, response: { 200: HalResponse } } },
    async (request) => {
      const { pacticipant, version, tag } = request.params;
      const record = await store.getVersion(pacticipant, version);
      if (!record || !record.tags.includes(tag)) throw notFound(`tag of ${pacticipant} ${version}`, tag);
      return tagResource(request.hrefs(), pacticipant, version, tag);
    },
  );

  app.put(
    '/pacticipants/:pacticipant/versions/:version/tags/:tag',
    { schema: { tags: TAGS, summary: 'Tag a version (creating it when missing)', params: TagParams, response: { 200: HalResponse, 201: HalResponse } } },
    async (request, reply) => {
      const { pacticipant, version, tag } = request.params;
      const before = await store.getVersion(pacticipant, version);
      await store.addTag(pacticipant, version, tag);
      return reply.status(before?.tags.includes(tag) ? 200 : 201).send(tagResource(request.hrefs(), pacticipant, version, tag));
    },
  );

  app.delete(
    '/pacticipants/:pacticipant/versions/:version/tags/:tag',
    { schema: { tags: TAGS, summary: 'Remove a tag from a version', params: TagParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const { pacticipant, version, tag } = request.params;
      if (!(await store.removeTag(pacticipant, version, tag))) throw notFound(`tag of ${pacticipant} ${version}`, tag);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/pacticipants/:pacticipant/branches',
    { schema: { tags: TAGS, summary: "List a pacticipant's branches", params: PacticipantParams, response: { 200: HalResponse } } },
    async (request) => {
      const { pacticipant } = request.params;
      if (!(await store.getService(pacticipant))) throw notFound('pacticipant', pacticipant);
      const hrefs = request.hrefs();
      const branches = await store.listBranches(pacticipant);
      const base = `${hrefs.pacticipant(pacticipant)}/branches`;
      return {
        _embedded: {
          branches: branches.map((b) => ({
            name: b.name,
            latestVersion: b.latestVersion,
            createdAt: b.createdAt,
            _links: { self: { href: `${base}/${encodeURIComponent(b.name)}`, name: b.name } },
          })),
        },
        _links: { self: { href: base } },
      };
    },
  );

  const BranchVersionParams = Type.Object({ pacticipant: Name, branch: Name, version: Name });
  app.put(
    '/pacticipants/:pacticipant/branches/:branch/versions/:version',
    { schema: { tags: TAGS, summary: 'Add a version to a branch (creating it when missing)', params: BranchVersionParams, response: { 200: HalResponse, 201: HalResponse } } },
    async (request, reply) => {
      const { pacticipant, branch, version } = request.params;
      const before = await store.getVersion(pacticipant, version);
      const record = await store.addBranch(pacticipant, version, branch);
      return reply.status(before?.branches.includes(branch) ? 200 : 201).send(branchVersionResource(request.hrefs().base, pacticipant, branch, record.version));
    },
  );

  app.get(
    '/pacticipants/:pacticipant/branches/:branch/versions/:version',
    { schema: { tags: TAGS, summary: 'Get a branch version', params: BranchVersionParams, response: { 200: HalResponse } } },
    async (request) => {
      const { pacticipant, branch, version } = request.params;
      const record = await store.getVersion(pacticipant, version);
      if (!record || !record.branches.includes(branch)) throw notFound(`version of ${pacticipant} on branch "${branch}"`, version);
      return branchVersionResource(request.hrefs().base, pacticipant, branch, version);
    },
  );

  const EnvironmentVersionParams = Type.Object({ pacticipant: Name, version: Name, uuid: Name });
  app.post(
    '/pacticipants/:pacticipant/versions/:version/deployed-versions/environment/:uuid',
    {
      schema: {
        tags: TAGS,
        summary: 'Record a deployment of a version (record-deployment)',
        params: EnvironmentVersionParams,
        body: Type.Optional(DeploymentBody),
        response: { 201: HalResponse },
      },
    },
    async (request, reply) => {
      const { pacticipant, version, uuid } = request.params;
      const environment = await store.getEnvironment(uuid);
      if (!environment) throw notFound('environment', uuid);
      const instance = request.body?.applicationInstance ?? request.body?.target ?? null;
      const { deployment, status } = await store.recordDeployment({ service: pacticipant, version, environment: environment.name, instance });
      if (status === 'created') await app.checks.warm({ kind: 'deployment', service: pacticipant, version, environment: environment.name }, request.log);
      return reply.status(201).send(deployedVersionResource(request.hrefs(), deployment));
    },
  );

  app.post(
    '/pacticipants/:pacticipant/versions/:version/released-versions/environment/:uuid',
    {
      schema: { tags: TAGS, summary: 'Record a release of a version (record-release)', params: EnvironmentVersionParams, response: { 201: HalResponse, 200: HalResponse } },
    },
    async (request, reply) => {
      const { pacticipant, version, uuid } = request.params;
      const environment = await store.getEnvironment(uuid);
      if (!environment) throw notFound('environment', uuid);
      const { status, release } = await store.recordRelease({ service: pacticipant, version, environment: environment.name });
      return reply.status(status === 'created' ? 201 : 200).send(releasedVersionResource(request.hrefs(), release));
    },
  );
};

function patchOf(body: { displayName?: string | null; mainBranch?: string | null; repositoryUrl?: string | null } | undefined) {
  const patch: { displayName?: string | null; mainBranch?: string | null; repositoryUrl?: string | null } = {};
  if (body?.displayName !== undefined) patch.displayName = body.displayName;
  if (body?.mainBranch !== undefined) patch.mainBranch = body.mainBranch;
  if (body?.repositoryUrl !== undefined) patch.repositoryUrl = body.repositoryUrl;
  return patch;
}

function branchVersionResource(base: string, pacticipant: string, branch: string, version: string) {
  const p = `${base}/pacticipants/${encodeURIComponent(pacticipant)}`;
  return {
    name: branch,
    _links: {
      self: { href: `${p}/branches/${encodeURIComponent(branch)}/versions/${encodeURIComponent(version)}`, name: branch },
      'pb:version': { href: `${p}/versions/${encodeURIComponent(version)}`, name: version },
      'pb:branch': { href: `${p}/branches/${encodeURIComponent(branch)}`, name: branch },
    },
  };
}

export default pacticipantRoutes;
