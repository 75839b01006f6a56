import { RollgateError } from '@rollgate/openapi';
import { COMPAT_ENGINE } from '../checks/compat.js';
import type { CompatCache, Incompatibility } from '../checks/compat.js';
import type { CompatKey, PactSummary, Store, VerificationRecord } from '../store/types.js';
import type { Hrefs } from './hal.js';
import type { MatrixQuery, MatrixSelector } from './matrix-query.js';

/** A service at a version. */
interface At {
  service: string;
  version: string;
}

/** A notice as the Pact clients print it; `type` picks the colour. */
export interface BrokerNotice {
  type: 'success' | 'info' | 'warning' | 'error';
  text: string;
}

/** How a row was judged: Rollgate's static check against the provider's OpenAPI, or a published verification. */
export type VerificationType = 'rollgate-openapi-check' | 'pact-verification';

/** One consumer version / provider version pair with a pact between them, and its verdict. */
export interface MatrixRow {
  consumer: { name: string; version: { number: string } };
  provider: { name: string; version: { number: string } };
  pact: { createdAt: string; _links: { self: { href: string } } };
  verificationResult: null | {
    success: boolean;
    verifiedAt: string | null;
    verifiedBy?: { implementation: string; version: string };
    _links?: { self: { href: string } };
  };
  verificationType: VerificationType | null;
  /** What the provider version lacks, when the static check judged the row. */
  problems: Incompatibility[];
  ignored: boolean;
}

/** A provider a selected consumer version has a pact with and that has no version in the target environment. */
interface MissingProvider {
  consumer: At;
  provider: string;
  ignored: boolean;
}

/** The answer of `/matrix` and `/can-i-deploy`. */
export interface MatrixAnswer {
  summary: { deployable: boolean | null; reason: string; success: number; failed: number; unknown: number; ignored: number };
  notices: BrokerNotice[];
  matrix: MatrixRow[];
}

function unknownSelector(message: string): RollgateError {
  // 400 with the message, which the Pact CLI prints; a 404 would only show the URL.
  return new RollgateError('BROKER_SELECTOR_UNKNOWN', message);
}

async function resolveSelector(store: Store, selector: MatrixSelector): Promise<At[]> {
  const service = await store.getService(selector.pacticipant);
  if (!service) throw unknownSelector(`the registry knows no pacticipant named "${selector.pacticipant}"`);
  const name = service.name;
  if (selector.version !== undefined) {
    if (!(await store.getVersion(name, selector.version))) throw unknownSelector(`${name} has no version "${selector.version}"`);
    return [{ service: name, version: selector.version }];
  }
  if (selector.environment) {
    const deployed = await store.currentDeployments(selector.environment, { service: name });
    const released = await store.currentReleases(selector.environment, { service: name });
    const versions = [...new Set([...deployed.map((d) => d.version), ...released.map((r) => r.version)])];
    if (versions.length === 0) throw unknownSelector(`no version of ${name} is deployed or released in ${selector.environment}`);
    return versions.map((version) => ({ service: name, version }));
  }
  const branch = selector.mainBranch ? service.mainBranch ?? undefined : selector.branch;
  if (selector.mainBranch && !branch) throw unknownSelector(`${name} has no main branch set`);
  const latest = await store.latestVersion(name, { ...(branch ? { branch } : {}), ...(selector.tag ? { tag: selector.tag } : {}) });
  if (!latest) {
    const which = [branch ? `on branch ${branch}` : '', selector.tag ? `tagged ${selector.tag}` : ''].filter(Boolean).join(' ');
    throw unknownSelector(`${name} has no version${which ? ` ${which}` : ''}`);
  }
  return [{ service: name, version: latest.version }];
}

