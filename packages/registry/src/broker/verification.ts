import { RollgateError } from '@rollgate/openapi';
import type { PactSummary, Store, VersionRecord } from '../store/types.js';
import type { ConsumerVersionSelector, ForVerificationBody } from './schemas.js';

/** A pact chosen for verification, with why (one description per selector that chose it). */
export interface SelectedPact {
  pact: PactSummary;
  descriptions: string[];
}

/**
 * The pacts a provider should verify for the given consumer version selectors, one per distinct
 * content (the Broker's "pact version"): a verification result applies to the content, so
 * verifying the same content twice would only repeat the work.
 */
export async function pactsForVerification(store: Store, provider: string, body: ForVerificationBody): Promise<SelectedPact[]> {
  const selectors: ConsumerVersionSelector[] = body.consumerVersionSelectors?.length ? body.consumerVersionSelectors : [{ latest: true }];
  const pacts = await store.listPacts({ provider });
  const byConsumer = new Map<string, PactSummary[]>();
  for (const pact of pacts) {
    const list = byConsumer.get(pact.consumer) ?? [];
    list.push(pact);
    byConsumer.set(pact.consumer, list);
  }

  const chosen = new Map<string, SelectedPact>();
  const choose = (pact: PactSummary, description: string) => {
    const entry = chosen.get(pact.hash);
    if (!entry) chosen.set(pact.hash, { pact, descriptions: [description] });
    else if (!entry.descriptions.includes(description)) entry.descriptions.push(description);
  };

  for (const [index, selector] of selectors.entries()) {
    const consumers = selector.consumer ? [selector.consumer] : [...byConsumer.keys()];
    for (const consumer of consumers) {
      const consumerPacts = byConsumer.get(consumer);
      if (!consumerPacts) continue;
      const versions = await selectVersions(store, consumer, consumerPacts, selector, body, index);
      for (const version of versions) {
        const pact = consumerPacts.find((p) => p.consumerVersion === version.version);
        if (pact) choose(pact, describe(selector, consumer, version.version, body));
      }
    }
  }
  return [...chosen.values()];
}

/** The consumer versions (that have a pact with the provider) a selector picks, oldest first. */
async function selectVersions(
  store: Store,
  consumer: string,
  pacts: PactSummary[],
  selector: ConsumerVersionSelector,
  body: ForVerificationBody,
  index: number,
): Promise<VersionRecord[]> {
  const withPact = new Set(pacts.map((p) => p.consumerVersion));
  // listVersions is in the store's version order, so the last match is the latest.
  let versions = (await store.listVersions(consumer)).filter((v) => withPact.has(v.version));
  let latestOnly = selector.latest === true;

  if (selector.deployed || selector.released || selector.deployedOrReleased) {
    const running = new Set<string>();
    const environments = selector.environment ? [selector.environment] : (await store.listEnvironments()).map((e) => e.name);
    for (const environment of environments) {
      if (selector.deployed || selector.deployedOrReleased) {
        for (const d of await store.currentDeployments(environment, { service: consumer })) running.add(d.version);
      }
      if (selector.released || selector.deployedOrReleased) {
        for (const r of await store.currentReleases(environment, { service: consumer })) running.add(r.version);
      }
    }
    versions = versions.filter((v) => running.has(v.version));
  } else if (selector.environment) {
    throw new RollgateError('BAD_REQUEST', `consumerVersionSelectors[${index}] names an environment without deployed, released or deployedOrReleased`);
  }

  if (selector.mainBranch) {
    const service = await store.getService(consumer);
    const main = service?.mainBranch;
    versions = main ? versions.filter((v) => v.branches.includes(main)) : [];
    latestOnly = true;
  }
  if (selector.matchingBranch) {
    const branch = body.providerVersionBranch;
    if (!branch) throw new RollgateError('BAD_REQUEST', `consumerVersionSelectors[${index}] uses matchingBranch, which needs providerVersionBranch`);
    versions = versions.filter((v) => v.branches.includes(branch));
    latestOnly = true;
  }
  if (selector.branch) {
    const branch = selector.branch;
    versions = versions.filter((v) => v.branches.includes(branch));
    // The Broker's branch selector means the branch's head unless latest is explicitly false.
    latestOnly = selector.latest !== false;
  }
  if (selector.tag) {
    const tag = selector.tag;
    versions = versions.filter((v) => v.tags.includes(tag));
  }
  return latestOnly ? versions.slice(-1) : versions;
}

function describe(selector: ConsumerVersionSelector, consumer: string, version: string, body: ForVerificationBody): string {
  const parts: string[] = [];
  if (selector.mainBranch) parts.push('latest version from the main branch');
  if (selector.matchingBranch) parts.push(`latest version from the branch matching ${body.providerVersionBranch ?? ''}`);
  if (selector.branch) parts.push(`latest version from branch ${selector.branch}`);
  if (selector.tag) parts.push(selector.latest ? `latest version tagged ${selector.tag}` : `version tagged ${selector.tag}`);
  if (selector.deployedOrReleased) parts.push(`deployed or released${selector.environment ? ` in ${selector.environment}` : ''}`);
  else if (selector.deployed) parts.push(`deployed${selector.environment ? ` to ${selector.environment}` : ''}`);
  else if (selector.released) parts.push(`released${selector.environment ? ` in ${selector.environment}` : ''}`);
  if (parts.length === 0) parts.push('latest version');
  return `${parts.join(', ')} of ${consumer} (${version})`;
}
