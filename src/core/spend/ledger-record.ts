// One usage record per attempt, as stored in the ledger (a JSON line). No prompt or answer text unless
// the user opts in (then in `prompt` / `answer`).
import { createHash } from "node:crypto";

export interface LedgerEntry {
  time: string;
  requestId: string;
  attempt: number;
  project: string | null;
  feature: string;
  provider: string;
  model: string;
  routingReason: string;
  outcome: string;
  status: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costUsd: number;
  providerCostUsd?: number;
  priceSource: string;
  ttftMs: number | null;
  durationMs: number;
  prompt?: string;
  answer?: string;
}

export interface LedgerRecord extends LedgerEntry {
  /** The previous record's hash ("" for the first), so a removed or edited record breaks the chain. */
  prevHash: string;
  hash: string;
}

export function hashRecord(entry: LedgerEntry, prevHash: string): string {
  return createHash("sha256").update(prevHash).update("\n").update(JSON.stringify(entry)).digest("hex");
}

export function sealRecord(entry: LedgerEntry, prevHash: string): LedgerRecord {
  return { ...entry, prevHash, hash: hashRecord(entry, prevHash) };
}

/** The entry a record's hash covers: everything but the chain fields. */
export function entryOf(record: LedgerRecord): LedgerEntry {
  const { prevHash: _prev, hash: _hash, ...entry } = record;
  return entry;
}
