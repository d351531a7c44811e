// The blocking form of the ledger's lock (file-lock.ts): for tools and tests that write records in
// sequence (SyncLedgerWriter), never on a request's path. Kept apart so the extension does not ship it.
import { closeSync, lstatSync, openSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { isStale, NO_LINKS, TAKEOVER_STALE_MS } from "./file-lock";

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function createLockSync(lock: string): void {
  try {
    symlinkSync(String(process.pid), lock);
  } catch (error) {
    if (!NO_LINKS.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
    writeFileSync(lock, String(process.pid), { flag: "wx" });
  }
}

/** The pid a lock names: a link's target, or a lock file's content (older versions, no-link systems). */
function lockHolder(lock: string): number {
  try {
    return Number(readlinkSync(lock));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EINVAL") throw error;
    return Number(readFileSync(lock, "utf8"));
  }
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
    if (isStale(lockHolder(lock), lstatSync(lock).mtimeMs)) rmSync(lock, { force: true });
  } catch {
    // the lock was released meanwhile: nothing to take over
  } finally {
    rmSync(token, { force: true });
  }
}

/**
 * Takes `${file}.lock` (created exclusively, holding our pid), runs the action, releases it. This one
 * waits with Atomics.wait and blocks its thread: for tools and tests, never on a request's path (see
 * withLockAsync).
 */
export function withLock<T>(file: string, action: () => T): T {
  const lock = `${file}.lock`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      createLockSync(lock);
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
