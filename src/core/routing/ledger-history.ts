// What routing learns from the ledger's recent records: measured speed (fastest, balanced) and the user's
// own quality evidence (quality, balanced). Read on first use only, once per pipeline.
import { readLedgerTail } from "../spend/ledger-reader";
import { healthFromLedger } from "./health";
import type { PlannerInput } from "./planner";
import { qualityEvidenceFromLedger } from "./quality-evidence";

export function historyFromLedger(file: string): Required<Pick<PlannerInput, "health" | "quality">> {
  const read = once(() => readLedgerTail(file));
  const health = once(() => healthFromLedger(read()));
  const quality = once(() => qualityEvidenceFromLedger(read()));
  return { health: (id) => health()(id), quality: (id) => quality()(id) };
}

function once<T>(make: () => T): () => T {
  let value: { made: T } | undefined;
  return () => {
    value ??= { made: make() };
    return value.made;
  };
}
