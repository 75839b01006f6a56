import { isDeepStrictEqual } from 'node:util';
import { RollgateError } from '@rollgate/openapi';
import { parseUploadedPact } from '../contracts.js';
import { deriveUsages, latestProviderModel } from '../publish.js';
import type { JsonValue, OnConflict, PublishResult, Store } from '../store/types.js';

/** A pact sent through the Broker API, decoded. */
export interface BrokerPactInput {
  consumer: string;
  version: string;
  provider: string;
  /** The pact document as JSON text. */
  text: string;
  /** `overwrite` (the Broker's default) or `merge`; Rollgate's own API rejects instead. */
  onConflict: 'overwrite' | 'merge';
  branch?: string;
  tags?: string[];
  buildUrl?: string;
}

/**
 * Stores a pact the way Rollgate's own `PUT /services/{c}/versions/{v}/pacts/{p}` does (same
 * validation, same usages derived from the provider's newest spec), with the Broker's
 * conflict semantics, tags and build URL on top.
 */
export async function publishBrokerPact(store: Store, input: BrokerPactInput): Promise<PublishResult> {
  const label = `pact of ${input.consumer} version ${input.version} with ${input.provider}`;
  const { pact, content } = parseUploadedPact(input.text, label, { consumer: input.consumer, provider: input.provider });
  const model = await latestProviderModel(store, input.provider);
  const onConflict: OnConflict = input.onConflict === 'merge' ? { merge: (stored, incoming) => mergePacts(stored, incoming, label) } : 'overwrite';
  return store.putPact(input.consumer, input.version, input.provider, content, {
    onConflict,
    // A merge changes the content, so usages are derived from what is finally stored.
    usages:
      input.onConflict === 'merge'
        ? (stored) => deriveUsages(parseUploadedPact(JSON.stringify(stored), label, { consumer: input.consumer, provider: input.provider }).pact, model)
        : deriveUsages(pact, model),
    ...(input.branch ? { branch: input.branch } : {}),
    ...(input.tags?.length ? { tags: input.tags } : {}),
    ...(input.buildUrl ? { buildUrl: input.buildUrl } : {}),
  });
}

type JsonObject = { [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Two interactions are "the same" when description and provider state(s) agree, as in the Broker.
function sameKey(a: JsonObject, b: JsonObject): boolean {
  return (
    a.description === b.description &&
    isDeepStrictEqual(a.providerState, b.providerState) &&
    isDeepStrictEqual(a.providerStates, b.providerStates)
  );
}

/**
 * Merges the interactions (and v3 messages) of two pacts between the same parties: new ones are
 * added, identical ones kept once, and a same-named one with different content is refused.
 */
export function mergePacts(stored: JsonValue, incoming: JsonValue, label: string): JsonValue {
  if (!isObject(stored) || !isObject(incoming)) throw new RollgateError('PACT_INVALID', `${label}: a pact must be a JSON object`);
  const merged: JsonObject = { ...stored };
  for (const key of ['interactions', 'messages'] as const) {
    const before = stored[key];
    const added = incoming[key];
    if (!Array.isArray(added)) continue;
    const result = Array.isArray(before) ? [...before] : [];
    for (const interaction of added) {
      if (!isObject(interaction)) continue;
      const twin = result.find((existing): existing is JsonObject => isObject(existing) && sameKey(existing, interaction));
      if (!twin) result.push(interaction);
      else if (!isDeepStrictEqual(twin, interaction)) {
        throw new RollgateError(
          'CONFLICT',
          `${label}: two interactions are named "${String(interaction.description)}" with the same provider state but differ; give one another description or provider state`,
        );
      }
    }
    merged[key] = result;
  }
  return merged;
}
