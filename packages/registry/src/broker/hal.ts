import type { FastifyRequest } from 'fastify';
import type {
  DeploymentRecord,
  EnvironmentRecord,
  ReleaseRecord,
  ServiceRecord,
  VersionRecord,
} from '../store/types.js';

/** The media type of every Broker API answer. */
export const HAL_JSON = 'application/hal+json; charset=utf-8';

/** A HAL link; `name` tells apart several links of one relation (`pb:record-deployment`). */
export interface HalLink {
  href: string;
  name?: string;
  title?: string;
  templated?: boolean;
}

/** A HAL resource: its own fields, `_links` and optionally `_embedded` resources. */
export interface HalResource {
  _links: Record<string, HalLink | HalLink[]>;
  _embedded?: Record<string, HalResource | HalResource[]>;
  [field: string]: unknown;
}

/** Builds absolute hrefs: the Pact clients resolve links against the URL they were given. */
export class Hrefs {
  constructor(readonly base: string) {}

  /** The base from an explicit public URL, else from the request's protocol and Host header. */
  static forRequest(request: FastifyRequest, publicUrl?: string): Hrefs {
    if (publicUrl) return new Hrefs(publicUrl.replace(/\/+$/, ''));
    return new Hrefs(`${request.protocol}://${request.host}`);
  }

