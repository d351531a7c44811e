// What routing learns from the ledger's recent records: measured speed (fastest, balanced) and the user's
// own quality evidence (quality, balanced). Read once per pipeline: off the event loop by loadHistory(),
// which admission awaits when the request's strategy needs history, else on first use.
import { readLedgerTail, readLedgerTailAsync } from "../spend/ledger-reader";
import type { LedgerRecord } from "../spend/ledger-record";
import { healthFromLedger } from "./health";
import type { PlannerInput } from "./planner";
import { qualityEvidenceFromLedger } from "./quality-evidence";

export function historyFromLedger(file: string): Required<Pick<PlannerInput, "health" | "quality" | "loadHistory">> {
  let records: LedgerRecord[] | undefined;
  const read = () => {
    records ??= readLedgerTail(file);
    return records;
  };
  const health = once(() => healthFromLedger(read()));
  const quality = once(() => qualityEvidenceFromLedger(read()));
  return {
    health: (id) => health()(id),
    quality: (id) => quality()(id),
    loadHistory: async () => {
      records ??= await readLedgerTailAsync(file);
    },
  };
}

function once<T>(make: () => T): () => T {
  let value: { made: T } | undefined;
  return () => {
    value ??= { made: make() };
    return value.made;
  };
}
