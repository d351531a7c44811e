// A member's budgets on the team gateway: their key's daily and monthly caps and their team's, shared by
// every gateway instance. A request reserves its worst case in a transaction that holds the team's
// advisory lock, so instances admit one request at a time per team against the same figures: spent
// (settled records) plus live reservations plus this estimate must fit under every cap.
import { formatUsd } from "../../common/format-usd";
import type { Budget } from "../run/admission";
import type { Reservation, ReserveResult } from "../spend/budget";
import { picoToUsd, usdToPico } from "../spend/cost";
import { RESERVATION_EXPIRY_MS } from "../spend/shared-reservations";
import type { MemberKey } from "./member-keys";
import type { TeamDatabase } from "./team-database";
import { dayPeriod, keyScope, monthPeriod, teamScope } from "./team-ledger";

interface Cap {
  label: string;
  scope: string;
  period: string;
  limitUsd: number;
}

export class TeamBudget implements Budget {
  constructor(
    private readonly database: TeamDatabase,
    private readonly key: MemberKey,
    private readonly teamBudget: { dailyUsd?: number; monthlyUsd?: number },
  ) {}

  private caps(now: string): Cap[] {
    const caps: Cap[] = [];
    const add = (label: string, scope: string, period: string, limitUsd: number | undefined) => {
      if (limitUsd !== undefined) caps.push({ label, scope, period, limitUsd });
    };
    add(`daily budget of member key ${this.key.id} (${this.key.member})`, keyScope(this.key.id), dayPeriod(now), this.key.budgetDailyUsd);
    add(`monthly budget of member key ${this.key.id} (${this.key.member})`, keyScope(this.key.id), monthPeriod(now), this.key.budgetMonthlyUsd);
    add(`daily budget of team ${this.key.team}`, teamScope(this.key.team), dayPeriod(now), this.teamBudget.dailyUsd);
    add(`monthly budget of team ${this.key.team}`, teamScope(this.key.team), monthPeriod(now), this.teamBudget.monthlyUsd);
    return caps;
  }

  limits(): boolean {
    return this.caps(new Date().toISOString()).length > 0;
  }

  async reserve(estimateUsd: number, project: string | null, requestId: string): Promise<ReserveResult> {
    const pico = usdToPico(estimateUsd);
    const caps = this.caps(new Date().toISOString());
    const reservation: Reservation = { requestId, pico, project };
    if (caps.length === 0) return { ok: true, reservation };
    return this.database.transaction(async (sql) => {
      // One admission at a time per team, on every instance: the figures below cannot move under us.
      await sql.query("SELECT pg_advisory_xact_lock(hashtext($1))", [teamScope(this.key.team)]);
      // One statement, one snapshot: a record committed between two reads would move its cost from the
      // reservations to the totals unseen, and the request would count for nothing.
      const [figures] = await sql.query<{ totals: Array<{ scope: string; period: string; pico: string }> | null; team: string; mine: string }>(
        `SELECT
           (SELECT json_agg(json_build_object('scope', scope, 'period', period, 'pico', pico::text)) FROM spend_totals WHERE scope = ANY($1::text[]) AND period = ANY($2::text[])) AS totals,
           (SELECT coalesce(sum(pico), 0)::text FROM reservations WHERE team = $3 AND expires_at > now()) AS team,
           (SELECT coalesce(sum(pico), 0)::text FROM reservations WHERE team = $3 AND member_key = $4 AND expires_at > now()) AS mine`,
        [[...new Set(caps.map((cap) => cap.scope))], [...new Set(caps.map((cap) => cap.period))], this.key.team, this.key.id],
      );
      const totals = figures?.totals ?? [];
      for (const cap of caps) {
        const spent = BigInt(totals.find((row) => row.scope === cap.scope && row.period === cap.period)?.pico ?? "0");
        const reserved = BigInt(cap.scope === keyScope(this.key.id) ? figures!.mine : figures!.team);
        const left = usdToPico(cap.limitUsd) - spent - reserved;
        if (pico > left) {
          return { ok: false, message: `the ${cap.label} (${formatUsd(cap.limitUsd)}) has ${formatUsd(picoToUsd(left > 0n ? left : 0n))} left, and this request may cost up to ${formatUsd(estimateUsd)}` };
        }
      }
      await sql.query("INSERT INTO reservations (request_id, member_key, team, pico, expires_at) VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')", [
        requestId,
        this.key.id,
        this.key.team,
        pico.toString(),
        RESERVATION_EXPIRY_MS,
      ]);
      return { ok: true, reservation };
    });
  }

  /**
   * The records lower the reservation as they are appended (team-ledger.ts); dropping what is left then
   * hands the budget back. If the database is gone by then, the reservation expires on its own.
   */
  async settle(reservation: Reservation, _actualPico: bigint, writeRecords: () => Promise<void>): Promise<void> {
    await writeRecords();
    if (!this.limits()) return;
    await this.database.query("DELETE FROM reservations WHERE request_id = $1", [reservation.requestId]).catch(() => undefined);
  }
}
