/*
 * The deploy check is asked on every rollback and deploy, often the same question again: callers
 * pass a `memo` (a `Snapshot` of ./cache.ts) so the reads shared between questions (what runs in
 * an environment, a provider's specs) are made once per store revision, and the plugin caches
 * whole verdicts the same way. Verdicts of a pact against a spec come from `CompatCache`, by
 * content hash.
 */
import { pathFitsTemplate } from '../endpoints.js';
import { notFound } from '../errors.js';
import type { Blocker, Notice, RunningInstance } from '../schemas.js';
import type { CompatKey, DeploymentRecord, PactSummary, Store } from '../store/types.js';
import type { CompatCache } from './compat.js';

/** Which version of which service is to run in which environment. */
export interface DeployQuestion {
  service: string;
  version: string;
  environment: string;
}

/** The answer: what blocks it (empty when it may run there) and what could not be judged. */
export interface DeployVerdict {
  blockers: Blocker[];
  notices: Notice[];
  /** Versions of the service running in the environment now, newest deployment first. */
  running: string[];
  /** Every instance of the service running there now, newest deployment first. */
  instances: RunningInstance[];
  /**
   * Whether the environment exists. Environments are created by their first deployment, so a
   * deploy question may name one that does not exist yet (nothing runs there); a rollback
   * question may not, since there is nothing to go back from.
   */
  environmentKnown: boolean;
}

/** A pact to judge against a provider version: the pair the verdict is about. */
interface Pairing {
  pact: PactSummary;
  providerVersion: string;
  specHash: string | undefined;
}

/** Reads through a cache valid for the store's current revision (see `Snapshot.memo`). */
export type Memo = <T>(key: string, compute: () => Promise<T>) => Promise<T>;

const direct: Memo = (_key, compute) => compute();

function specHashes(store: Store, memo: Memo, service: string): Promise<Map<string, string>> {
  return memo(`specs\u0000${service}`, async () => {
    const specs = await store.listOpenApi(service);
    return new Map(specs.map((spec) => [spec.version, spec.hash]));
  });
}

function versionsBy(deployments: DeploymentRecord[]): Map<string, Set<string>> {
  const running = new Map<string, Set<string>>();
  for (const deployment of deployments) {
    let versions = running.get(deployment.service);
    if (!versions) running.set(deployment.service, (versions = new Set()));
    versions.add(deployment.version);
  }
  return running;
}

/**
 * Throws the 404 for a question about a service or version the registry does not know; answers
 * whether the environment exists (an unknown one is not an error here, see `environmentKnown`).
 */
export async function assertKnown(store: Store, question: DeployQuestion): Promise<boolean> {
  const [service, version, environment] = await Promise.all([
    store.getService(question.service),
    store.getVersion(question.service, question.version),
    store.getEnvironment(question.environment),
  ]);
  if (!service) throw notFound('service', question.service);
  if (!version) throw notFound('version', `${question.service}@${question.version}`);
  return environment !== undefined;
}

/**
 * May `service@version` run in `environment` beside what runs there now? Both directions count:
 * every consumer version running there must still find what its pact with the service expects
 * in that version's spec, and the version's own pacts must hold against the providers running
 * there. This is the rollback question when the version is older, the deploy question when newer.
 */
