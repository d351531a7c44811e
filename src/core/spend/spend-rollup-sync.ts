// SpendRollup's blocking read, for one-shot commands (the CLI's budget check) and the library's spend();
// kept out of the extension's bundle, whose every read goes through readAsync.
import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { findLastRecord, readLedgerPieces } from "./ledger-reader";
import { type LedgerSpend, SAVE_AFTER_RECORDS, SpendRollup } from "./spend-rollup";

const fileSize = (file: string) => (existsSync(file) ? statSync(file).size : 0);

export class SyncSpendRollup extends SpendRollup {
  /**
   * The cells as of now, blocking while it reads (worker threads are for readAsync). Saves the sidecar
   * when enough new records were folded in; while an asynchronous read is under way it returns the cells
   * as they stand.
   */
  read(): LedgerSpend {
    if (this.reading) return this.snapshot(false);
    if (!this.loaded) {
      this.loaded = true;
      if (existsSync(this.rollupFile)) this.restore(readFileSync(this.rollupFile, "utf8"));
    }
    if (!this.stillMatchesLedger()) this.reset();
    const lines = this.lineSplitter();
    const end = readLedgerPieces(this.ledgerFile, this.ledgerBytes, lines);
    this.afterRead(end.endByte);
    if (this.foldedSinceSave >= SAVE_AFTER_RECORDS) this.save();
    return this.snapshot(end.unfinished);
  }

  /** Writes the sidecar atomically (another process may read it at any moment). */
  save(): void {
    const temporary = `${this.rollupFile}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, this.serialize());
      renameSync(temporary, this.rollupFile);
      this.foldedSinceSave = 0;
    } catch {
      // A read-only directory only costs speed: the ledger itself is untouched.
    }
  }

  /** The ledger still holds the record we folded last where we found it (not truncated or replaced). */
  private stillMatchesLedger(): boolean {
    if (this.lastHashEnd === 0) return this.ledgerBytes === 0 || fileSize(this.ledgerFile) >= this.ledgerBytes;
    if (fileSize(this.ledgerFile) < this.ledgerBytes) return false;
    const fd = openSync(this.ledgerFile, "r");
    try {
      const last = findLastRecord(fd, this.lastHashEnd);
      return last.endByte === this.lastHashEnd && last.hash === this.lastHash;
    } finally {
      closeSync(fd);
    }
  }
}