/** The versions the selected ones are checked against, by the query's target. */
async function counterparts(store: Store, query: MatrixQuery, selected: At[], integrated: Set<string>): Promise<At[]> {
  const own = new Set(selected.map((s) => s.service));
  if (query.environment) {
    const environment = await store.getEnvironment(query.environment);
    if (!environment) throw unknownSelector(`the registry knows no environment named "${query.environment}"`);
    const [deployed, released] = await Promise.all([store.currentDeployments(environment.uuid), store.currentReleases(environment.uuid)]);
    const seen = new Set<string>();
    const result: At[] = [];
    for (const at of [...deployed, ...released]) {
      const key = `${at.service}\u0000${at.version}`;
      if (own.has(at.service) || seen.has(key)) continue;
      seen.add(key);
      result.push({ service: at.service, version: at.version });
    }
    return result;
  }
  if (query.tag || query.mainBranch || query.latest || query.selectors.length === 1) {
    const result: At[] = [];
    for (const service of integrated) {
      if (own.has(service)) continue;
      const record = await store.getService(service);
      const branch = query.mainBranch ? record?.mainBranch ?? undefined : undefined;
      if (query.mainBranch && !branch) continue;
      const latest = await store.latestVersion(service, { ...(query.tag ? { tag: query.tag } : {}), ...(branch ? { branch } : {}) });
      if (latest) result.push({ service, version: latest.version });
    }
    return result;
  }
  // Several selectors and no target: the selected versions are checked against each other.
  return [];
}

function targetName(query: MatrixQuery): string {
  if (query.environment) return query.environment;
  if (query.tag) return `the latest versions tagged ${query.tag}`;
  if (query.mainBranch) return 'the main branches';
  return 'the latest versions';
}

/**
 * Builds the matrix for a query: every pact between a selected version and a counterpart version,
 * judged by Rollgate's static check when the provider version published an OpenAPI document, else
 * by the latest verification result that provider version published for that pact content.
 */