export async function checkDeploy(store: Store, cache: CompatCache, question: DeployQuestion, memo: Memo = direct): Promise<DeployVerdict> {
  const environmentKnown = await assertKnown(store, question);
  const { service, version, environment } = question;
  const deployments = environmentKnown ? await memo(`deployments\u0000${environment}`, () => store.currentDeployments(environment)) : [];
  const others = deployments.filter((deployment) => deployment.service !== service);
  const running = versionsBy(others);
  const notices: Notice[] = [];
  // A first deploy to an environment is checkable: nothing there can break, but the version's
  // own pacts still say which providers it will need there.
  if (deployments.length === 0) notices.push({ code: 'environment-empty', message: `nothing runs in ${environment} yet` });
  const pairings: Pairing[] = [];

  // As a provider: the consumers running there, and only their versions' pacts.
  const [asProvider, ownSpecs] = await Promise.all([
    others.length === 0 ? [] : store.listPacts({ provider: service, deployedIn: environment }),
    specHashes(store, memo, service),
  ]);
  for (const pact of asProvider) {
    if (pact.consumer === service || !running.get(pact.consumer)?.has(pact.consumerVersion)) continue;
    pairings.push({ pact, providerVersion: version, specHash: ownSpecs.get(version) });
  }

  // As a consumer: the providers running there.
  const asConsumer = await store.listPacts({ consumer: service, consumerVersion: version });
  for (const pact of asConsumer) {
    const providerVersions = running.get(pact.provider);
    if (!providerVersions) {
      notices.push({
        code: 'provider-not-deployed',
        message: `${service}@${version} has a pact with ${pact.provider}, which does not run in ${environment}; ${pact.provider} is checked against it when it is deployed there`,
      });
      continue;
    }
    const specs = await specHashes(store, memo, pact.provider);
    for (const providerVersion of providerVersions) pairings.push({ pact, providerVersion, specHash: specs.get(providerVersion) });
  }

  const blockers = await nameTemplates(store, await judgePairings(store, cache, pairings, notices));
  const own = deployments
    .filter((deployment) => deployment.service === service)
    .sort((a, b) => (a.deployedAt === b.deployedAt ? 0 : a.deployedAt < b.deployedAt ? 1 : -1));
  const instances = own.map(({ version: running, instance, deployedAt }) => ({ version: running, instance, deployedAt }));
  return { blockers, notices, running: [...new Set(own.map((deployment) => deployment.version))], instances, environmentKnown };
}

async function judgePairings(store: Store, cache: CompatCache, pairings: Pairing[], notices: Notice[]): Promise<Blocker[]> {
  const keys: CompatKey[] = [];
  for (const pairing of pairings) {
    if (pairing.specHash) keys.push({ pactHash: pairing.pact.hash, specHash: pairing.specHash });
  }
  const verdicts = await cache.resolve(keys);
  const blockers: Blocker[] = [];
  for (const { pact, providerVersion, specHash } of pairings) {
    const party = { consumer: pact.consumer, consumerVersion: pact.consumerVersion, provider: pact.provider, providerVersion };
    if (specHash) {
      const verdict = verdicts.get(`${pact.hash}:${specHash}`);
      for (const problem of verdict?.problems ?? []) blockers.push({ ...party, ...problem });
      for (const warning of verdict?.warnings ?? []) {
        notices.push({
          code: warning.code,
          message: `${pact.consumer}@${pact.consumerVersion} -> ${pact.provider}@${providerVersion} ${warning.method} ${warning.path}: ${warning.message}`,
        });
      }
      continue;
    }
    // No spec to check against: fall back to a verification the provider version published.
    const [latest] = await store.listVerifications({ pactHash: pact.hash, provider: pact.provider, providerVersion });
    if (latest?.success) continue;
    blockers.push({
      ...party,
      method: '*',
      path: '*',
      code: latest ? 'verification-failed' : 'provider-spec-missing',
      message: latest
        ? `${pact.provider}@${providerVersion} failed to verify ${pact.consumer}@${pact.consumerVersion}'s pact`
        : `${pact.provider}@${providerVersion} has no OpenAPI document and no verification of ${pact.consumer}@${pact.consumerVersion}'s pact, so the pact cannot be judged`,
    });
  }
  return blockers;
}

// A pact calls concrete paths (`/orders/42/tracking`). When the version judged lacks the
// operation, the finding can only repeat that path; the consumer's usages, matched against the
// provider's newest spec when the pact was published, name the template people know it by.
async function nameTemplates(store: Store, blockers: Blocker[]): Promise<Blocker[]> {
  const concrete = blockers.filter((blocker) => blocker.path !== '*' && !blocker.path.includes('{'));
  if (concrete.length === 0) return blockers;
  const usages = new Map<string, Promise<{ method: string; path: string }[]>>();
  const usagesOf = (blocker: Blocker): Promise<{ method: string; path: string }[]> => {
    const key = `${blocker.consumer}\u0000${blocker.consumerVersion}\u0000${blocker.provider}`;
    let found = usages.get(key);
    if (!found) {
      found = store
        .usagesOfConsumer(blocker.consumer, blocker.consumerVersion, blocker.provider)
        .then((records) => records.filter((usage) => usage.matched));
      usages.set(key, found);
    }
    return found;
  };
  return Promise.all(
    blockers.map(async (blocker) => {
      if (!concrete.includes(blocker)) return blocker;
      const usage = (await usagesOf(blocker)).find(
        (candidate) => candidate.method === blocker.method && pathFitsTemplate(candidate.path, blocker.path),
      );
      return usage ? { ...blocker, path: usage.path } : blocker;
    }),
  );
}
