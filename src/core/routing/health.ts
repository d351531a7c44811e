// Measured speed per model from our own history (the ledger): median TTFT and output tokens per second.
import type { LedgerEntry } from "../spend/ledger-record";
import type { ModelHealth } from "./planner";

const RECENT = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function healthFromLedger(entries: readonly LedgerEntry[]): (modelId: string) => ModelHealth | undefined {
  const byModel = new Map<string, { ttft: number[]; tps: number[] }>();
  for (const entry of entries) {
    if (entry.outcome !== "ok" || entry.ttftMs === null || entry.outputTokens <= 0) continue;
    const id = `${entry.provider}/${entry.model}`;
    const stats = byModel.get(id) ?? { ttft: [], tps: [] };
    stats.ttft.push(entry.ttftMs);
    const streamingMs = entry.durationMs - entry.ttftMs;
    if (streamingMs > 0) stats.tps.push((entry.outputTokens / streamingMs) * 1000);
    byModel.set(id, stats);
  }
  return (modelId) => {
    const stats = byModel.get(modelId);
    if (!stats || stats.tps.length === 0) return undefined;
    return { ttftMs: median(stats.ttft.slice(-RECENT)), tokensPerSecond: median(stats.tps.slice(-RECENT)) };
  };
}
