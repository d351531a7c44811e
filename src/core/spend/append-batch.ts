// Groups appends that arrive together: records handed over while a write is under way (or in the same
// turn of the event loop) go in the next write, so many finishing requests cost one lock or transaction.
// Each append resolves once its write acknowledges it; a failed write rejects every append it held.

interface Pending<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/** Writes a batch and calls `acknowledge` with one result per item, in order, once they are stored. */
export type BatchWrite<Item, Result> = (items: Item[], acknowledge: (results: Result[]) => void) => Promise<void>;

export class AppendBatch<Item, Result> {
  private pending: Array<Pending<Item, Result>> = [];
  private writing: Promise<void> | undefined;

  /** `onFailure` runs after a failed write (before its appends are rejected). */
  constructor(
    private readonly write: BatchWrite<Item, Result>,
    private readonly onFailure: () => void = () => undefined,
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.writing ??= this.loop();
    });
  }

  /** Resolves once nothing is waiting to be written. */
  async settled(): Promise<void> {
    await this.writing;
  }

  private async loop(): Promise<void> {
    // Let the appends that arrive in this turn of the event loop join the first write.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        await this.write(
          batch.map((pending) => pending.item),
          (results) => {
            for (const [index, pending] of batch.entries()) pending.resolve(results[index]!);
          },
        );
      } catch (error) {
        this.onFailure();
        // Appends already acknowledged stay resolved; rejecting them is a no-op.
        for (const pending of batch) pending.reject(error);
      }
    }
    this.writing = undefined;
  }
}
