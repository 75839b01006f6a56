import { operationKey } from '@rollgate/openapi';
import type { ApiModel } from '@rollgate/openapi';
import type { Static } from '@sinclair/typebox';
import type { Endpoint, EndpointConsumer } from './schemas.js';
import type { Store, UsageRecord } from './store/types.js';

type EndpointView = Static<typeof Endpoint>;
type ConsumerView = Static<typeof EndpointConsumer>;

/** True when a concrete path (`/orders/42`) fits a template (`/orders/{id}`). */
export function pathFitsTemplate(template: string, path: string): boolean {
  const wanted = template.split('/');
  const actual = path.split('?')[0]!.split('/');
  if (wanted.length !== actual.length) return false;
  return wanted.every((segment, index) => {
    const value = actual[index]!;
    if (!segment.includes('{')) return segment === value;
    // A segment may mix literals and parameters (`{name}.{ext}`): every parameter takes one or more characters.
    const pattern = segment.split(/\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
    return new RegExp(`^${pattern}$`).test(value);
  });
}

/** Environments each `service@version` runs in now, keyed `service\0version`. */
export async function environmentsByVersion(store: Store): Promise<Map<string, string[]>> {
  const byVersion = new Map<string, string[]>();
  for (const environment of await store.listEnvironments()) {
    for (const deployment of await store.currentDeployments(environment.name)) {
      const key = `${deployment.service}\u0000${deployment.version}`;
      const list = byVersion.get(key) ?? [];
      if (!list.includes(environment.name)) list.push(environment.name);
      byVersion.set(key, list);
    }
  }
  return byVersion;
}

function union(into: string[], values: readonly string[]): void {
  for (const value of values) if (!into.includes(value)) into.push(value);
}

/**
 * A provider's endpoints (from its spec when there is one) with the consumer versions that use
 * each and the fields they use. Usages no operation of the spec matches are listed too, marked
 * `inSpec: false`: those consumers would break against this version.
 */
export async function listEndpoints(store: Store, provider: string, model: ApiModel | undefined): Promise<EndpointView[]> {
  const [usages, environments] = await Promise.all([store.usagesOfProvider(provider), environmentsByVersion(store)]);
  const endpoints = new Map<string, EndpointView>();
  for (const operation of model?.operations ?? []) {
    const endpoint: EndpointView = { method: operation.method, path: operation.path, deprecated: operation.deprecated, inSpec: true, consumers: [] };
    if (operation.operationId !== undefined) endpoint.operationId = operation.operationId;
    endpoints.set(operation.key, endpoint);
  }
  const operations = model?.operations ?? [];
  for (const usage of usages) {
    const operation = usage.matched
      ? model?.findOperation(usage.method, usage.path)
      : operations.find((candidate) => candidate.method === usage.method && pathFitsTemplate(candidate.path, usage.path));
    const key = operation ? operation.key : usage.matched ? operationKey(usage.method, usage.path) : `${usage.method} ${usage.path}`;
    let endpoint = endpoints.get(key);
    if (!endpoint) {
      endpoint = { method: usage.method, path: usage.path, deprecated: false, inSpec: false, consumers: [] };
      endpoints.set(key, endpoint);
    }
    addConsumer(endpoint, usage, environments.get(`${usage.consumer}\u0000${usage.consumerVersion}`) ?? []);
  }
  return [...endpoints.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function addConsumer(endpoint: EndpointView, usage: UsageRecord, environments: string[]): void {
  let consumer: ConsumerView | undefined = endpoint.consumers.find(
    (candidate) => candidate.service === usage.consumer && candidate.version === usage.consumerVersion,
  );
  if (!consumer) {
    consumer = {
      service: usage.consumer,
      version: usage.consumerVersion,
      environments,
      parameters: [],
      requestFields: [],
      responseFields: [],
      statuses: [],
    };
    endpoint.consumers.push(consumer);
  }
  union(consumer.parameters, usage.params.map((param) => `${param.in}:${param.name}`));
  union(consumer.requestFields, usage.requestFields);
  union(consumer.responseFields, usage.responseFields);
  for (const status of usage.statuses) if (!consumer.statuses.includes(status)) consumer.statuses.push(status);
}
