import { isDeepStrictEqual } from 'node:util';
import { RollgateError } from '@rollgate/openapi';
import { parseUploadedPact } from '../contracts.js';
import { deriveUsages, latestProviderModel } from '../publish.js';
import type { JsonValue, PactToStore, PublishResult, Store } from '../store/types.js';

/** Pacts of one consumer version sent through the Broker API, decoded. */
export interface BrokerPublication {
  consumer: string;
  version: string;
  pacts: {
    provider: string;
    /** The pact document as JSON text. */
    text: string;
    /**
     * `merge` adds the interactions to the stored pact. Anything else refuses different content,
     * as a Pact Broker does when contract modification is disabled (its default since 2.102):
     * a version's pact never changes, or can-i-deploy would answer for whichever was sent last.
     */
    onConflict?: 'overwrite' | 'merge' | undefined;
  }[];
  branch?: string;
  tags?: string[];
  buildUrl?: string;
}

/**
 * Stores pacts the way Rollgate's own `PUT /services/{c}/versions/{v}/pacts/{p}` does (same
 * validation, same usages derived from the provider's newest spec), with the Broker's merge, tags
 * and build URL on top. Every pact is checked before any is stored, and all are stored in one
 * transaction: a bad or refused one leaves nothing of the publication behind (`CONFLICT` for a
 * refused one, naming it).
 */
export async function publishBrokerPacts(store: Store, input: BrokerPublication): Promise<PublishResult[]> {
  const info = {
    ...(input.branch ? { branch: input.branch } : {}),
    ...(input.tags?.length ? { tags: input.tags } : {}),
    ...(input.buildUrl ? { buildUrl: input.buildUrl } : {}),
  };
  const labelOf = (provider: string) => `pact of ${input.consumer} version ${input.version} with ${provider}`;
  const parties = (provider: string) => ({ consumer: input.consumer, provider });
  const parsed = input.pacts.map((entry) => ({ entry, ...parseUploadedPact(entry.text, labelOf(entry.provider), parties(entry.provider)) }));
  const pacts: PactToStore[] = [];
  for (const { entry, pact, content } of parsed) {
    const label = labelOf(entry.provider);
    const model = await latestProviderModel(store, entry.provider);
    const merge = entry.onConflict === 'merge';
    pacts.push({
      provider: entry.provider,
      content,
      options: {
        ...info,
        ...(merge ? { onConflict: { merge: (stored: JsonValue, incoming: JsonValue) => mergePacts(stored, incoming, label) } } : {}),
        // A merge changes the content, so usages are derived from what is finally stored.
        usages: merge
          ? (stored: JsonValue) => deriveUsages(parseUploadedPact(JSON.stringify(stored), label, parties(entry.provider)).pact, model)
          : deriveUsages(pact, model),
      },
    });
  }
  const outcome = await store.putPacts(input.consumer, input.version, pacts);
  if (!outcome.stored) {
    const { provider, hash, rejectedHash } = outcome.refused;
    throw new RollgateError(
      'CONFLICT',
      `${labelOf(provider)}: other content (${hash.slice(0, 12)}) is already published for this version, and a version's pact never changes; ` +
        `publish it under a new consumer version (the commit, say), or with onConflict "merge" (pact broker publish --merge) to add interactions; ` +
        `nothing of this publication was stored (refused content ${rejectedHash.slice(0, 12)})`,
    );
  }
  return outcome.results;
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
