// What routing learns from one ledger's recent records (measured speed, the user's quality evidence), kept
// for the whole process and brought up to date by reading only what was appended since the last look.
// Reading the last 2 MB for every request that orders by speed or quality (about 9,000 records parsed)
// cost tens of milliseconds of the event loop per request; now a request reads the few records since.
// The window is unchanged: records that start in the ledger's last 2 MB.
import { stat } from "node:fs/promises";
import { visitLedgerLinesAsync } from "../spend/ledger-reader";
import { EVAL_RESULT_FEATURE, type LedgerEntry, VOTE_FEATURE } from "../spend/ledger-record";
import { SpeedHistory } from "./health";
import type { ModelHealth } from "./planner";
import { qualityEvidenceFromLedger, type UserEvidence } from "./quality-evidence";

export const HISTORY_WINDOW_BYTES = 2 * 1024 * 1024;
/** A first read parses the whole window: in pieces this small, each turn of the event loop stays short (a few ms). */
const PIECE_BYTES = 64 * 1024;

/** Which file was read, and how far: whole lines up to `readTo`; `size` as last seen. */
interface ReadState {
  dev: number;
  ino: number;
  readTo: number;
  size: number;
}

export class RecentHistory {
  private state: ReadState | undefined;
  private readonly speed = new SpeedHistory();
  /** Eval results and votes in the window, oldest first, with where each record starts. */
  private evidence: Array<{ start: number; entry: LedgerEntry }> = [];
  private evidenceByModel: ((modelId: string) => UserEvidence | undefined) | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** Ledger lines parsed so far (what an update costs). */
  linesRead = 0;

  constructor(
    readonly file: string,
    private readonly windowBytes = HISTORY_WINDOW_BYTES,
  ) {}

  /** The first byte of the window: records that start before it no longer count. */
  private get windowStart(): number {
    return Math.max(0, (this.state?.size ?? 0) - this.windowBytes);
  }

  health(modelId: string): ModelHealth | undefined {
    return this.speed.health(modelId, this.windowStart);
  }

  quality(modelId: string): UserEvidence | undefined {
    this.evidenceByModel ??= qualityEvidenceFromLedger(this.evidence.map((item) => item.entry));
    return this.evidenceByModel(modelId);
  }

  /**
   * Reads what was appended since the last update, off the event loop. Resolves once the history holds
   * every record appended before the call: a call while an update runs waits for the next one.
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
    const end = await visitLedgerLinesAsync(this.file, from, ({ parsed, endByte }) => {
      const start = lineStart;
      lineStart = endByte;
      this.linesRead += 1;
      if (!parsed) return;
      this.speed.add(parsed.record, start);
      const { feature } = parsed.record;
      if (feature === EVAL_RESULT_FEATURE || feature === VOTE_FEATURE) {
        this.evidence.push({ start, entry: parsed.record });
        this.evidenceByModel = undefined;
      }
    }, PIECE_BYTES);
    state.readTo = end.endByte;
    state.size = Math.max(onDisk.size, end.endByte);
    const dropped = this.evidence.findIndex((item) => item.start >= this.windowStart);
    if (dropped !== 0 && this.evidence.length > 0) {
      this.evidence = dropped === -1 ? [] : this.evidence.slice(dropped);
      this.evidenceByModel = undefined;
    }
  }

  private forget(state: ReadState | undefined): void {
    this.state = state;
    if (state) state.readTo = 0;
    this.speed.clear();
    this.evidence = [];
    this.evidenceByModel = undefined;
  }
}
