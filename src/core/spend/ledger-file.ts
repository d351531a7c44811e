// Appends usage records as JSON lines. One line per attempt; prompts and answers are never written here.
import { appendFileSync } from "node:fs";

export interface LedgerRecord {
  time: string;
  requestId: string;
  attempt: number;
  feature: string;
  provider: string;
  model: string;
  outcome: string;
  status: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costUsd: number;
  providerCostUsd?: number;
  priceVersion: string;
  ttftMs: number | null;
  durationMs: number;
}

/** One write per record, so a crash can lose at most the line being written, never an earlier one. */
export function appendLedgerRecord(file: string, record: LedgerRecord): void {
  appendFileSync(file, `${JSON.stringify(record)}\n`, { encoding: "utf8" });
}
