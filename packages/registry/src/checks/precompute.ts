/*
 * Verdicts computed ahead of the questions that will need them. A rollback question right after
 * a deployment pairs the consumers running there with the service's earlier versions, and a
 * pact or spec just published is soon judged against what runs or is newest. Computing those
 * pairs when the write happens (a bounded number of them) stores their verdicts in the compat
 * table, so the question is answered from stored results in every registry instance.
 */
import type { CompatKey, Store } from '../store/types.js';
import type { CompatCache } from './compat.js';

/** A write after which some verdicts are worth computing. */
export type WarmEvent =
  | { kind: 'pact'; consumer: string; version: string; provider: string }
  | { kind: 'openapi'; service: string; version: string }
  | { kind: 'deployment'; service: string; version: string; environment: string };

/** Most spec versions of one provider a pact is judged against ahead of time. */
const MAX_SPECS = 8;
/** Most pacts judged against one spec ahead of time. */
const MAX_PACTS = 64;
/** Earlier versions of a service deployed in an environment that count as rollback targets. */
const ROLLBACK_TARGETS = 3;

/** The pairs worth judging after `event`, at most a few dozen. */
export async function pairsToWarm(store: Store, event: WarmEvent): Promise<CompatKey[]> {
  if (event.kind === 'pact') return pactPairs(store, event);
  if (event.kind === 'openapi') return specPairs(store, event.service, [event.version]);
  return deploymentPairs(store, event);
}

/**
 * Computes and stores the verdicts `event` makes likely to be asked for; returns how many pairs
 * were judged. Verdicts depend only on contents, so this never changes an answer, only its cost.
 */
export async function warmVerdicts(store: Store, compat: CompatCache, event: WarmEvent): Promise<number> {
  const keys = await pairsToWarm(store, event);
  if (keys.length > 0) await compat.resolve(keys);
  return keys.length;
}

// A new pact against the provider's versions running anywhere and its newest one.
async function pactPairs(store: Store, event: { consumer: string; version: string; provider: string }): Promise<CompatKey[]> {
  const [pact] = await store.listPacts({ consumer: event.consumer, consumerVersion: event.version, provider: event.provider });
  if (!pact) return [];
  const [specs, deployments] = await Promise.all([store.listOpenApi(event.provider), store.deploymentsOf(event.provider, { currentOnly: true })]);
  const running = new Set(deployments.map((deployment) => deployment.version));
  const wanted = specs.filter((spec, index) => index === specs.length - 1 || running.has(spec.version));
  return unique(wanted.slice(-MAX_SPECS).map((spec) => ({ pactHash: pact.hash, specHash: spec.hash })));
}

// Specs of the given versions against the pacts of consumer versions running anywhere, and of
// each consumer's newest version.
async function specPairs(store: Store, provider: string, versions: string[]): Promise<CompatKey[]> {
  const specs = new Map((await store.listOpenApi(provider)).map((spec) => [spec.version, spec.hash]));
  const hashes = versions.map((version) => specs.get(version)).filter((hash): hash is string => hash !== undefined);
  if (hashes.length === 0) return [];
  const [pacts, environments] = await Promise.all([store.listPacts({ provider }), store.listEnvironments()]);
  const newest = new Map<string, string>();
  for (const pact of pacts) newest.set(pact.consumer, pact.hash);
  const wanted = new Set(newest.values());
  const running = await Promise.all(environments.map((environment) => store.listPacts({ provider, deployedIn: environment.name })));
  for (const pact of running.flat()) wanted.add(pact.hash);
  const chosen = [...wanted].slice(0, MAX_PACTS);
  return unique(hashes.flatMap((specHash) => chosen.map((pactHash) => ({ pactHash, specHash }))));
}

// After `service@version` is deployed in an environment: the consumers running there against
// this version and the versions a rollback would go back to, and this version's own pacts
// against the providers running there and the versions they would roll back to.
async function deploymentPairs(store: Store, event: { service: string; version: string; environment: string }): Promise<CompatKey[]> {
  const [history, consumers, ownPacts, running, ownSpecs] = await Promise.all([
    store.deploymentsOf(event.service, { environment: event.environment }),
    store.listPacts({ provider: event.service, deployedIn: event.environment }),
    store.listPacts({ consumer: event.service, consumerVersion: event.version }),
    store.currentDeployments(event.environment),
    store.listOpenApi(event.service),
  ]);
  const targets = rollbackTargets(event.version, history);
  const specOf = new Map(ownSpecs.map((spec) => [spec.version, spec.hash]));
  const keys: CompatKey[] = [];
  for (const target of targets) {
    const specHash = specOf.get(target);
    if (!specHash) continue;
    for (const pact of consumers.slice(0, MAX_PACTS)) if (pact.consumer !== event.service) keys.push({ pactHash: pact.hash, specHash });
  }
  const providers = new Map<string, Set<string>>();
  for (const deployment of running) {
    if (deployment.service === event.service) continue;
    let versions = providers.get(deployment.service);
    if (!versions) providers.set(deployment.service, (versions = new Set()));
    versions.add(deployment.version);
  }
  for (const pact of ownPacts) {
    const current = providers.get(pact.provider);
    if (!current) continue;
    const [specList, providerHistory] = await Promise.all([
      store.listOpenApi(pact.provider),
      store.deploymentsOf(pact.provider, { environment: event.environment }),
    ]);
    const specs = new Map(specList.map((spec) => [spec.version, spec.hash]));
    const versions = new Set([...current, ...rollbackTargets(undefined, providerHistory)]);
    for (const version of versions) {
      const specHash = specs.get(version);
      if (specHash) keys.push({ pactHash: pact.hash, specHash });
    }
  }
  return unique(keys);
}

/** A version and those deployed before it in one environment (history newest first), a few. */
function rollbackTargets(version: string | undefined, history: ReadonlyArray<{ version: string }>): string[] {
  const versions = version === undefined ? [] : [version];
  return [...new Set([...versions, ...history.map((deployment) => deployment.version)])].slice(0, ROLLBACK_TARGETS + 1);
}

function unique(keys: CompatKey[]): CompatKey[] {
  return [...new Map(keys.map((key) => [`${key.pactHash}:${key.specHash}`, key])).values()];
}
