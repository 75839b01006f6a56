import { explainedRules, groupByOperation, operationLabel, RULES_BY_ID, semverSentence } from '@rollgate/openapi';
import { notFound } from '../errors.js';
import type { ModelCache } from '../checks/compat.js';
import type { DeployVerdict } from '../checks/deploy.js';
import type { RollbackAnswer } from '../checks/rollback.js';
import type { Checks } from '../plugins/checks.js';
import type { DeploymentRecord, JsonValue, PactSummary, Store, UsageRecord } from '../store/types.js';
import { changeAffects, leafFields, pathMatches } from './usage-match.js';
import type {
  AffectedConsumer,
  DiffChangeView,
  DiffGroupView,
  DiffView,
  EndpointConsumer,
  EndpointView,
  GraphView,
  PactCompatCell,
  PactRow,
  PactsView,
  RollbackView,
  ServiceView,
  ServicesView,
  VersionRow,
} from './views/models.js';

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The services list, optionally filtered by a case-insensitive substring of the name. */
export async function loadServices(store: Store, query: string): Promise<ServicesView> {
  const all = await store.listServices();
  const q = query.trim().toLowerCase();
  const services = all
    .filter((s) => q === '' || s.name.toLowerCase().includes(q))
    .map((s) => ({
      name: s.name,
      versions: s.versionCount,
      consumers: s.consumerCount,
      providers: s.providerCount,
      ...(s.latestVersion !== null ? { latestVersion: s.latestVersion } : {}),
    }));
  return { services, query, total: all.length };
}

/** Current deployments of each service, read once per service per request. */
class DeploymentLookup {
  private readonly cache = new Map<string, Promise<DeploymentRecord[]>>();

  /** `known`: deployments the page has read already, by service, so they are not read again. */
  constructor(
    private readonly store: Store,
    known: Record<string, DeploymentRecord[]> = {},
  ) {
    for (const [service, deployments] of Object.entries(known)) this.cache.set(service, Promise.resolve(deployments));
  }

  /** Environments where that version of the service runs now, by name. */
  async environmentsOf(service: string, version: string): Promise<string[]> {
    let deployments = this.cache.get(service);
    if (!deployments) this.cache.set(service, (deployments = this.store.deploymentsOf(service, { currentOnly: true })));
    return environmentsRunning(await deployments, version);
  }
}

function environmentsRunning(deployments: DeploymentRecord[], version: string): string[] {
  return [...new Set(deployments.filter((d) => d.version === version).map((d) => d.environment))].sort(byName);
}

function paramLabel(p: { in: string; name: string }): string {
  return `${p.in} ${p.name}`;
}

async function consumersOf(usages: UsageRecord[], deployments: DeploymentLookup): Promise<EndpointConsumer[]> {
  return Promise.all(
    usages.map(async (u) => ({
      service: u.consumer,
      version: u.consumerVersion,
      environments: await deployments.environmentsOf(u.consumer, u.consumerVersion),
      requestFields: [...u.params.map(paramLabel), ...leafFields(u.requestFields)],
      responseFields: leafFields(u.responseFields),
    })),
  );
}

