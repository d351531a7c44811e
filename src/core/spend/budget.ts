// Spend limits with reservations: a request reserves its estimated cost before it is sent and settles
// its real cost when done, so parallel requests cannot overshoot a hard cap by more than one estimate.
import { formatUsd } from "../../common/format-usd";
import { picoToUsd, usdToPico } from "./cost";
import { RESERVATION_EXPIRY_MS, SharedReservations } from "./shared-reservations";
import type { SpendCell } from "./spend-rollup";

export interface BudgetLimits {
  sessionUsd?: number;
  dailyUsd?: number;
  monthlyUsd?: number;
  /** Fraction of a limit at which the state turns to "warn" (default 0.8). */
  warnAt?: number;
}

export type Window = "session" | "daily" | "monthly";
const WINDOWS: Window[] = ["session", "daily", "monthly"];
const LIMIT_KEY = { session: "sessionUsd", daily: "dailyUsd", monthly: "monthlyUsd" } as const;


interface Scope {
  label: string;
  /** null: every project (global limits); otherwise the project these limits are for. */
  project: string | null;
  limits: BudgetLimits;
  spent: Record<Window, bigint>;
}

export interface Reservation {
  /** The request (or playground column) that holds it: one reservation per request, never per model. */
  requestId: string;
  pico: bigint;
  project: string | null;
}

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; message: string };

export type BudgetState = "ok" | "warn" | "blocked";

/** Ledger entries in today's and this month's window (UTC), counted towards the limits. */
/** What the ledger's spend cells show for today and this month (UTC), for every project or one. */
export function spentFromCells(cells: readonly SpendCell[], project: string | null, now = new Date()): Record<Window, bigint> {
  const day = now.toISOString().slice(0, 10);
  const month = day.slice(0, 7);
  const spent = { session: 0n, daily: 0n, monthly: 0n };
  for (const cell of cells) {
    if (project !== null && cell.project !== project) continue;
    if (cell.day.startsWith(month)) spent.monthly += cell.pico;
    if (cell.day === day) spent.daily += cell.pico;
  }
  return spent;
}

/** What makes a guard hold machine-wide: the reservations file, and the ledger's spend as of now. */
export interface MachineWide {
  shared: SharedReservations;
  /** The ledger's spend cells now (every process's settled requests), read off the event loop. */
  cells(): Promise<readonly SpendCell[]>;
}

export class BudgetGuard {
  private readonly scopes: Scope[] = [];
  private readonly reservations = new Map<string, Reservation>();
  /** Requests whose reservation is also in the machine-wide file. */
  private readonly sharedIds = new Set<string>();

  /** Without `machineWide`, the guard holds for this process only (tests, or no ledger). */
  constructor(private readonly machineWide?: MachineWide) {}

  /** Adds limits for every project (project null) or one project, with what the ledger already shows. */
  addScope(label: string, project: string | null, limits: BudgetLimits, spent: Record<Window, bigint>): void {
    this.scopes.push({ label, project, limits, spent: { ...spent } });
  }

  /** The ledger's spend as just read (every process's settled requests): each scope's day and month. */
  updateSpent(cells: readonly SpendCell[], now = new Date()): void {
    for (const scope of this.scopes) {
      const spent = spentFromCells(cells, scope.project, now);
      scope.spent.daily = spent.daily;
      scope.spent.monthly = spent.monthly;
    }
  }

  private applies(scope: Scope, project: string | null): boolean {
    return scope.project === null || scope.project === project;
  }

  private reserved(scope: Scope): bigint {
    let total = 0n;
    for (const reservation of this.reservations.values()) if (this.applies(scope, reservation.project)) total += reservation.pico;
    return total;
  }

  /** Whether any spend limit applies to this project (then every model used must have a known price). */
  limits(project: string | null): boolean {
    return this.scopes.some((scope) => this.applies(scope, project) && WINDOWS.some((window) => scope.limits[LIMIT_KEY[window]] !== undefined));
  }