  /** `/a/b/c` from segments, each percent-encoded. */
  path(...segments: string[]): string {
    return `${this.base}/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
  }

  pacticipant(name: string): string {
    return this.path('pacticipants', name);
  }

  version(service: string, version: string): string {
    return this.path('pacticipants', service, 'versions', version);
  }

  environment(uuid: string): string {
    return this.path('environments', uuid);
  }

  /** The URL of a pact by its content hash (the Broker's "pact version"). */
  pactVersion(provider: string, consumer: string, hash: string): string {
    return this.path('pacts', 'provider', provider, 'consumer', consumer, 'pact-version', hash);
  }

  /** The URL of the pact a consumer version published. */
  pactForConsumerVersion(provider: string, consumer: string, version: string): string {
    return this.path('pacts', 'provider', provider, 'consumer', consumer, 'version', version);
  }
}

/** A pacticipant (a Rollgate service). */
export function pacticipantResource(hrefs: Hrefs, service: ServiceRecord): HalResource {
  const self = hrefs.pacticipant(service.name);
  return {
    name: service.name,
    displayName: service.displayName ?? service.name,
    mainBranch: service.mainBranch,
    repositoryUrl: service.repositoryUrl,
    createdAt: service.createdAt,
    updatedAt: service.updatedAt,
    _links: {
      self: { href: self, name: service.name },
      'pb:versions': { href: `${self}/versions` },
      'pb:version': { href: `${self}/versions/{version}`, templated: true },
      'pb:latest-version': { href: `${self}/latest-version` },
      'pb:branches': { href: `${self}/branches` },
      // The Verifier follows these from the provider to record the version it verified with.
      'pb:branch-version': { href: `${self}/branches/{branch}/versions/{version}`, templated: true },
      'pb:version-tag': { href: `${self}/versions/{version}/tags/{tag}`, templated: true },
    },
  };
}

/** A version with its tags and branches, and one `pb:record-deployment`/`pb:record-release` link per environment. */
export function versionResource(hrefs: Hrefs, version: VersionRecord, environments: EnvironmentRecord[]): HalResource {
  const self = hrefs.version(version.service, version.version);
  const perEnvironment = (kind: 'deployed-versions' | 'released-versions'): HalLink[] =>
    environments.map((env) => ({
      href: `${self}/${kind}/environment/${encodeURIComponent(env.uuid)}`,
      name: env.name,
      title: `${kind === 'deployed-versions' ? 'Record deployment to' : 'Record release to'} ${env.displayName ?? env.name}`,
    }));
  return {
    number: version.version,
    branch: version.branch,
    commit: version.commit,
    buildUrl: version.buildUrl,
    createdAt: version.createdAt,
    _embedded: {
      branchVersions: version.branches.map((branch) => ({
        name: branch,
        _links: { self: { href: `${hrefs.pacticipant(version.service)}/branches/${encodeURIComponent(branch)}/versions/${encodeURIComponent(version.version)}`, name: branch } },
      })),
      tags: version.tags.map((tag) => tagResource(hrefs, version.service, version.version, tag)),
    },
    _links: {
      self: { href: self, name: version.version, title: `Version ${version.version} of ${version.service}` },
      'pb:pacticipant': { href: hrefs.pacticipant(version.service), name: version.service, title: 'Pacticipant' },
      'pb:tag': { href: `${self}/tags/{tag}`, templated: true },
      'pb:record-deployment': perEnvironment('deployed-versions'),
      'pb:record-release': perEnvironment('released-versions'),
    },
  };
}

/** A tag of a version. */
export function tagResource(hrefs: Hrefs, service: string, version: string, tag: string): HalResource {
  return {
    name: tag,
    _links: {
      self: { href: `${hrefs.version(service, version)}/tags/${encodeURIComponent(tag)}`, name: tag },
      'pb:version': { href: hrefs.version(service, version), name: version },
      'pb:pacticipant': { href: hrefs.pacticipant(service), name: service },
    },
  };
}

/** An environment; its `uuid` is what the Pact clients address it by. */
export function environmentResource(hrefs: Hrefs, env: EnvironmentRecord): HalResource {
  const self = hrefs.environment(env.uuid);
  return {
    uuid: env.uuid,
    name: env.name,
    displayName: env.displayName ?? env.name,
    production: env.production,
    createdAt: env.createdAt,
    _links: {
      self: { href: self, name: env.name, title: 'Environment' },
      'pb:currently-deployed-deployed-versions': { href: `${self}/deployed-versions/currently-deployed`, title: 'Versions currently deployed' },
      'pb:currently-supported-released-versions': { href: `${self}/released-versions/currently-supported`, title: 'Versions currently released and supported' },
      'pb:environments': { href: `${hrefs.base}/environments` },
    },
  };
}

function embeddedPacticipantAndVersion(hrefs: Hrefs, service: string, version: string): Record<string, HalResource> {
  return {
    pacticipant: { name: service, _links: { self: { href: hrefs.pacticipant(service) } } },
    version: { number: version, _links: { self: { href: hrefs.version(service, version) } } },
  };
}

/** A deployment ("deployed version"), `applicationInstance` being Rollgate's instance. */
export function deployedVersionResource(hrefs: Hrefs, deployment: DeploymentRecord): HalResource {
  return {
    uuid: deployment.uuid,
    currentlyDeployed: deployment.current,
    applicationInstance: deployment.instance,
    target: deployment.instance,
    createdAt: deployment.deployedAt,
    undeployedAt: deployment.undeployedAt,
    _embedded: {
      ...embeddedPacticipantAndVersion(hrefs, deployment.service, deployment.version),
      environment: environmentLink(hrefs, deployment.environmentUuid, deployment.environment),
    },
    _links: {
      self: { href: hrefs.path('deployed-versions', deployment.uuid) },
      'pb:version': { href: hrefs.version(deployment.service, deployment.version), name: deployment.version },
      'pb:environment': { href: hrefs.environment(deployment.environmentUuid), name: deployment.environment },
    },
  };
}

/** A release ("released version"). */
export function releasedVersionResource(hrefs: Hrefs, release: ReleaseRecord): HalResource {
  return {
    uuid: release.uuid,
    currentlySupported: release.current,
    createdAt: release.releasedAt,
    supportEndedAt: release.endedAt,
    _embedded: {
      ...embeddedPacticipantAndVersion(hrefs, release.service, release.version),
      environment: environmentLink(hrefs, release.environmentUuid, release.environment),
    },
    _links: {
      self: { href: hrefs.path('released-versions', release.uuid) },
      'pb:version': { href: hrefs.version(release.service, release.version), name: release.version },
      'pb:environment': { href: hrefs.environment(release.environmentUuid), name: release.environment },
    },
  };
}

function environmentLink(hrefs: Hrefs, uuid: string, name: string): HalResource {
  return { uuid, name, _links: { self: { href: hrefs.environment(uuid), name } } };
}
