import { compareSpecs } from '@rollgate/openapi';
import type { ApiModel, DiffReport } from '@rollgate/openapi';
import { parsePact, verifyPact } from '@rollgate/pact';
import type { Pact } from '@rollgate/pact';
import { sizedModelOfDocument } from '../contracts.js';
import { StoreBusyError } from '../store/index.js';
import type { CompatKey, JsonValue, Store } from '../store/types.js';

/** One way a pact's expectations are not met by a spec. */
export interface Incompatibility {
  method: string;
  path: string;
  code: string;
  message: string;
}

/** The judgement of one pact content against one spec content. */
export interface CompatResult {
  compatible: boolean;
  /** What breaks the consumer. */
  problems: Incompatibility[];
  /** What the check could not vouch for (an optional field relied on, an unsupported interaction). */
  warnings: Incompatibility[];
}

/**
 * Names the revision of the judgement stored in the compat cache. Bump it whenever what
 * `verifyPact` reports changes, so stale cached verdicts are recomputed rather than trusted.
 */
export const COMPAT_ENGINE = 'rollgate-verify/1';

/** Judges a parsed pact against a provider model. */
export function judge(pact: Pact, model: ApiModel): CompatResult {
  const verification = verifyPact(pact, model);
  const problems: Incompatibility[] = [];
  const warnings: Incompatibility[] = [];
  for (const finding of verification.findings) {
    const entry = { method: finding.method, path: finding.path, code: finding.code, message: `${finding.interaction}: ${finding.message}` };
    (finding.level === 'error' ? problems : warnings).push(entry);
  }
  return { compatible: verification.compatible, problems, warnings };
}

function keyOf(key: CompatKey): string {
  return `${key.pactHash}:${key.specHash}`;
}

function isCompatResult(value: JsonValue | undefined): value is JsonValue & CompatResult {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.compatible === 'boolean' && Array.isArray(value.problems) && Array.isArray(value.warnings);
}

/**
 * A small LRU map: contents are immutable by hash, so entries never go stale, only out of room.
 * Room is a number of entries and, optionally, a total weight; the newest entry always stays.
 */
export class Lru<V> {
  private readonly entries = new Map<string, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, weight = 0): void {
    this.delete(key);
    this.entries.set(key, { value, weight });
    this.total += weight;
    this.evict();
  }

  /** Sets an entry's weight, known only once its value has loaded. */
  weigh(key: string, weight: number): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.total += weight - entry.weight;
    entry.weight = weight;
    this.evict();
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.total -= entry.weight;
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops the least recently used entries while there are too many or they weigh too much. */
  private evict(): void {
    while (this.entries.size > 1 && (this.entries.size > this.capacity || this.total > this.maxWeight)) {
      this.delete(this.entries.keys().next().value as string);
    }
  }
}

/** Models kept in memory: at most this many, */
const MODEL_ENTRIES = 64;
/**
 * and at most this much JSON text between them. A model takes about six times its document's
 * text in memory (Microsoft Graph's 20 MB description: about 115 MB), so a count alone would let
 * a registry of large APIs run out of heap.
 */
const MODEL_TEXT_BYTES = 128 * 1024 * 1024;

/** Version diffs kept in memory: at most this many, and this many changes between them. */
const DIFF_ENTRIES = 16;
const DIFF_CHANGES = 200_000;

/** Provider models by spec content hash, so publishing and checking parse a spec once. */
export class ModelCache {
  private readonly models: Lru<Promise<ApiModel>>;
  private readonly diffs = new Lru<Promise<DiffReport>>(DIFF_ENTRIES, DIFF_CHANGES);

  constructor(
    private readonly store: Store,
    budget: { entries?: number; textBytes?: number } = {},
  ) {
    this.models = new Lru(budget.entries ?? MODEL_ENTRIES, budget.textBytes ?? MODEL_TEXT_BYTES);
  }

  /** The model of the spec stored under `specHash`. */
  get(specHash: string): Promise<ApiModel> {
    let model = this.models.get(specHash);
    if (!model) {
      model = this.store.getContent(specHash).then(async (document) => {
        if (document === undefined) throw new Error(`spec content ${specHash} is missing from the store`);
        const { model: loaded, size } = await sizedModelOfDocument(document, `spec ${specHash.slice(0, 12)}`);
        this.models.weigh(specHash, size);
        return loaded;
      });
      // A failed load must not stay cached.
      model.catch(() => this.models.delete(specHash));
      this.models.set(specHash, model);
    }
    return model;
  }

  /**
   * `compareSpecs` of two stored specs, judged as of `now`. Both documents are immutable by hash,
   * so a diff is the same all day (sunset dates and waivers are judged by the day): viewing a
   * version diff of a large API again costs no second comparison.
   */
  diff(fromHash: string, toHash: string, now = new Date()): Promise<DiffReport> {
    const key = `${fromHash}:${toHash}:${now.toISOString().slice(0, 10)}`;
    let report = this.diffs.get(key);
    if (!report) {
      report = Promise.all([this.get(fromHash), this.get(toHash)]).then(([base, revision]) => {
        const result = compareSpecs(base.spec, revision.spec, { now });
        this.diffs.weigh(key, result.changes.length);
        return result;
      });
      report.catch(() => this.diffs.delete(key));
      this.diffs.set(key, report);
    }
    return report;
  }

  /** How many models are held. */
  get size(): number {
    return this.models.size;
  }
}

/**
 * Pact-versus-spec verdicts by content hashes: from memory, else from the store's cache, else
 * computed and written back to the store (which other registry instances then share).
 */
export class CompatCache {
  private readonly results = new Lru<CompatResult>(50_000);
  /** The models this cache parses specs into; publishing shares them. */
  readonly models: ModelCache;

  constructor(private readonly store: Store) {
    this.models = new ModelCache(store);
  }

  /** Verdicts for every pair, keyed by `${pactHash}:${specHash}`. */
  async resolve(keys: CompatKey[]): Promise<Map<string, CompatResult>> {
    const found = new Map<string, CompatResult>();
    const missing: CompatKey[] = [];
    for (const key of keys) {
      const cached = this.results.get(keyOf(key));
      if (cached) found.set(keyOf(key), cached);
      else missing.push(key);
    }
    if (missing.length === 0) return found;
    const stored = await this.store.getCompatMany(missing, COMPAT_ENGINE);
    for (const key of missing) {
      const id = keyOf(key);
      if (found.has(id)) continue;
      const value = stored.get(id);
      const result = isCompatResult(value) ? value : await this.compute(key);
      this.results.set(id, result);
      found.set(id, result);
    }
    return found;
  }

  private async compute(key: CompatKey): Promise<CompatResult> {
    const [pactContent, model] = await Promise.all([this.store.getContent(key.pactHash), this.models.get(key.specHash)]);
    if (pactContent === undefined) throw new Error(`pact content ${key.pactHash} is missing from the store`);
    const result = judge(parsePact(pactContent as object, `pact ${key.pactHash.slice(0, 12)}`), model);
    try {
      await this.store.putCompat(key.pactHash, key.specHash, COMPAT_ENGINE, result as unknown as JsonValue);
    } catch (error) {
      // A stored verdict only spares other instances the work: a question asked while another
      // writer holds the database (a long deployment write, a migration) still gets its answer.
      if (!(error instanceof StoreBusyError)) throw error;
    }
    return result;
  }
}
