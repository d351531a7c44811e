// What routing learns from one ledger's recent records (measured speed, the user's quality evidence), kept
// for the whole process and brought up to date by reading only what was appended since the last look.
// Reading the last 2 MB for every request that orders by speed or quality (about 9,000 records parsed)
// cost tens of milliseconds of the event loop per request; now a request reads the few records since.
// The window is unchanged: records that start in the ledger's last 2 MB.
import { LedgerFollower } from "../spend/ledger-follower";
import { EVAL_RESULT_FEATURE, type LedgerEntry, VOTE_FEATURE } from "../spend/ledger-record";
import { SpeedHistory } from "./health";
import type { ModelHealth } from "./planner";
import { qualityEvidenceFromLedger, type UserEvidence } from "./quality-evidence";

export const HISTORY_WINDOW_BYTES = 2 * 1024 * 1024;

export class RecentHistory {
  private readonly speed = new SpeedHistory();
  /** Eval results and votes in the window, oldest first, with where each record starts. */
  private evidence: Array<{ start: number; entry: LedgerEntry }> = [];
  private evidenceByModel: ((modelId: string) => UserEvidence | undefined) | undefined;
  private readonly follower: LedgerFollower;

  constructor(file: string, windowBytes = HISTORY_WINDOW_BYTES) {
    this.follower = new LedgerFollower(file, windowBytes, {
      reset: () => {
        this.speed.clear();
        this.evidence = [];
        this.evidenceByModel = undefined;
      },
      record: (record, start) => {
        this.speed.add(record, start);
        if (record.feature === EVAL_RESULT_FEATURE || record.feature === VOTE_FEATURE) {
          this.evidence.push({ start, entry: record });
          this.evidenceByModel = undefined;
        }
      },
    });
  }

  /** Ledger lines parsed so far (what updates cost). */
  get linesRead(): number {
    return this.follower.linesRead;
  }

  health(modelId: string): ModelHealth | undefined {
    return this.speed.health(modelId, this.follower.windowStart);
  }

  quality(modelId: string): UserEvidence | undefined {
    const windowStart = this.follower.windowStart;
    const dropped = this.evidence.findIndex((item) => item.start >= windowStart);
    if (dropped !== 0 && this.evidence.length > 0) {
      this.evidence = dropped === -1 ? [] : this.evidence.slice(dropped);
      this.evidenceByModel = undefined;
    }
    this.evidenceByModel ??= qualityEvidenceFromLedger(this.evidence.map((item) => item.entry));
    return this.evidenceByModel(modelId);
  }

  /** Reads what was appended since the last update, off the event loop (see LedgerFollower.update). */
  update(): Promise<void> {
    return this.follower.update();
  }
}
