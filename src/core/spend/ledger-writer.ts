// Appends records to a hash-chained JSON-lines ledger. Several processes may append to one file (two VS
// Code windows, the CLI): each append takes an exclusive lock file, finds the last whole record's hash
// (remembered from our own last append when the file has not grown since; read from the tail when
// another process wrote), and writes its line with one write call, so a crash loses at most that line.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { withLock } from "./file-lock";
import { findLastRecord } from "./ledger-reader";
import { type LedgerEntry, type LedgerRecord, sealLine } from "./ledger-record";

export class LedgerWriter {
  /** The file's size and last hash after our own last append: if the size is unchanged, no one else wrote. */
  private known: { size: number; lastHash: string } | undefined;

  /** The ledger stays open between appends (each append is on a request's path); reopened if replaced. */
  private open: { fd: number; dev: number; ino: number } | undefined;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    if (!existsSync(file)) writeFileSync(file, "", { flag: "a" });
  }

  /** The open ledger and its size: one stat of the path tells both and whether it is still our file. */
  private current(): { fd: number; size: number } {
    const onDisk = statSync(this.file, { throwIfNoEntry: false });
    if (this.open && onDisk && onDisk.ino === this.open.ino && onDisk.dev === this.open.dev) return { fd: this.open.fd, size: onDisk.size };
    this.close();
    const fd = openSync(this.file, "a+");
    const stats = fstatSync(fd);
    this.open = { fd, dev: stats.dev, ino: stats.ino };
    return { fd, size: stats.size };
  }

  /** Returns once the record is in the file (acknowledged). */
  append(entry: LedgerEntry): LedgerRecord {
    return withLock(this.file, () => {
      const { fd, size } = this.current();
      const { hash: lastHash, endsMidLine } = this.known?.size === size ? { hash: this.known.lastHash, endsMidLine: false } : findLastRecord(fd, size);
      const { line, record } = sealLine(entry, lastHash);
      // A torn last line from a crash stays alone on its line; readers report and skip it.
      const bytes = Buffer.from(`${endsMidLine ? "\n" : ""}${line}\n`, "utf8");
      writeSync(fd, bytes);
      this.known = { size: size + bytes.length, lastHash: record.hash };
      return record;
    });
  }

  close(): void {
    if (!this.open) return;
    const { fd } = this.open;
    this.open = undefined;
    this.known = undefined;
    closeSync(fd);
  }
}