/** The service page: versions by environment, and the endpoints of one version with their consumers. */
export async function loadService(store: Store, models: ModelCache, name: string, chosenVersion: string | undefined): Promise<ServiceView> {
  const service = await store.getService(name);
  if (!service) throw notFound('service', name);
  const [versions, specs, environments, deployments, pactsAsConsumer, pactsAsProvider, usages] = await Promise.all([
    store.listVersions(name),
    store.listOpenApi(name),
    store.listEnvironments(),
    store.deploymentsOf(name, { currentOnly: true }),
    store.listPacts({ consumer: name }),
    store.listPacts({ provider: name }),
    store.usagesOfProvider(name),
  ]);

  const specVersions = specs.map((s) => s.version);
  // Newest first: the versions people ask about are the recent ones.
  const rows: VersionRow[] = [...versions].reverse().map((v) => {
    const deployedIn: Record<string, string[]> = {};
    for (const d of deployments) if (d.version === v.version) (deployedIn[d.environment] ??= []).push(d.instance ?? '');
    return {
      version: v.version,
      ...(v.branch !== null ? { branch: v.branch } : {}),
      hasSpec: specVersions.includes(v.version),
      pactProviders: [...new Set(pactsAsConsumer.filter((p) => p.consumerVersion === v.version).map((p) => p.provider))].sort(byName),
      deployedIn,
    };
  });

  if (chosenVersion !== undefined && !specVersions.includes(chosenVersion)) {
    throw notFound(`OpenAPI description of ${name} version`, chosenVersion);
  }
  const endpointsVersion = chosenVersion ?? specVersions[specVersions.length - 1];
  let endpoints: EndpointView[] = [];
  if (endpointsVersion !== undefined) {
    const model = await models.get(specs.find((s) => s.version === endpointsVersion)!.hash);
    const lookup = new DeploymentLookup(store, { [name]: deployments });
    endpoints = await Promise.all(
      model.operations.map(async (op) => ({
        method: op.method,
        path: op.path,
        ...(op.summary ? { summary: op.summary } : {}),
        deprecated: op.deprecated,
        ...(op.sunset ? { sunset: op.sunset } : {}),
        consumers: await consumersOf(
          usages.filter((u) => u.method.toUpperCase() === op.method && pathMatches(op.path, u.path)),
          lookup,
        ),
      })),
    );
  }

  const providers = [...new Set(pactsAsConsumer.map((p) => p.provider))].sort(byName);
  // Environments where nothing of this service runs still get a column: "not running there" is an answer.
  return {
    calls: await callsOf(store, name, providers, pactsAsConsumer, rows),
    name,
    versions: rows,
    environments: environments.map((e) => e.name),
    ...(endpointsVersion !== undefined ? { endpointsVersion } : {}),
    specVersions,
    endpoints,
    providers,
    consumers: [...new Set(pactsAsProvider.map((p) => p.consumer))].sort(byName),
  };
}

/**
 * What a consumer calls: one row per provider operation, with the versions using it, newest first.
 * One read per provider rather than per version: a consumer published from every commit has
 * hundreds of versions and a handful of providers.
 */
async function callsOf(store: Store, name: string, providers: string[], pacts: PactSummary[], rows: VersionRow[]): Promise<ServiceView['calls']> {
  const rank = new Map(rows.map((r, i) => [r.version, i]));
  const perProvider = await Promise.all(
    providers.map((provider) =>
      store.usagesOfProvider(provider, {
        consumerVersions: pacts.filter((p) => p.provider === provider).map((p) => ({ service: name, version: p.consumerVersion })),
      }),
    ),
  );
  const calls = new Map<string, ServiceView['calls'][number]>();
  for (const u of perProvider.flat()) {
    const key = `${u.provider}\u0000${u.method}\u0000${u.path}`;
    let call = calls.get(key);
    if (!call) calls.set(key, (call = { provider: u.provider, method: u.method, path: u.path, versions: [] }));
    if (!call.versions.includes(u.consumerVersion)) call.versions.push(u.consumerVersion);
  }
  for (const call of calls.values()) call.versions.sort((a, b) => rank.get(a)! - rank.get(b)!);
  return [...calls.values()].sort((a, b) => byName(a.provider, b.provider) || byName(a.path, b.path) || byName(a.method, b.method));
}

/** Names of every service and environment, which the graph and the rollback form both offer. */
export interface Known {
  services: string[];
  environments: string[];
}

/**
 * The dependency graph. Without an environment: every service, and an edge for every pair with a
 * stored pact. With one: the services running there, and an edge where a consumer version running
 * there has a pact with a provider running there. A rollback checked in that environment is drawn
 * as it would leave it: the service at its target version. An unknown environment is said in
 * `error`, over the graph of every version.
 */