  async reserve(estimateUsd: number, project: string | null, requestId: string): Promise<ReserveResult> {
    if (this.reservations.has(requestId)) throw new Error(`request ${requestId} already holds a budget reservation`);
    const pico = usdToPico(estimateUsd);
    if (!this.machineWide || !this.limits(project)) return this.reserveWith(pico, estimateUsd, project, requestId, (scope) => this.reserved(scope));
    const { shared, cells } = this.machineWide;
    // Under the file's lock: every process's settled spend (the ledger) and open reservations count.
    return shared.update<ReserveResult>(async (live) => {
      this.updateSpent(await cells());
      const reservedBy = (scope: Scope) => live.reduce((sum, entry) => (this.applies(scope, entry.project) ? sum + BigInt(entry.pico) : sum), 0n);
      const result = this.reserveWith(pico, estimateUsd, project, requestId, reservedBy);
      if (!result.ok) return { next: live, result };
      this.sharedIds.add(requestId);
      return { next: [...live, { requestId, pid: process.pid, project, pico: pico.toString(), expiresAt: Date.now() + RESERVATION_EXPIRY_MS }], result };
    });
  }

  private reserveWith(pico: bigint, estimateUsd: number, project: string | null, requestId: string, reservedIn: (scope: Scope) => bigint): ReserveResult {
    for (const scope of this.scopes.filter((s) => this.applies(s, project))) {
      for (const window of WINDOWS) {
        const limit = scope.limits[LIMIT_KEY[window]];
        if (limit === undefined) continue;
        // The session window is this process's own; daily and monthly are the machine's.
        const used = scope.spent[window] + (window === "session" ? this.reserved(scope) : reservedIn(scope));
        if (used + pico > usdToPico(limit)) {
          const left = usdToPico(limit) - used;
          return {
            ok: false,
            message: `the ${window} budget ${scope.label} (${formatUsd(limit)}) has ${formatUsd(picoToUsd(left > 0n ? left : 0n))} left, and this request may cost up to ${formatUsd(estimateUsd)}`,
          };
        }
      }
    }
    const reservation = { requestId, pico, project };
    this.reservations.set(requestId, reservation);
    return { ok: true, reservation };
  }

  /**
   * Replaces the reservation with what the call really cost. `writeRecords` writes the request's last
   * ledger records: for a machine-wide reservation it runs under the reservations' lock, so no other
   * process sees the records and the reservation at once (and counts the request twice).
   */
  async settle(reservation: Reservation, actualPico: bigint, writeRecords: () => Promise<void> = async () => undefined): Promise<void> {
    if (!this.reservations.has(reservation.requestId)) return writeRecords();
    if (this.sharedIds.delete(reservation.requestId) && this.machineWide) {
      await this.machineWide.shared.update(async (live) => {
        await writeRecords();
        return { next: live.filter((entry) => entry.requestId !== reservation.requestId), result: undefined };
      });
    } else await writeRecords();
    this.reservations.delete(reservation.requestId);
    for (const scope of this.scopes.filter((s) => this.applies(s, reservation.project))) {
      for (const window of WINDOWS) scope.spent[window] += actualPico;
    }
  }

  /** The most any limit that applies to this project counts as spent in a window (settled; reservations apart). */
  spent(window: Window, project: string | null): bigint {
    let most = 0n;
    for (const scope of this.scopes) if (this.applies(scope, project) && scope.spent[window] > most) most = scope.spent[window];
    return most;
  }

  state(project: string | null): BudgetState {
    let state: BudgetState = "ok";
    for (const scope of this.scopes.filter((s) => this.applies(s, project))) {
      for (const window of WINDOWS) {
        const limit = scope.limits[LIMIT_KEY[window]];
        if (limit === undefined) continue;
        const used = scope.spent[window] + this.reserved(scope);
        if (used >= usdToPico(limit)) return "blocked";
        if (used >= usdToPico(limit * (scope.limits.warnAt ?? 0.8))) state = "warn";
      }
    }
    return state;
  }
}

/** The guard every face uses for a ledger: holding machine-wide through `${ledgerFile}.reservations.json`. */
export function machineBudgetGuard(ledgerFile: string, spend: { readAsync(): Promise<{ cells: readonly SpendCell[] }> }): BudgetGuard {
  return new BudgetGuard({ shared: new SharedReservations(`${ledgerFile}.reservations.json`), cells: async () => (await spend.readAsync()).cells });
}
