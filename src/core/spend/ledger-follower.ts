// Follows the end of a ledger: each update reads only the records appended since the last one (another
// process's too), off the event loop, and hands them over with where each starts. Only the window (the
// ledger's last `windowBytes`) matters to its readers: a first read, or one after the ledger grew by more
// than the window, starts there. A replaced or cut-short ledger is read again from the start of its window.
import { stat } from "node:fs/promises";
import { visitLedgerLinesAsync } from "./ledger-reader";
import type { LedgerRecord } from "./ledger-record";

/** Each turn of the event loop parses at most this much: a few milliseconds. */
const PIECE_BYTES = 64 * 1024;

export interface FollowedRecords {
  /** What was handed over before no longer describes the file: start from nothing. */
  reset(): void;
  /** A record that starts at byte `start`, in ledger order. */
  record(record: LedgerRecord, start: number): void;
}

/** Which file was read, and how far: whole lines up to `readTo`; `size` as last seen. */
interface ReadState {
  dev: number;
  ino: number;
  readTo: number;
  size: number;
}

export class LedgerFollower {
  private state: ReadState | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** Ledger lines parsed so far (what updates cost). */
  linesRead = 0;

  constructor(
    readonly file: string,
    private readonly windowBytes: number,
    private readonly records: FollowedRecords,
  ) {}

  /** The first byte of the window as last seen: records that start before it no longer count. */
  get windowStart(): number {
    return Math.max(0, (this.state?.size ?? 0) - this.windowBytes);
  }

  /**
   * Reads what was appended since the last update. Resolves once every record appended before the call
   * was handed over: a call while an update runs waits for the next one.
   */
  update(): Promise<void> {
    if (!this.running) {
      this.running = this.readAppended().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    // Runs after the current update however it ended: a failed read must not fail every later update.
    const next = () => {
      this.queued = undefined;
      return this.update();
    };
    this.queued ??= this.running.then(next, next);
    return this.queued;
  }

  private async readAppended(): Promise<void> {
    const onDisk = await stat(this.file).catch(() => undefined);
    if (!onDisk) return this.forget(undefined);
    // Another file at the path, or the file cut short: what was read no longer describes it.
    const same = this.state && this.state.dev === onDisk.dev && this.state.ino === onDisk.ino && onDisk.size >= this.state.readTo;
    if (!same) this.forget({ dev: onDisk.dev, ino: onDisk.ino, readTo: 0, size: 0 });
    const state = this.state!;
    if (onDisk.size === state.readTo) return;
    let from = state.readTo;
    const windowStart = Math.max(0, onDisk.size - this.windowBytes);
    // More was appended than the window holds: start again at the window. Its first line may be cut, and
    // a cut line never parses (it lacks the bracket that opens a record), so it is skipped as unreadable.
    if (from < windowStart) {
      this.forget(state);
      from = windowStart;
    }
    let lineStart = from;
    const end = await visitLedgerLinesAsync(
      this.file,
      from,
      ({ parsed, endByte }) => {
        const start = lineStart;
        lineStart = endByte;
        this.linesRead += 1;
        if (parsed) this.records.record(parsed.record, start);
      },
      PIECE_BYTES,
    );
    state.readTo = end.endByte;
    state.size = Math.max(onDisk.size, end.endByte);
  }

  private forget(state: ReadState | undefined): void {
    this.state = state;
    if (state) state.readTo = 0;
    this.records.reset();
  }
}
