/*
 * Answers derived from the store (a rollback verdict, the deployments running in an environment)
 * stay true exactly as long as the store's revision (`Store.revision()`, increased by every write
 * transaction of any registry instance on the database) has not moved. So they are cached per
 * revision, and checking that they are still valid costs one indexed read, shared by the requests
 * that arrive while it runs. Verdicts of a pact content against a spec content need none of this:
 * contents are immutable by hash (`CompatCache` in ./compat.ts).
 */
import type { Store } from '../store/types.js';

/**
 * Reads the store's revision, coalescing concurrent callers: a read already under way when a
 * caller arrives may predate a write that caller has seen committed, so the caller waits for the
 * next read, which all callers arriving meanwhile share. Under load this is one query per
 * round trip rather than one per request.
 */
export class RevisionReader {
  #inFlight: Promise<number> | undefined;
  #queued: Promise<number> | undefined;

  constructor(private readonly store: Pick<Store, 'revision'>) {}

  /** A revision read that started after this call. */
  read(): Promise<number> {
    if (!this.#inFlight) return this.#start();
    if (!this.#queued) {
      const settled = this.#inFlight.then(
        () => undefined,
        () => undefined,
      );
      this.#queued = settled.then(() => {
        this.#queued = undefined;
        return this.#start();
      });
    }
    return this.#queued;
  }

  #start(): Promise<number> {
    const read: Promise<number> = this.store.revision().finally(() => {
      if (this.#inFlight === read) this.#inFlight = undefined;
    });
    this.#inFlight = read;
    return read;
  }
}

/** Options of `RevisionCache`. */
export interface RevisionCacheOptions {
  /** Most entries kept for the current revision (default 20,000); the oldest go first. */
  capacity?: number;
}

/**
 * A cache of values computed from the store, valid for one store revision. Use it through a
 * `Snapshot`: values computed during one are published only if the revision is unchanged once
 * the snapshot ends, since reads made across a concurrent write may mix two states.
 */
export class RevisionCache {
  readonly #reader: RevisionReader;
  readonly #capacity: number;
  #revision = -1;
  #entries = new Map<string, unknown>();

  constructor(store: Pick<Store, 'revision'>, options: RevisionCacheOptions = {}) {
    this.#reader = new RevisionReader(store);
    this.#capacity = options.capacity ?? 20_000;
  }

  /** Starts a snapshot at the store's current revision. */
  async snapshot(): Promise<Snapshot> {
    return new Snapshot(this, await this.#reader.read());
  }

  /** The cached value of `key` at `revision`, if any. */
  lookup(revision: number, key: string): unknown {
    return revision === this.#revision ? this.#entries.get(key) : undefined;
  }

  /** Publishes values computed at `revision` if the store is still there; older revisions are dropped. */
  async publish(revision: number, values: ReadonlyMap<string, unknown>): Promise<void> {
    if (values.size === 0 || revision < this.#revision) return;
    if ((await this.#reader.read()) !== revision || revision < this.#revision) return;
    if (revision > this.#revision) {
      this.#revision = revision;
      this.#entries = new Map();
    }
    for (const [key, value] of values) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    while (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}

/**
 * One consistent use of the cache (a request): reads come from the cache at the snapshot's
 * revision or are computed and kept for `end()`, which publishes them. Values are shared between
 * requests: treat them as read-only.
 */
export class Snapshot {
  readonly #computed = new Map<string, Promise<unknown>>();

  constructor(
    private readonly cache: RevisionCache,
    /** The store revision this snapshot reads at. */
    readonly revision: number,
  ) {}

  /** The value of `key`: cached at this revision, or computed once per snapshot. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const cached = this.cache.lookup(this.revision, key);
    if (cached !== undefined) return Promise.resolve(cached as T);
    let pending = this.#computed.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = compute();
      this.#computed.set(key, pending);
    }
    return pending;
  }

  /** Publishes what this snapshot computed successfully, if the revision did not move meanwhile. */
  async end(): Promise<void> {
    if (this.#computed.size === 0) return;
    const settled = await Promise.allSettled(this.#computed.values());
    const values = new Map<string, unknown>();
    [...this.#computed.keys()].forEach((key, index) => {
      const outcome = settled[index]!;
      if (outcome.status === 'fulfilled' && outcome.value !== undefined) values.set(key, outcome.value);
    });
    await this.cache.publish(this.revision, values);
  }
}
