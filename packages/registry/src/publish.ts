import type { ApiModel } from '@rollgate/openapi';
import { extractUsage } from '@rollgate/pact';
import type { Pact } from '@rollgate/pact';
import type { JsonValue, PublishResult as StoreResult, Store, UsageInput } from './store/types.js';
import type { ModelCache } from './checks/compat.js';
import { modelOfDocument, parseUploadedPact, parseUploadedSpec } from './contracts.js';
import type { PublishResult } from './schemas.js';

/** What a publication did, with the body to answer and a label for messages. */
export interface PublishOutcome {
  result: StoreResult;
  body: PublishResult;
  label: string;
}

interface VersionInfoInput {
  branch?: string;
  commit?: string;
}

/**
 * The usages a pact implies, matched against the provider's spec when there is one. Fields stay
 * JSON paths (`$.items[*].sku`), the notation diff changes use, so the two can be compared.
 */
export function deriveUsages(pact: Pact, model: ApiModel | undefined): UsageInput[] {
  return extractUsage(pact, model).operations.map((operation) => ({
    method: operation.method,
    path: operation.path,
    matched: operation.matched,
    params: operation.request.parameters.map((parameter) => ({ in: parameter.in, name: parameter.name })),
    requestFields: operation.request.bodyFields,
    responseFields: operation.response.fields,
    statuses: operation.response.statuses.map(Number).filter((status) => Number.isInteger(status) && status >= 100 && status <= 599),
    interactions: operation.interactions,
  }));
}

/** The model of the provider's newest published spec, or undefined when it has none. */
export async function latestProviderModel(store: Store, provider: string, models?: ModelCache): Promise<ApiModel | undefined> {
  const latest = (await store.listOpenApi(provider)).at(-1);
  if (!latest) return undefined;
  if (models) return models.get(latest.hash);
  const record = await store.getOpenApi(latest.service, latest.version);
  return record ? modelOfDocument(record.document, `${provider}@${latest.version}`) : undefined;
}

/** Validates and stores a provider version's spec; re-keys usages that no spec could match before. */
export async function publishOpenApi(
  store: Store,
  input: { service: string; version: string; text: string } & VersionInfoInput,
): Promise<PublishOutcome> {
  const label = `${input.service}@${input.version} openapi`;
  const parsed = await parseUploadedSpec(input.text, label);
  const result = await store.putOpenApi(input.service, input.version, parsed.spec.document as { [key: string]: JsonValue }, {
    format: parsed.format,
    ...versionInfo(input),
  });
  if (result.status === 'created') await rekeyUnmatchedUsages(store, input.service, parsed.model);
  return {
    result,
    label,
    body: { service: input.service, version: input.version, kind: 'openapi', hash: result.hash, created: result.status === 'created' },
  };
}

/** Validates and stores a consumer version's pact with a provider, with the usages it implies. */
export async function publishPact(
  store: Store,
  input: { consumer: string; version: string; provider: string; text: string } & VersionInfoInput,
  models?: ModelCache,
): Promise<PublishOutcome> {
  const label = `${input.consumer}@${input.version} pact with ${input.provider}`;
  const { pact, content } = parseUploadedPact(input.text, label, input);
  const model = await latestProviderModel(store, input.provider, models);
  const result = await store.putPact(input.consumer, input.version, input.provider, content, {
    usages: deriveUsages(pact, model),
    ...versionInfo(input),
  });
  return {
    result,
    label,
    body: {
      service: input.consumer,
      version: input.version,
      kind: 'pact',
      provider: input.provider,
      hash: result.hash,
      created: result.status === 'created',
    },
  };
}

function versionInfo(input: VersionInfoInput): VersionInfoInput {
  const info: VersionInfoInput = {};
  if (input.branch !== undefined) info.branch = input.branch;
  if (input.commit !== undefined) info.commit = input.commit;
  return info;
}

// Pacts published before their provider had any spec only know concrete paths
// (`/orders/42`); once a spec exists, their usages can name the operations they call.
async function rekeyUnmatchedUsages(store: Store, provider: string, model: ApiModel): Promise<void> {
  const usages = await store.usagesOfProvider(provider);
  const pending = new Map<string, { consumer: string; version: string }>();
  for (const usage of usages) {
    if (!usage.matched) pending.set(`${usage.consumer}\u0000${usage.consumerVersion}`, { consumer: usage.consumer, version: usage.consumerVersion });
  }
  for (const { consumer, version } of pending.values()) {
    const record = await store.getPact(consumer, version, provider);
    if (!record) continue;
    const { pact } = parseUploadedPact(JSON.stringify(record.content), `${consumer}@${version} pact with ${provider}`, { consumer, provider });
    await store.replaceUsages(consumer, version, provider, deriveUsages(pact, model));
  }
}
