/**
 * A small TTL cache with single-flight: concurrent requests for one key share one promise. Kept at module scope
 * by the handler, it serves both the many reads of one invocation and the next warm invocations.
 */

interface Entry {
  readonly expires: number;
  readonly value: Promise<unknown>;
}

/** Options of an EvidenceCache. The clock is injected so that expiry can be tested without waiting. */
export interface EvidenceCacheOptions {
  /** How long a loaded value is reused, in ms (5 minutes by default). */
  readonly ttlMs?: number;
  /** At most this many entries; the oldest are dropped first. */
  readonly maxEntries?: number;
  readonly clock?: () => number;
}

/** Per-key memo of evidence reads (a role, a policy version, a key), shared across concurrent collections. */
export class EvidenceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly clock: () => number;

  constructor(options: EvidenceCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 2_000;
    this.clock = options.clock ?? Date.now;
  }

  /**
   * The value for `key`: a fresh or in-flight one when there is one, else the result of `load`.
   * A load that rejects, or whose value `keep` refuses (a throttled read, say), is not kept.
   */
  get<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value as Promise<T>;
    if (hit) this.entries.delete(key);

    const value = Promise.resolve().then(load);
    const entry: Entry = { expires: now + this.ttlMs, value };
    this.entries.set(key, entry);
    const drop = (): void => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    value.then((v) => (keep(v) ? undefined : drop()), drop);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  /** The number of entries held (fresh, expired or in flight). */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
  }

  /**
   * A view of this cache whose keys live in their own namespace (one per account): a key id or alias read in
   * one account is never served to another, and every namespace shares this cache's one bound.
   */
  within(namespace: string): EvidenceCache {
    return new NamespacedCache(this, namespace);
  }
}

/** One namespace of an EvidenceCache. */
class NamespacedCache extends EvidenceCache {
  constructor(
    private readonly parent: EvidenceCache,
    private readonly namespace: string,
  ) {
    super({ maxEntries: 0 });
  }

  override get<T>(key: string, load: () => Promise<T>, keep?: (value: T) => boolean): Promise<T> {
    return this.parent.get(`${this.namespace}|${key}`, load, keep);
  }

  override get size(): number {
    return this.parent.size;
  }

  override within(namespace: string): EvidenceCache {
    return this.parent.within(`${this.namespace}|${namespace}`);
  }
}
