import { Option } from 'commander';
import type { Command } from 'commander';
import { RollgateError } from '@rollgate/openapi';
import type { Blocker, Notice, RollbackAnswer } from '@rollgate/registry';
import type { CliIo } from './cli.js';

/** How to reach a registry: `--registry` / `ROLLGATE_URL` and `--token` / `ROLLGATE_TOKEN`. */
export interface RegistryConnection {
  url: string;
  token?: string;
}

/** Options every registry command takes. */
export interface RegistryOptions {
  registry?: string;
  token?: string;
  format: 'text' | 'json';
}

/** Adds `--registry`, `--token` and `--format text|json` to a command. */
export function addRegistryOptions(command: Command): Command {
  return command
    .option('--registry <url>', 'registry base URL (default: $ROLLGATE_URL)')
    .option('--token <token>', 'bearer token (default: $ROLLGATE_TOKEN)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'));
}

/** Resolves the registry address and token from the options, then the environment. */
export function connection(cli: CliIo, options: { registry?: string; token?: string }): RegistryConnection {
  const url = options.registry ?? cli.env.ROLLGATE_URL;
  if (!url) throw new RollgateError('USAGE', 'no registry given: pass --registry <url> or set ROLLGATE_URL');
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new RollgateError('USAGE', `--registry ${JSON.stringify(url)} is not an http(s) URL`);
  }
  // Trimmed as the registry trims its own: a token read from a file ends with a newline.
  const token = (options.token ?? cli.env.ROLLGATE_TOKEN)?.trim() || undefined;
  return { url: url.replace(/\/+$/, ''), ...(token ? { token } : {}) };
}

/** An HTTP answer the command decides about (a 409 is an outcome, not an error). */
export interface RegistryAnswer<T> {
  status: number;
  body: T;
}

/** A publication's answer. */
export interface PublishAnswer {
  service: string;
  version: string;
  kind: 'openapi' | 'pact';
  provider?: string;
  hash: string;
  created: boolean;
}

/** `GET /rollback-check` answer, as the registry defines it. */
export type { RollbackAnswer };

/** `GET /can-i-deploy` answer. */
export interface CanIDeployAnswer {
  deployable: boolean;
  service: string;
  version: string;
  environment: string;
  blockers: Blocker[];
  notices: Notice[];
}

/** A deployment as the registry lists it. */
export interface DeploymentAnswer {
  service: string;
  version: string;
  environment: string;
  instance: string | null;
  deployedAt: string;
  endedAt: string | null;
}

/** A service as `GET /services` lists it. */
export interface ServiceAnswer {
  name: string;
  versions: number;
  latestVersion: string | null;
  consumers: number;
  providers: number;
  environments: Record<string, string[]>;
}

/** A consumer version using an endpoint. */
export interface EndpointConsumerAnswer {
  service: string;
  version: string;
  environments: string[];
  parameters: string[];
  requestFields: string[];
  responseFields: string[];
  statuses: number[];
}

/** `GET /services/{service}/endpoints` answer. */
export interface EndpointsAnswer {
  service: string;
  version: string | null;
  endpoints: {
    method: string;
    path: string;
    operationId?: string;
    deprecated: boolean;
    inSpec: boolean;
    consumers: EndpointConsumerAnswer[];
  }[];
}

function describeFailure(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? code : cause instanceof Error ? cause.message : String(cause);
}

/** A small client of the registry's JSON API; network and HTTP failures become `RollgateError`s. */
export class RegistryClient {
  constructor(
    private readonly target: RegistryConnection,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Sends one request; answers with a status in `accept`, throws for anything else. */
  async request<T>(
    method: string,
    path: string,
    init: { body?: string; contentType?: string; accept?: number[] } = {},
  ): Promise<RegistryAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.target.token) headers.authorization = `Bearer ${this.target.token}`;
    if (init.contentType) headers['content-type'] = init.contentType;
    let response: Response;
    try {
      response = await fetch(`${this.target.url}${path}`, {
        method,
        headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new RollgateError('REGISTRY_UNREACHABLE', `cannot reach the registry at ${this.target.url} (${describeFailure(error)})`);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw new RollgateError('REGISTRY_RESPONSE', `the registry answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    const accepted = init.accept ?? [200, 201];
    if (!accepted.includes(response.status)) {
      const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      const code = error?.code ?? `HTTP_${response.status}`;
      throw new RollgateError(`REGISTRY_${code}`, `the registry refused ${method} ${path.split('?')[0]}: ${error?.message ?? `HTTP ${response.status}`}`);
    }
    return { status: response.status, body: body as T };
  }

  /** `PUT /services/{service}/versions/{version}/openapi`. */
  publishOpenApi(service: string, version: string, text: string, contentType: string, query = ''): Promise<RegistryAnswer<PublishAnswer | ErrorAnswer>> {
    return this.request('PUT', `/services/${enc(service)}/versions/${enc(version)}/openapi${query}`, {
      body: text,
      contentType,
      accept: [200, 201, 409],
    });
  }

  /** `PUT /services/{consumer}/versions/{version}/pacts/{provider}`. */
  publishPact(consumer: string, version: string, provider: string, text: string, query = ''): Promise<RegistryAnswer<PublishAnswer | ErrorAnswer>> {
    return this.request('PUT', `/services/${enc(consumer)}/versions/${enc(version)}/pacts/${enc(provider)}${query}`, {
      body: text,
      contentType: 'application/json',
      accept: [200, 201, 409],
    });
  }

  /** `POST /deployments`. */
  recordDeployment(input: { service: string; version: string; environment: string; instance?: string }): Promise<
    RegistryAnswer<{ deployment: DeploymentAnswer; ended: DeploymentAnswer | null }>
  > {
    return this.request('POST', '/deployments', { body: JSON.stringify(input), contentType: 'application/json' });
  }

  /** `GET /rollback-check`. */
  async rollbackCheck(service: string, environment: string, to: string): Promise<RollbackAnswer> {
    return (await this.request<RollbackAnswer>('GET', `/rollback-check?${query({ service, environment, to })}`)).body;
  }

  /** `GET /can-i-deploy`. */
  async canIDeploy(service: string, version: string, environment: string): Promise<CanIDeployAnswer> {
    return (await this.request<CanIDeployAnswer>('GET', `/can-i-deploy?${query({ service, version, environment })}`)).body;
  }

  /** `GET /services`. */
  async services(): Promise<ServiceAnswer[]> {
    return (await this.request<{ services: ServiceAnswer[] }>('GET', '/services')).body.services;
  }

  /** `GET /services/{service}/endpoints`. */
  async endpoints(service: string, version?: string): Promise<EndpointsAnswer> {
    const suffix = version !== undefined ? `?${query({ version })}` : '';
    return (await this.request<EndpointsAnswer>('GET', `/services/${enc(service)}/endpoints${suffix}`)).body;
  }
}

/** The body of a refused request. */
export interface ErrorAnswer {
  error: { code: string; message: string };
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

/** Prints a value as the JSON output of a command. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** One line per blocker: who, against whom, which endpoint, why. */
export function blockerLines(blockers: readonly Blocker[]): string[] {
  return blockers.map(
    (blocker) =>
      `  ${blocker.consumer} ${blocker.consumerVersion} -> ${blocker.provider} ${blocker.providerVersion}  ${blocker.method} ${blocker.path}  [${blocker.code}]\n      ${blocker.message}`,
  );
}

/** One line per notice. */
export function noticeLines(notices: readonly Notice[]): string[] {
  return notices.map((notice) => `  note: ${notice.message} [${notice.code}]`);
}
