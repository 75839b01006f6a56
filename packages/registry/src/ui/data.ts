import { compareSpecs, explainedRules, groupByOperation, operationLabel, RULES_BY_ID, semverSentence } from '@rollgate/openapi';
import type { ApiModel } from '@rollgate/openapi';
import { modelOfDocument } from '../contracts.js';
import { notFound } from '../errors.js';
import type { DeployVerdict } from '../checks/deploy.js';
import type { RollbackAnswer } from '../checks/rollback.js';
import type { Checks } from '../plugins/checks.js';
import type { DeploymentRecord, JsonValue, Store, UsageRecord } from '../store/types.js';
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

/** Specs parsed into models, keyed by content hash: contents never change, so entries never go stale. */
export class ModelCache {
  private readonly entries = new Map<string, Promise<ApiModel>>();

  constructor(private readonly limit = 64) {}

  /** The model of a stored spec, parsed once per content hash. */
  get(store: Store, service: string, version: string, hash: string): Promise<ApiModel> {
    let entry = this.entries.get(hash);
    if (!entry) {
      entry = store.getOpenApi(service, version).then((record) => {
        if (!record) throw notFound('OpenAPI description of version', `${service} ${version}`);
        return modelOfDocument(record.document, `${service}@${version}`);
      });
      // A failed parse is not cached, so a later request sees the error again rather than a stale one.
      entry.catch(() => this.entries.delete(hash));
      if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(hash, entry);
    }
    return entry;
  }
}

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

/** Current deployments of each service, fetched once per service per request. */
export class DeploymentLookup {
  private readonly cache = new Map<string, Promise<DeploymentRecord[]>>();

  constructor(private readonly store: Store) {}

  /** Environments where that version of the service runs now, by name. */
  async environmentsOf(service: string, version: string): Promise<string[]> {
    const deployments = await this.current(service);
    return [...new Set(deployments.filter((d) => d.version === version).map((d) => d.environment))].sort(byName);
  }

  /** The service's current deployments. */
  current(service: string): Promise<DeploymentRecord[]> {
    let entry = this.cache.get(service);
    if (!entry) {
      entry = this.store.deploymentsOf(service, { currentOnly: true });
      this.cache.set(service, entry);
    }
    return entry;
  }
}

function paramLabel(p: { in: string; name: string }): string {
  return `${p.in} ${p.name}`;
}