export async function buildMatrix(store: Store, cache: CompatCache, hrefs: Hrefs, query: MatrixQuery): Promise<MatrixAnswer> {
  const selected: At[] = [];
  for (const selector of query.selectors) selected.push(...(await resolveSelector(store, selector)));

  // Everything each selected version exchanges pacts with, in both directions.
  const pactsOf = new Map<string, PactSummary[]>();
  const integrated = new Set<string>();
  for (const at of selected) {
    const asConsumer = await store.listPacts({ consumer: at.service, consumerVersion: at.version });
    const asProvider = await store.listPacts({ provider: at.service });
    pactsOf.set(`${at.service}\u0000${at.version}`, [...asConsumer, ...asProvider]);
    for (const p of asConsumer) integrated.add(p.provider);
    for (const p of asProvider) integrated.add(p.consumer);
  }
  const others = await counterparts(store, query, selected, integrated);
  const notices: BrokerNotice[] = [];
  const missing: MissingProvider[] = [];
  if (query.environment && others.length === 0) {
    notices.push({ type: 'info', text: `Nothing but ${[...new Set(selected.map((s) => s.service))].join(', ')} is deployed or released in ${query.environment} yet.` });
  }

  const pairs: { pact: PactSummary; consumer: At; provider: At }[] = [];
  const seenPairs = new Set<string>();
  const addPair = (pact: PactSummary, consumer: At, provider: At) => {
    const key = [pact.hash, consumer.service, consumer.version, provider.service, provider.version].join('\u0000');
    if (seenPairs.has(key)) return;
    seenPairs.add(key);
    pairs.push({ pact, consumer, provider });
  };
  const candidates = others.length > 0 || query.environment ? others : selected;
  for (const at of selected) {
    const pacts = pactsOf.get(`${at.service}\u0000${at.version}`) ?? [];
    for (const other of candidates) {
      if (other.service === at.service) continue;
      for (const pact of pacts) {
        if (pact.consumer === at.service && pact.consumerVersion === at.version && pact.provider === other.service) addPair(pact, at, other);
        if (pact.provider === at.service && pact.consumer === other.service && pact.consumerVersion === other.version) addPair(pact, other, at);
      }
    }
    // A consumer needs its providers to be there first, as in the Pact Broker: a pact with a
    // provider that has no version in the target environment leaves the answer unknown (null),
    // whether the environment is empty or only lacks that provider. A provider's consumers that
    // are not there yet do not count: they are checked when they are deployed.
    if (query.environment) {
      for (const pact of pacts) {
        if (pact.consumer !== at.service || pact.consumerVersion !== at.version) continue;
        if (others.some((o) => o.service === pact.provider) || selected.some((s) => s.service === pact.provider)) continue;
        if (!missing.some((m) => m.consumer.service === at.service && m.consumer.version === at.version && m.provider === pact.provider)) {
          missing.push({ consumer: at, provider: pact.provider, ignored: query.ignore.some((i) => i.pacticipant === pact.provider) });
        }
      }
    }
  }

  const specHashes = new Map<string, Map<string, string>>();
  const specOf = async (service: string, version: string) => {
    let specs = specHashes.get(service);
    if (!specs) {
      specs = new Map((await store.listOpenApi(service)).map((s) => [s.version, s.hash]));
      specHashes.set(service, specs);
    }
    return specs.get(version);
  };
  const keys: CompatKey[] = [];
  const specByPair: (string | undefined)[] = [];
  for (const pair of pairs) {
    const specHash = await specOf(pair.provider.service, pair.provider.version);
    specByPair.push(specHash);
    if (specHash) keys.push({ pactHash: pair.pact.hash, specHash });
  }
  const verdicts = await cache.resolve(keys);

  const ignored = (at: At) => query.ignore.some((i) => i.pacticipant === at.service && (i.version === undefined || i.version === at.version));
  const rows: MatrixRow[] = [];
  for (const [index, pair] of pairs.entries()) {
    const specHash = specByPair[index];
    const verdict = specHash ? verdicts.get(`${pair.pact.hash}:${specHash}`) : undefined;
    const [verification]: (VerificationRecord | undefined)[] = await store.listVerifications({
      pactHash: pair.pact.hash,
      provider: pair.provider.service,
      providerVersion: pair.provider.version,
    });
    const row: MatrixRow = {
      consumer: { name: pair.consumer.service, version: { number: pair.consumer.version } },
      provider: { name: pair.provider.service, version: { number: pair.provider.version } },
      pact: { createdAt: pair.pact.publishedAt, _links: { self: { href: hrefs.pactVersion(pair.provider.service, pair.consumer.service, pair.pact.hash) } } },
      verificationResult: null,
      verificationType: null,
      problems: [],
      ignored: ignored(pair.consumer) || ignored(pair.provider),
    };
    if (verdict) {
      row.verificationResult = { success: verdict.compatible, verifiedAt: null, verifiedBy: { implementation: 'rollgate', version: COMPAT_ENGINE } };
      row.verificationType = 'rollgate-openapi-check';
      row.problems = verdict.problems;
      if (verification && !verification.success && verdict.compatible) {
        notices.push({
          type: 'warning',
          text: `${pair.provider.service} ${pair.provider.version} published a failed verification of ${pair.consumer.service} ${pair.consumer.version}'s pact, though its OpenAPI document satisfies the pact; the OpenAPI check decides here.`,
        });
      }
    } else if (verification) {
      row.verificationResult = {
        success: verification.success,
        verifiedAt: verification.verifiedAt,
        _links: { self: { href: `${hrefs.pactVersion(pair.provider.service, pair.consumer.service, pair.pact.hash)}/verification-results/${verification.id}` } },
      };
      row.verificationType = 'pact-verification';
    }
    rows.push(row);
  }

  return summarise(rows, missing, notices, selected, targetName(query));
}

function label(at: { name: string; version: { number: string } }): string {
  return `${at.name} ${at.version.number}`;
}

