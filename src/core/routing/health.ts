// Measured speed per model from our own history (the ledger): the median time to first token and output
// tokens per second of its latest 20 successful calls. Kept up to date record by record (a new record
// costs the same however long the history is).
import { median } from "../../common/median";
import type { LedgerEntry } from "../spend/ledger-record";
import type { ModelHealth } from "./planner";

const RECENT_CALLS = 20;

/** One measure and where its record starts in the ledger: records before the history's window no longer count. */
interface Measure {
  start: number;
  value: number;
}

function keepLatest(measures: Measure[], measure: Measure): void {
  measures.push(measure);
  if (measures.length > RECENT_CALLS) measures.shift();
}

const valuesFrom = (measures: readonly Measure[], from: number) => measures.filter((measure) => measure.start >= from).map((measure) => measure.value);

export class SpeedHistory {
  private readonly byModel = new Map<string, { ttft: Measure[]; tokensPerSecond: Measure[] }>();

  /** Takes in a record that starts at byte `start` of the ledger (records come in ledger order). */
  add(entry: LedgerEntry, start: number): void {
    if (entry.outcome !== "ok" || entry.ttftMs === null || entry.outputTokens <= 0) return;
    const id = `${entry.provider}/${entry.model}`;
    let stats = this.byModel.get(id);
    if (!stats) {
      stats = { ttft: [], tokensPerSecond: [] };
      this.byModel.set(id, stats);
    }
    keepLatest(stats.ttft, { start, value: entry.ttftMs });
    const streamingMs = entry.durationMs - entry.ttftMs;
    if (streamingMs > 0) keepLatest(stats.tokensPerSecond, { start, value: (entry.outputTokens / streamingMs) * 1000 });
  }

  /**
   * A model's speed from its latest calls whose records start at or after byte `from`. The latest 20 kept
   * are enough: if any of them starts before `from`, so does every earlier one.
   */
  health(modelId: string, from: number): ModelHealth | undefined {
    const stats = this.byModel.get(modelId);
    const tokensPerSecond = stats ? valuesFrom(stats.tokensPerSecond, from) : [];
    if (!stats || tokensPerSecond.length === 0) return undefined;
    return { ttftMs: median(valuesFrom(stats.ttft, from)), tokensPerSecond: median(tokensPerSecond) };
  }

  clear(): void {
    this.byModel.clear();
  }
}
