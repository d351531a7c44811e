// Reads and verifies a ledger: whole records in order, torn lines reported and skipped, chain checked.
import { existsSync, readFileSync } from "node:fs";
import { entryOf, hashRecord, type LedgerRecord } from "./ledger-record";

export interface LedgerProblem {
  line: number;
  message: string;
}

export interface LedgerContents {
  records: LedgerRecord[];
  /** Lines that are not whole records (a crash mid-write leaves at most one per crash). */
  skipped: LedgerProblem[];
}

export function readLedger(file: string): LedgerContents {
  if (!existsSync(file)) return { records: [], skipped: [] };
  const lines = readFileSync(file, "utf8").split("\n");
  const records: LedgerRecord[] = [];
  const skipped: LedgerProblem[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    try {
      const record = JSON.parse(line) as LedgerRecord;
      if (typeof record.hash !== "string" || typeof record.prevHash !== "string") throw new Error("no hash chain fields");
      records.push(record);
    } catch {
      skipped.push({ line: index + 1, message: "incomplete or unreadable line (skipped)" });
    }
  });
  return { records, skipped };
}

export interface VerifyResult {
  ok: boolean;
  records: number;
  skipped: LedgerProblem[];
  /** The first record whose hash or link does not hold. */
  broken?: { index: number; requestId: string; reason: string };
}

export function verifyLedger(file: string): VerifyResult {
  const { records, skipped } = readLedger(file);
  let prevHash = "";
  for (const [index, record] of records.entries()) {
    if (record.prevHash !== prevHash) {
      return { ok: false, records: records.length, skipped, broken: { index: index + 1, requestId: record.requestId, reason: "its previous-hash link does not match the record before it (a record was removed, reordered or inserted)" } };
    }
    if (hashRecord(entryOf(record), record.prevHash) !== record.hash) {
      return { ok: false, records: records.length, skipped, broken: { index: index + 1, requestId: record.requestId, reason: "its content does not match its hash (the record was edited)" } };
    }
    prevHash = record.hash;
  }
  return { ok: true, records: records.length, skipped };
}