function summarise(rows: MatrixRow[], missing: MissingProvider[], notices: BrokerNotice[], selected: At[], target: string): MatrixAnswer {
  const counted = rows.filter((r) => !r.ignored);
  const failed = counted.filter((r) => r.verificationResult?.success === false);
  const unknown = counted.filter((r) => r.verificationResult === null);
  const success = counted.length - failed.length - unknown.length;
  const absent = missing.filter((m) => !m.ignored);
  const absentText = (m: MissingProvider) =>
    `${m.consumer.service} ${m.consumer.version} has a pact with ${m.provider}, and no version of ${m.provider} is deployed or released in ${target} yet, so nothing there can satisfy it; deploy ${m.provider} there first.`;
  for (const m of absent) notices.push({ type: 'warning', text: absentText(m) });
  for (const m of missing.filter((m) => m.ignored)) notices.push({ type: 'info', text: `${m.provider} is ignored as asked: ${absentText(m)}` });
  const blocking: BrokerNotice[] = [];
  for (const row of failed) {
    const pair = `${label(row.consumer)} -> ${label(row.provider)}`;
    if (row.problems.length === 0) {
      blocking.push({ type: 'error', text: `${pair}: ${label(row.provider)} published a failed verification of ${label(row.consumer)}'s pact.` });
    }
    for (const problem of row.problems) {
      blocking.push({
        type: 'error',
        text: `${pair}: consumer ${label(row.consumer)} needs ${problem.method} ${problem.path}, which ${label(row.provider)} does not provide as expected (${problem.code}): ${problem.message}`,
      });
    }
  }
  for (const row of unknown) {
    notices.push({
      type: 'warning',
      text: `${label(row.consumer)} -> ${label(row.provider)}: ${row.provider.name} ${row.provider.version.number} has no OpenAPI document and no verification result for this pact, so it cannot be judged.`,
    });
  }
  for (const row of rows.filter((r) => r.ignored)) {
    notices.push({ type: 'info', text: `${label(row.consumer)} -> ${label(row.provider)} is ignored as asked.` });
  }

  const subject = selected.map((s) => `${s.service} ${s.version}`).join(', ');
  let deployable: boolean | null;
  let reason: string;
  if (failed.length > 0) {
    deployable = false;
    const first = failed[0] as MatrixRow;
    const problem = first.problems[0];
    reason = problem
      ? `${subject} cannot run beside ${target}: consumer ${label(first.consumer)} needs ${problem.method} ${problem.path} from ${label(first.provider)} (${problem.code})` +
        (failed.length > 1 || first.problems.length > 1 ? `, and ${failed.reduce((n, r) => n + Math.max(1, r.problems.length), 0) - 1} more problem(s)` : '')
      : `${subject} cannot run beside ${target}: ${label(first.provider)} failed to verify ${label(first.consumer)}'s pact`;
  } else if (unknown.length > 0 || absent.length > 0) {
    deployable = null;
    const causes = [
      ...(absent.length > 0 ? [`${absent.map((m) => m.provider).join(', ')}, which it has pacts with, ${absent.length === 1 ? 'has' : 'have'} no version in ${target}`] : []),
      ...(unknown.length > 0 ? [`${unknown.length} pact(s) with ${target} cannot be judged yet (no OpenAPI document and no verification result)`] : []),
    ];
    reason = `${subject}: ${causes.join('; ')}`;
  } else {
    deployable = true;
    reason = counted.length === 0 ? `${subject} has no pacts with ${target} to check` : `${subject} satisfies every pact with ${target} (${counted.length} checked)`;
  }
  const outcome: BrokerNotice = { type: deployable ? 'success' : deployable === false ? 'error' : 'warning', text: reason };
  return {
    summary: {
      deployable,
      reason,
      success,
      failed: failed.length,
      unknown: unknown.length + absent.length,
      ignored: rows.length - counted.length + missing.length - absent.length,
    },
    notices: [outcome, ...blocking, ...notices],
    matrix: rows,
  };
}