export async function loadGraph(store: Store, known: Known, environment?: string, rollback?: RollbackAnswer): Promise<Omit<GraphView, 'rollback'>> {
  const base = { allServices: known.services, environments: known.environments };
  const unknown = environment !== undefined && !known.environments.includes(environment);
  const [pacts, deployments] = await Promise.all([
    store.listPacts(),
    environment === undefined || unknown ? undefined : store.currentDeployments(environment),
  ]);
  if (!deployments) {
    const edges = new Map<string, GraphView['edges'][number]>();
    for (const p of pacts) edges.set(`${p.consumer}\u0000${p.provider}`, { consumer: p.consumer, provider: p.provider });
    return { ...base, services: known.services, edges: [...edges.values()], ...(unknown ? { error: notFound('environment', environment!).message } : {}) };
  }

  const running = new Map<string, Set<string>>();
  for (const d of deployments) {
    let versions = running.get(d.service);
    if (!versions) running.set(d.service, (versions = new Set()));
    versions.add(d.version);
  }
  if (rollback && rollback.environment === environment) running.set(rollback.service, new Set([rollback.to]));

  const edges = new Map<string, { consumer: string; provider: string; consumerVersions: Set<string> }>();
  for (const p of pacts) {
    if (p.consumer === p.provider || !running.get(p.consumer)?.has(p.consumerVersion) || !running.has(p.provider)) continue;
    const key = `${p.consumer}\u0000${p.provider}`;
    let edge = edges.get(key);
    if (!edge) edges.set(key, (edge = { consumer: p.consumer, provider: p.provider, consumerVersions: new Set() }));
    edge.consumerVersions.add(p.consumerVersion);
  }
  // Several versions of one service (per-instance deployments) are listed in the registry's
  // order, semver where it parses, which only the store knows.
  const ordered = new Map<string, string[]>(
    await Promise.all(
      [...running].map(async ([service, versions]) =>
        [service, versions.size < 2 ? [...versions] : (await store.listVersions(service)).map((v) => v.version).filter((v) => versions.has(v))] as const,
      ),
    ),
  );
  const inOrder = (service: string, versions: Set<string>): string[] => ordered.get(service)!.filter((v) => versions.has(v));
  const names = [...running.keys()].sort(byName);
  return {
    ...base,
    environment: environment!,
    services: names,
    running: Object.fromEntries(names.map((name) => [name, ordered.get(name)!])),
    edges: [...edges.values()].map((e) => ({
      consumer: e.consumer,
      provider: e.provider,
      consumerVersions: inOrder(e.consumer, e.consumerVersions),
      providerVersions: ordered.get(e.provider)!,
    })),
  };
}

/** The rollback form's choices: every service and environment, and the chosen service's versions (newest first). */
export async function loadRollbackChoices(store: Store, service: string | undefined): Promise<Known & Pick<RollbackView, 'versions'>> {
  const [services, environments, versions] = await Promise.all([
    store.listServices(),
    store.listEnvironments(),
    service ? store.listVersions(service) : [],
  ]);
  return {
    services: services.map((s) => s.name),
    environments: environments.map((e) => e.name),
    versions: versions.map((v) => v.version).reverse(),
  };
}

/**
 * The consumer page: each version's pacts, judged against the provider version running in each
 * environment by the deploy check (the version's own pacts are what it checks as a consumer).
 */
export async function loadPacts(store: Store, checks: Checks, name: string): Promise<PactsView> {
  const service = await store.getService(name);
  if (!service) throw notFound('service', name);
  const [versions, pacts, environments] = await Promise.all([store.listVersions(name), store.listPacts({ consumer: name }), store.listEnvironments()]);
  const envNames = environments.map((e) => e.name);
  const running = new Map<string, DeploymentRecord[]>(
    await Promise.all(envNames.map(async (env) => [env, await store.currentDeployments(env)] as const)),
  );
  const versionsIn = (env: string, service: string): string[] => [
    ...new Set((running.get(env) ?? []).filter((d) => d.service === service).map((d) => d.version)),
  ];
  const out: PactsView['versions'] = [];
  for (const v of [...versions].reverse()) {
    const own = pacts.filter((p) => p.consumerVersion === v.version);
    if (own.length === 0) continue;
    const [verdicts, contents] = await Promise.all([
      Promise.all(envNames.map((env) => checks.deploy({ service: name, version: v.version, environment: env }))),
      Promise.all(own.map((pact) => store.getContent(pact.hash))),
    ]);
    const rows: PactRow[] = own.map((pact, p) => {
      const interactions = interactionCount(contents[p]);
      const cells = envNames.map((env, e) => pactCell(env, versionsIn(env, pact.provider), verdicts[e]!, name, v.version, pact.provider));
      return { provider: pact.provider, ...(interactions !== undefined ? { interactions } : {}), cells };
    });
    out.push({ version: v.version, environments: envNames.filter((env) => versionsIn(env, name).includes(v.version)), pacts: rows });
  }
  return { service: name, environments: envNames, versions: out };
}

