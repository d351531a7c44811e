// A ledger writer that can also append while the caller waits: for tools, scripts and tests that write
// records in sequence, never on a request's path (a contended lock would stop the event loop). Kept apart
// from LedgerWriter so the extension does not ship the blocking lock.
import { closeSync, fstatSync, openSync, statSync, writeSync } from "node:fs";
import { withLock } from "./file-lock-sync";
import { findLastRecord } from "./ledger-reader";
import { type LedgerEntry, type LedgerRecord, sealLine } from "./ledger-record";
import { LedgerWriter } from "./ledger-writer";

export class SyncLedgerWriter extends LedgerWriter {
  private open: { fd: number; dev: number; ino: number } | undefined;

  /** Appends one record, blocking until it is written. */
  appendSync(entry: LedgerEntry): LedgerRecord {
    return withLock(this.file, () => {
      const { fd, size } = this.current();
      const { hash: lastHash, endsMidLine } = this.known?.size === size ? { hash: this.known.lastHash, endsMidLine: false } : findLastRecord(fd, size);
      const { line, record } = sealLine(entry, lastHash);
      const bytes = Buffer.from(`${endsMidLine ? "\n" : ""}${line}\n`, "utf8");
      writeSync(fd, bytes);
      this.known = { size: size + bytes.length, lastHash: record.hash };
      return record;
    });
  }

  override async close(): Promise<void> {
    await super.close();
    this.closeSync();
  }

  /** The open ledger and its size: one stat of the path tells both and whether it is still our file. */
  private current(): { fd: number; size: number } {
    const onDisk = statSync(this.file, { throwIfNoEntry: false });
    if (this.open && onDisk && onDisk.ino === this.open.ino && onDisk.dev === this.open.dev) return { fd: this.open.fd, size: onDisk.size };
    this.closeSync();
    const fd = openSync(this.file, "a+");
    const stats = fstatSync(fd);
    this.open = { fd, dev: stats.dev, ino: stats.ino };
    return { fd, size: stats.size };
  }

  private closeSync(): void {
    if (!this.open) return;
    const { fd } = this.open;
    this.open = undefined;
    this.known = undefined;
    closeSync(fd);
  }
}
