// Budget reservations every Switchboard process of the user sees (VS Code windows, the CLI, the gateway):
// a small JSON file beside the ledger, read and rewritten under its lock, so a cap holds machine-wide. All
// of it off the event loop: a request waiting for the lock lets the others go on.
// A reservation of a process that died is dropped at once; one that outlives its expiry is dropped too
// (a request never streams that long, and a reused pid cannot keep a dead reservation alive).
import { readFile, rename, writeFile } from "node:fs/promises";
import { processAlive, withLockAsync } from "./file-lock";

export interface SharedReservation {
  requestId: string;
  pid: number;
  project: string | null;
  /** The reserved worst case, in pico-USD (a decimal string: JSON has no bigint). */
  pico: string;
  /** ms since the epoch after which the reservation no longer counts. */
  expiresAt: number;
}

/** Longer than any request is allowed to run (the routing timeout bounds the wait for each byte). */
export const RESERVATION_EXPIRY_MS = 15 * 60 * 1000;

type Update<T> = { next: SharedReservation[]; result: T };

export class SharedReservations {
  constructor(
    /** The reservations file, e.g. `${ledgerFile}.reservations.json`. */
    readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `action` on the live reservations under the file's lock and writes back the list it returns. */
  update<T>(action: (live: SharedReservation[]) => Update<T> | Promise<Update<T>>): Promise<T> {
    return withLockAsync(this.file, async () => {
      const live = (await this.read()).filter((entry) => entry.expiresAt > this.now() && processAlive(entry.pid));
      const { next, result } = await action(live);
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(next));
      await rename(temporary, this.file);
      return result;
    });
  }

  private async read(): Promise<SharedReservation[]> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch {
      return [];
    }
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? (parsed as SharedReservation[]).filter((entry) => typeof entry?.requestId === "string" && typeof entry.pid === "number") : [];
    } catch {
      // A torn or foreign file holds no reservation worth keeping: it is rewritten on this update.
      return [];
    }
  }
}