/** One consumer version's pact with one provider, judged in one environment. */
function pactCell(environment: string, providerVersions: string[], verdict: DeployVerdict, consumer: string, version: string, provider: string): PactCompatCell {
  if (providerVersions.length === 0) return { environment, status: 'not-deployed', problems: [] };
  const base = { environment, providerVersion: providerVersions.join(', ') };
  const blockers = verdict.blockers.filter((b) => b.consumer === consumer && b.consumerVersion === version && b.provider === provider);
  if (blockers.length === 0) return { ...base, status: 'compatible', problems: [] };
  const problems = blockers.map((b) => ({ ...(b.method !== '*' ? { method: b.method } : {}), ...(b.path !== '*' ? { path: b.path } : {}), message: b.message }));
  return { ...base, status: blockers.every((b) => b.code === 'provider-spec-missing') ? 'no-spec' : 'incompatible', problems };
}

function interactionCount(content: JsonValue | undefined): number | undefined {
  if (!content || typeof content !== 'object' || Array.isArray(content)) return undefined;
  const list = content.interactions;
  return Array.isArray(list) ? list.length : undefined;
}

/**
 * The version diff: `compareSpecs` on the two stored documents, grouped by operation as the
 * Markdown report groups them, each breaking change (and warning) with the consumer versions
 * whose recorded usage it reaches.
 */
export async function loadDiff(store: Store, models: ModelCache, name: string, from: string | undefined, to: string | undefined): Promise<DiffView> {
  const service = await store.getService(name);
  if (!service) throw notFound('service', name);
  const specs = await store.listOpenApi(name);
  const versions = specs.map((s) => s.version);
  const view: DiffView = { service: name, versions, ...(from ? { from } : {}), ...(to ? { to } : {}) };
  if (!from || !to) return view;
  const missing = [from, to].find((v) => !versions.includes(v));
  if (missing !== undefined) {
    return { ...view, error: `${name} ${missing} has no OpenAPI description in the registry; pick one of: ${versions.join(', ')}.` };
  }
  const hashOf = (version: string): string => specs.find((s) => s.version === version)!.hash;
  const report = await models.diff(hashOf(from), hashOf(to));
  // Warnings count too: an optional field removed is harmless in general, not to the consumer reading it.
  const judged = (c: { level: string; waived?: unknown }): boolean => c.level !== 'info' && !c.waived;
  const usages = report.changes.some(judged) ? await store.usagesOfProvider(name) : [];
  const lookup = new DeploymentLookup(store);
  const groups: DiffGroupView[] = [];
  for (const group of groupByOperation(report.changes)) {
    const changes: DiffChangeView[] = [];
    for (const change of group.changes) {
      const affected: AffectedConsumer[] = [];
      if (judged(change)) {
        for (const usage of usages) {
          const hit = changeAffects(change, usage);
          if (!hit.affected) continue;
          affected.push({
            service: usage.consumer,
            version: usage.consumerVersion,
            environments: await lookup.environmentsOf(usage.consumer, usage.consumerVersion),
            ...(hit.field !== undefined ? { field: hit.field } : {}),
          });
        }
      }
      changes.push({ id: change.id, level: change.level, message: change.message, ...(change.waived ? { waived: true } : {}), affected });
    }
    groups.push({ ...(group.operation ? { operation: operationLabel(group.operation) } : {}), changes });
  }
  return {
    ...view,
    result: {
      summary: report.summary,
      semver: { sentence: semverSentence(report), ok: report.semver.ok },
      groups,
      why: explainedRules(
        report.changes.filter((c) => !c.waived),
        RULES_BY_ID,
      ).map((rule) => ({ id: rule.id, why: rule.why })),
    },
  };
}
