// A lock file several processes can share (two VS Code windows, the CLI, the gateway): created
// exclusively and naming the holder's pid; a lock left by a dead process (or older than 10 s) is taken
// over, by one waiter only. The lock is a symbolic link whose target is the pid: one system call creates
// it exclusively with its content (a file takes open, write and close). Where links need a privilege
// (Windows), it is a file holding the pid.
import { lstat, open, readFile, readlink, rm, stat, symlink, unlink, writeFile } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";

const LOCK_STALE_MS = 10_000;
/** A takeover takes a few calls; a token older than this was left by a killed writer. */
export const TAKEOVER_STALE_MS = 5_000;

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Link creation refused for lack of privilege or support: fall back to a file. */
export const NO_LINKS = new Set(["EPERM", "ENOSYS", "ENOTSUP", "EOPNOTSUPP"]);

async function createLock(lock: string): Promise<void> {
  try {
    await symlink(String(process.pid), lock);
  } catch (error) {
    if (!NO_LINKS.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
    await writeFile(lock, String(process.pid), { flag: "wx" });
  }
}

/** A lock whose holder is gone, or that was made more than 10 s ago. */
export function isStale(holder: number, madeAtMs: number): boolean {
  return (holder > 0 && !processAlive(holder)) || Date.now() - madeAtMs > LOCK_STALE_MS;
}

/** The pid a lock names, read off the event loop. */
async function lockHolderAsync(lock: string): Promise<number> {
  try {
    return Number(await readlink(lock));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EINVAL") throw error;
    return Number(await readFile(lock, "utf8"));
  }
}

/**
 * Removes a lock left by a dead process (or older than 10 s), off the event loop. Only the holder of
 * `${lock}.takeover` may remove a lock, so two waiting writers cannot both take over (one removing the
 * other's fresh lock).
 */
async function takeOverIfStaleAsync(lock: string): Promise<void> {
  const token = `${lock}.takeover`;
  try {
    await (await open(token, "wx")).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // A takeover takes a few calls; a token older than that was left by a killed writer.
    try {
      if (Date.now() - (await stat(token)).mtimeMs > TAKEOVER_STALE_MS) await rm(token, { force: true });
    } catch {
      // gone already
    }
    return;
  }
  try {
    if (isStale(await lockHolderAsync(lock), (await lstat(lock)).mtimeMs)) await rm(lock, { force: true });
  } catch {
    // the lock was released meanwhile: nothing to take over
  } finally {
    await rm(token, { force: true });
  }
}

/** withLock off the event loop: a contended lock is retried on a timer, so other work goes on meanwhile. */
export async function withLockAsync<T>(file: string, action: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await createLock(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A stale lock is rare (a killed writer); checking for one is a few calls, none on the event loop.
      await takeOverIfStaleAsync(lock);
      if (Date.now() > deadline) throw new Error(`the ledger ${file} stayed locked for 30 s (${lock})`);
      await delay(1);
    }
  }
  try {
    return await action();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}
