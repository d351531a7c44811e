// Appends records to a hash-chained JSON-lines ledger. Several processes may append to one file (two VS
// Code windows, the CLI): each append takes an exclusive lock file, finds the last whole record's hash
// (remembered from our own last append when the file has not grown since; read from the tail when
// another process wrote), and writes its line with one write call, so a crash loses at most that line.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { findLastRecord } from "./ledger-reader";
import { type LedgerEntry, type LedgerRecord, sealLine } from "./ledger-record";

const LOCK_STALE_MS = 10_000;
const TAKEOVER_STALE_MS = 5_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Removes a lock left by a dead process (or older than 10 s). Only the holder of `${lock}.takeover`
 * may remove a lock, so two waiting writers cannot both take over (one removing the other's fresh lock).
 */
function takeOverIfStale(lock: string): void {
  const token = `${lock}.takeover`;
  try {
    closeSync(openSync(token, "wx"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // A takeover never takes more than microseconds; an old token was left by a killed writer.
    try {
      if (Date.now() - statSync(token).mtimeMs > TAKEOVER_STALE_MS) rmSync(token, { force: true });
    } catch {
      // gone already
    }
    return;
  }
  try {
    const holder = Number(readFileSync(lock, "utf8"));
    const age = Date.now() - statSync(lock).mtimeMs;
    if ((holder > 0 && !processAlive(holder)) || age > LOCK_STALE_MS) rmSync(lock, { force: true });
  } catch {
    // the lock was released meanwhile: nothing to take over
  } finally {
    rmSync(token, { force: true });
  }
}

/** Takes `${file}.lock` (created exclusively, holding our pid), runs the action, releases it. */
function withLock<T>(file: string, action: () => T): T {
  const lock = `${file}.lock`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      takeOverIfStale(lock);
      if (Date.now() > deadline) throw new Error(`the ledger ${file} stayed locked for 30 s (${lock})`);
      sleepSync(2);
    }
  }
  try {
    return action();
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // already gone: nothing to release
    }
  }
}

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
