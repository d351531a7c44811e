// Budget reservations every Switchboard process of the user sees (VS Code windows, the CLI, the gateway):
// a small JSON file beside the ledger, read and rewritten under its lock, so a cap holds machine-wide.
// A reservation of a process that died is dropped at once; one that outlives its expiry is dropped too
// (a request never streams that long, and a reused pid cannot keep a dead reservation alive).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { processAlive, withLock } from "./file-lock";

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

export class SharedReservations {
  constructor(
    /** The reservations file, e.g. `${ledgerFile}.reservations.json`. */
    readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `action` on the live reservations under the file's lock and writes back the list it returns. */
  update<T>(action: (live: SharedReservation[]) => { next: SharedReservation[]; result: T }): T {
    return withLock(this.file, () => {
      const live = this.read().filter((entry) => entry.expiresAt > this.now() && processAlive(entry.pid));
      const { next, result } = action(live);
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(next));
      renameSync(temporary, this.file);
      return result;
    });
  }

  private read(): SharedReservation[] {
    if (!existsSync(this.file)) return [];
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, "utf8"));
      return Array.isArray(parsed) ? (parsed as SharedReservation[]).filter((entry) => typeof entry?.requestId === "string" && typeof entry.pid === "number") : [];
    } catch {
      // A torn or foreign file holds no reservation worth keeping: it is rewritten on this update.
      return [];
    }
  }
}
