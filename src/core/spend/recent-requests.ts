// A bounded memory of the latest request ids, most recent last, forgetting the oldest beyond a limit.
// A Map used as such a queue (delete its first key) is quadratic in V8: each first-key lookup walks past
// every slot deleted since the table was last rebuilt, about a thousand per record at 2,000 ids. Here
// the order is a queue of its own and the Map is only looked up.

interface Remembered<V> {
  value: V;
  /** The queue position of the id's latest insertion: earlier copies of it in the queue are stale. */
  at: number;
}

export class RecentRequests<V> {
  private latest = new Map<string, Remembered<V>>();
  /** Ids in insertion order; an id set again leaves a stale copy behind. */
  private queue: string[] = [];
  /** Queue positions count from the start: `queue[0]` is position `base`. */
  private base = 0;
  /** The position of the oldest id still remembered (or of a stale copy before it). */
  private head = 0;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.latest.size;
  }

  get(id: string): V | undefined {
    return this.latest.get(id)?.value;
  }

  /** Remembers `id` as the most recent (moving it when it is known) and forgets the oldest beyond the limit. */
  set(id: string, value: V): void {
    this.remember(id, value);
  }

  /** set(), returning what `id` was remembered with before (undefined when it was not). */
  remember(id: string, value: V): V | undefined {
    const at = this.base + this.queue.length;
    this.queue.push(id);
    const known = this.latest.get(id);
    let earlier: V | undefined;
    if (known) {
      earlier = known.value;
      known.value = value;
      known.at = at;
    } else {
      this.latest.set(id, { value, at });
      if (this.latest.size > this.limit) this.forgetOldest();
    }
    // Stale copies and forgotten ids pile up in front: rebuild once they outnumber the live ids.
    if (this.queue.length > 4 * this.limit + 64) this.rebuild(0, (id) => id);
    return earlier;
  }

  /** Oldest first. */
  *entries(): IterableIterator<[string, V]> {
    for (let position = this.head; position < this.base + this.queue.length; position++) {
      const id = this.queue[position - this.base]!;
      const remembered = this.latest.get(id)!;
      if (remembered.at === position) yield [id, remembered.value];
    }
  }

  /** Gives the latest `count` ids storage of their own through `copy` (they may be cut from a large text). */
  copyLatest(count: number, copy: (id: string) => string): void {
    this.rebuild(Math.max(0, this.latest.size - count), copy);
  }

  private forgetOldest(): void {
    for (;;) {
      const id = this.queue[this.head - this.base]!;
      const live = this.latest.get(id)!.at === this.head;
      this.head += 1;
      if (live) {
        this.latest.delete(id);
        return;
      }
    }
  }

  /** The live ids alone, in order, the ones from the `from`-th on passed through `copy`. */
  private rebuild(from: number, copy: (id: string) => string): void {
    const live = [...this.entries()];
    this.latest = new Map();
    this.queue = [];
    this.base = 0;
    this.head = 0;
    live.forEach(([id, value], index) => {
      const kept = index >= from ? copy(id) : id;
      this.latest.set(kept, { value, at: index });
      this.queue.push(kept);
    });
  }
}
