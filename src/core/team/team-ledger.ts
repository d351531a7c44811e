// The team's ledger: the same hash-chained records as the JSON-lines ledger (each row keeps its line, so
// `ledger verify --database` checks exactly what the file format would), appended in transactions that
// lock the chain's head row, so any number of gateway instances append to one chain. The same transaction
// adds each record's cost to the member's and the team's spend totals and lowers the request's budget
// reservation by as much: the budgets never count a cost twice or lose one.
import { AppendBatch } from "../spend/append-batch";
import { usdToPico } from "../spend/cost";
import { isNotACall, type LedgerEntry, type LedgerRecord, sealLine } from "../spend/ledger-record";
import type { LedgerSink } from "../run/run-request";
import type { Sql, TeamDatabase } from "./team-database";

/** The spend-total scopes a member's record counts towards: their key's and their team's. */
export const keyScope = (keyId: string) => `key:${keyId}`;
export const teamScope = (team: string) => `team:${team}`;
export const dayPeriod = (time: string) => `day:${time.slice(0, 10)}`;
export const monthPeriod = (time: string) => `month:${time.slice(0, 7)}`;

/** Appends records inside a transaction the caller holds (a key change and its record commit together). */
export async function appendInTransaction(sql: Sql, entries: readonly LedgerEntry[]): Promise<LedgerRecord[]> {
  const [head] = await sql.query<{ seq: string; hash: string }>("SELECT seq::text AS seq, hash FROM ledger_head WHERE id = 1 FOR UPDATE");
  if (!head) throw new Error("the team database has no ledger head row: it was not created by `switchboard team` (run any `switchboard team` command to set it up)");
  let seq = BigInt(head.seq);
  let lastHash = head.hash;
  const records: LedgerRecord[] = [];
  for (const entry of entries) {
    const { line, record } = sealLine(entry, lastHash);
    seq += 1n;
    const pico = usdToPico(entry.costUsd);
    await sql.query(
      "INSERT INTO ledger (seq, line, hash, time, request_id, member, team, member_key, project, feature, provider, model, cost_pico) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
      [seq.toString(), line, record.hash, entry.time, entry.requestId, entry.member ?? null, entry.team ?? null, entry.memberKey ?? null, entry.project, entry.feature, entry.provider, entry.model, pico.toString()],
    );
    if (!isNotACall(entry) && entry.memberKey && entry.team && pico > 0n) {
      await sql.query(
        `INSERT INTO spend_totals (scope, period, pico) VALUES ($1, $3, $5), ($1, $4, $5), ($2, $3, $5), ($2, $4, $5)
         ON CONFLICT (scope, period) DO UPDATE SET pico = spend_totals.pico + EXCLUDED.pico`,
        [keyScope(entry.memberKey), teamScope(entry.team), dayPeriod(entry.time), monthPeriod(entry.time), pico.toString()],
      );
      await sql.query("UPDATE reservations SET pico = greatest(0, pico - $2::bigint) WHERE request_id = $1", [entry.requestId, pico.toString()]);
    }
    lastHash = record.hash;
    records.push(record);
  }
  await sql.query("UPDATE ledger_head SET seq = $1, hash = $2 WHERE id = 1", [seq.toString(), lastHash]);
  return records;
}

export class TeamLedger implements LedgerSink {
  /** Records that finish together share one transaction. */
  private readonly batches: AppendBatch<LedgerEntry, LedgerRecord>;

  constructor(database: TeamDatabase) {
    // Acknowledged once committed, never from inside the transaction.
    this.batches = new AppendBatch(async (entries, acknowledge) => acknowledge(await database.transaction((sql) => appendInTransaction(sql, entries))));
  }

  /** Resolves once the record is committed. */
  append(entry: LedgerEntry): Promise<LedgerRecord> {
    return this.batches.add(entry);
  }
}

/** A member's records: each carries the member, their team and their key's id. */
export function memberLedger(ledger: LedgerSink, member: { name: string; team: string; keyId: string }): LedgerSink {
  return { append: (entry) => ledger.append({ ...entry, member: member.name, team: member.team, memberKey: member.keyId }) };
}

/** The ledger's lines in order, in pages (a team's ledger may hold millions of rows). */
export async function* teamLedgerLines(database: Sql, pageSize = 5_000): AsyncGenerator<string> {
  let after = "0";
  for (;;) {
    const rows = await database.query<{ position: string; line: string }>("SELECT seq::text AS position, line FROM ledger WHERE seq > $1 ORDER BY ledger.seq LIMIT $2", [after, pageSize]);
    for (const row of rows) yield row.line;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.position;
  }
}
