// Every router in a process that names the same ledger file appends through one writer, so records are
// chained in the order they finished and the file is opened once.
import { resolve } from "node:path";
import { LedgerWriter } from "../core/spend/ledger-writer";

const writers = new Map<string, LedgerWriter>();

export function sharedLedgerWriter(file: string): LedgerWriter {
  const key = resolve(file);
  let writer = writers.get(key);
  if (!writer) {
    writer = new LedgerWriter(key);
    writers.set(key, writer);
  }
  return writer;
}
