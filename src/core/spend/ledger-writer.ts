// Appends records to a hash-chained JSON-lines ledger. Several processes may append to one file (two VS
// Code windows, the CLI, the gateway): each write takes an exclusive lock file, finds the last whole
// record's hash (remembered from our own last write when the file has not grown since; read from the tail
// when another process wrote), and writes its lines with one write call, so a crash loses at most those.
// append() does all of it off the event loop and writes the records that finished together at once.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { type FileHandle, open, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { AppendBatch } from "./append-batch";
import { withLockAsync } from "./file-lock";
import { findLastRecordAsync } from "./ledger-reader";
import { type LedgerEntry, type LedgerRecord, sealLine } from "./ledger-record";

export class LedgerWriter {
  /** The file's size and last hash after our own last write: if the size is unchanged, no one else wrote. */
  protected known: { size: number; lastHash: string } | undefined;

  /** The ledger stays open between appends (each append is on a request's path); reopened if replaced. */
  private handle: { file: FileHandle; dev: number; ino: number } | undefined;

  /** Records waiting for the next write, written together (one lock, one write call). */
  private readonly batches = new AppendBatch<LedgerEntry, LedgerRecord>(
    (entries, acknowledge) =>
      withLockAsync(this.file, async () => {
        // Written is acknowledged: the requests need not wait for the lock's release as well.
        acknowledge(await this.writeBatch(entries));
      }),
    // The file may be half-known now (a failed write): read its tail again next time.
    () => {
      this.known = undefined;
    },
  );

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    if (!existsSync(file)) writeFileSync(file, "", { flag: "a" });
  }

  /**
   * Resolves once the record is in the file (acknowledged). Records appended while a write is under way
   * (or in the same turn of the event loop) go in the next write together: one lock, one write call.
   */
  append(entry: LedgerEntry): Promise<LedgerRecord> {
    return this.batches.add(entry);
  }

  private async writeBatch(entries: LedgerEntry[]): Promise<LedgerRecord[]> {
    const { file, size } = await this.currentHandle();
    let { hash: lastHash, endsMidLine } = this.known?.size === size ? { hash: this.known.lastHash, endsMidLine: false } : await findLastRecordAsync(file, size);
    const records: LedgerRecord[] = [];
    let text = "";
    for (const entry of entries) {
      const { line, record } = sealLine(entry, lastHash);
      // A torn last line from a crash stays alone on its line; readers report and skip it.
      text += `${endsMidLine ? "\n" : ""}${line}\n`;
      endsMidLine = false;
      lastHash = record.hash;
      records.push(record);
    }
    const bytes = Buffer.from(text, "utf8");
    // Opened for appending: one write call puts the whole batch at the end of the file.
    await file.write(bytes);
    this.known = { size: size + bytes.length, lastHash };
    return records;
  }

  /** The open ledger and its size: one stat of the path tells both and whether it is still our file. */
  private async currentHandle(): Promise<{ file: FileHandle; size: number }> {
    const onDisk = await stat(this.file).catch(() => undefined);
    if (this.handle && onDisk && onDisk.ino === this.handle.ino && onDisk.dev === this.handle.dev) return { file: this.handle.file, size: onDisk.size };
    await this.closeHandle();
    const file = await open(this.file, "a+");
    const stats = await file.stat();
    this.handle = { file, dev: stats.dev, ino: stats.ino };
    this.known = undefined;
    return { file, size: stats.size };
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.file.close();
  }

  /** Closes the file once every pending record is written. */
  async close(): Promise<void> {
    await this.batches.settled();
    await this.closeHandle();
  }
}