async function consumersOf(usages: UsageRecord[], deployments: DeploymentLookup): Promise<EndpointConsumer[]> {
  const out: EndpointConsumer[] = [];
  for (const u of usages) {
    out.push({
      service: u.consumer,
      version: u.consumerVersion,
      environments: await deployments.environmentsOf(u.consumer, u.consumerVersion),
      requestFields: [...u.params.map(paramLabel), ...leafFields(u.requestFields)],
      responseFields: leafFields(u.responseFields),
    });
  }
  return out;
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
  const rows: VersionRow[] = versions
    .map((v) => {
      const deployedIn: Record<string, string[]> = {};
      for (const d of deployments) if (d.version === v.version) (deployedIn[d.environment] ??= []).push(d.instance ?? '');
      return {
        version: v.version,
        ...(v.branch !== null ? { branch: v.branch } : {}),
        ...(v.commit !== null ? { commit: v.commit } : {}),
        publishedAt: v.createdAt,
        hasSpec: specVersions.includes(v.version),
        pactProviders: [...new Set(pactsAsConsumer.filter((p) => p.consumerVersion === v.version).map((p) => p.provider))].sort(byName),
        deployedIn,
      };
    })
    // Newest first: the versions people ask about are the recent ones.
    .reverse();

  if (chosenVersion !== undefined && !specVersions.includes(chosenVersion)) {
    throw notFound(`OpenAPI description of ${name} version`, chosenVersion);
  }
  const endpointsVersion = chosenVersion ?? specVersions[specVersions.length - 1];
  let endpoints: EndpointView[] = [];
  if (endpointsVersion !== undefined) {
    const spec = specs.find((s) => s.version === endpointsVersion)!;
    const model = await models.get(store, name, endpointsVersion, spec.hash);
    const lookup = new DeploymentLookup(store);
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

  // What it calls: one row per provider operation, with the versions (newest first) using it.
  const ownVersions = [...new Set(pactsAsConsumer.map((p) => p.consumerVersion))];
  const calls = new Map<string, ServiceView['calls'][number]>();
  for (const version of rows.map((r) => r.version).filter((v) => ownVersions.includes(v))) {
    for (const u of await store.usagesOfConsumer(name, version)) {
      const key = `${u.provider}\u0000${u.method}\u0000${u.path}`;
      let call = calls.get(key);
      if (!call) calls.set(key, (call = { provider: u.provider, method: u.method, path: u.path, versions: [] }));
      if (!call.versions.includes(version)) call.versions.push(version);
    }
  }

  const envNames = environments.map((e) => e.name);
  // Environments where nothing of this service runs still get a column: "not running there" is an answer.
  return {
    calls: [...calls.values()].sort((a, b) => byName(a.provider, b.provider) || byName(a.path, b.path) || byName(a.method, b.method)),
    name,
    versions: rows,
    environments: envNames,
    ...(endpointsVersion !== undefined ? { endpointsVersion } : {}),
    specVersions,
    endpoints,
    providers: [...new Set(pactsAsConsumer.map((p) => p.provider))].sort(byName),
    consumers: [...new Set(pactsAsProvider.map((p) => p.consumer))].sort(byName),
  };
}

/**
 * The dependency graph. Without an environment: every service, and an edge for every pair with a
 * stored pact. With one: the services running there, and an edge where a consumer version running
 * there has a pact with a provider running there. A rollback checked in that environment is drawn
 * as it would leave it: the service at its target version.
 */
export async function loadGraph(store: Store, environment?: string, rollback?: RollbackAnswer): Promise<Omit<GraphView, 'rollback'>> {
  const [services, pacts, environments] = await Promise.all([store.listServices(), store.listPacts(), store.listEnvironments()]);
  const allServices = services.map((s) => s.name);
  const base = { allServices, environments: environments.map((e) => e.name) };
  if (environment === undefined) {
    const seen = new Set<string>();
    const edges: GraphView['edges'] = [];
    for (const p of pacts) {
      const key = `${p.consumer}\u0000${p.provider}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ consumer: p.consumer, provider: p.provider });
    }
    return { ...base, services: allServices, edges };
  }

  if (!base.environments.includes(environment)) throw notFound('environment', environment);
  const running = new Map<string, Set<string>>();
  for (const d of await store.currentDeployments(environment)) {
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
  const ordered = new Map<string, string[]>();
  for (const [service, versions] of running) {
    if (versions.size < 2) ordered.set(service, [...versions]);
    else ordered.set(service, (await store.listVersions(service)).map((v) => v.version).filter((v) => versions.has(v)));
  }
  const inOrder = (service: string, versions: Set<string>): string[] => (ordered.get(service) ?? []).filter((v) => versions.has(v));
  const names = [...running.keys()].sort(byName);
  return {
    ...base,
    environment,
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

/** The rollback form's choices: every service and environment, and the chosen service's versions. */
export async function loadRollbackChoices(store: Store, service: string | undefined): Promise<Pick<RollbackView, 'services' | 'environments' | 'versions'>> {
  const [services, environments, versions] = await Promise.all([
    store.listServices(),
    store.listEnvironments(),
    service ? store.listVersions(service) : Promise.resolve([]),
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
  const [versions, pacts, environments, deployments] = await Promise.all([
    store.listVersions(name),
    store.listPacts({ consumer: name }),
    store.listEnvironments(),
    store.deploymentsOf(name, { currentOnly: true }),
  ]);
  const envNames = environments.map((e) => e.name);
  const running = new Map<string, DeploymentRecord[]>(
    await Promise.all(envNames.map(async (env) => [env, await store.currentDeployments(env)] as const)),
  );
  const out: PactsView['versions'] = [];
  for (const v of [...versions].reverse()) {
    const own = pacts.filter((p) => p.consumerVersion === v.version);
    if (own.length === 0) continue;
    const verdicts = new Map<string, DeployVerdict>(
      await Promise.all(envNames.map(async (env) => [env, await checks.deploy({ service: name, version: v.version, environment: env })] as const)),
    );
    const rows: PactRow[] = [];
    for (const pact of own) {
      const record = await store.getPact(name, v.version, pact.provider);
      const interactions = interactionCount(record?.content);
      const cells: PactCompatCell[] = envNames.map((env) => {
        const providerVersions = [...new Set((running.get(env) ?? []).filter((d) => d.service === pact.provider).map((d) => d.version))];
        const verdict = verdicts.get(env)!;
        const blockers = verdict.blockers.filter((b) => b.consumer === name && b.consumerVersion === v.version && b.provider === pact.provider);
        const problems = blockers.map((b) => ({ ...(b.method !== '*' ? { method: b.method } : {}), ...(b.path !== '*' ? { path: b.path } : {}), message: b.message }));
        const base = { environment: env, ...(providerVersions.length > 0 ? { providerVersion: providerVersions.join(', ') } : {}) };
        if (providerVersions.length === 0) return { ...base, status: 'not-deployed', problems: [] };
        if (blockers.length > 0 && blockers.every((b) => b.code === 'provider-spec-missing')) return { ...base, status: 'no-spec', problems };
        if (blockers.length > 0) return { ...base, status: 'incompatible', problems };
        return { ...base, status: 'compatible', problems: [] };
      });
      rows.push({ provider: pact.provider, ...(interactions !== undefined ? { interactions } : {}), cells });
    }
    out.push({
      version: v.version,
      environments: [...new Set(deployments.filter((d) => d.version === v.version).map((d) => d.environment))].sort(byName),
      pacts: rows,
    });
  }
  return { service: name, environments: envNames, versions: out };
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
  const model = (version: string): Promise<ApiModel> => models.get(store, name, version, specs.find((s) => s.version === version)!.hash);
  const [base, revision] = await Promise.all([model(from), model(to)]);
  const report = compareSpecs(base.spec, revision.spec);
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
