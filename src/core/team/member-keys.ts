// Member keys: `sbk_` and 256 random bits, shown once and stored only as a SHA-256 hash. Each key names a
// member and their team and may narrow the models, cap daily and monthly spend and limit requests per
// minute. Every change (created, revoked, rotated) is a record in the team's ledger, in the same transaction.
import { createHash, randomBytes } from "node:crypto";
import { picoToUsd, usdToPico } from "../spend/cost";
import { type LedgerEntry, TEAM_CHANGE_FEATURE } from "../spend/ledger-record";
import { MEMBER_KEY_PREFIX } from "./member-key-shape";
import type { Sql, TeamDatabase } from "./team-database";
import { appendInTransaction, dayPeriod, keyScope, monthPeriod } from "./team-ledger";


export interface MemberKeyLimits {
  /** Model globs (PROVIDER/MODEL, * and ?): the key may use only these. Absent: what the team policy allows. */
  models?: string[];
  budgetDailyUsd?: number;
  budgetMonthlyUsd?: number;
  /** Requests per minute. */
  rpm?: number;
  /** When the key stops working, ISO time. */
  expiresAt?: string;
  /** May also read the whole team's spend (GET /v1/team/spend: Show Team Spend). */
  admin?: boolean;
}

export interface MemberKey extends MemberKeyLimits {
  id: string;
  member: string;
  team: string;
  /** The key's first and last characters, to recognise it; never enough to use it. */
  preview: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
  revokedBy?: string;
  /** Rotated: the key that replaced it. */
  replacedBy?: string;
}

export const hashMemberKey = (secret: string) => createHash("sha256").update(secret).digest("hex");

interface KeyRow {
  id: string;
  member: string;
  team: string;
  preview: string;
  models: string[] | null;
  budget_daily_pico: string | null;
  budget_monthly_pico: string | null;
  rpm: number | null;
  expires_at: Date | string | null;
  created_at: Date | string;
  created_by: string;
  revoked_at: Date | string | null;
  revoked_by: string | null;
  replaced_by: string | null;
  admin: boolean;
}

const KEY_COLUMNS =
  "id, member, team, preview, models, budget_daily_pico::text AS budget_daily_pico, budget_monthly_pico::text AS budget_monthly_pico, rpm, expires_at, created_at, created_by, revoked_at, revoked_by, replaced_by, admin";

const iso = (value: Date | string) => new Date(value).toISOString();

export function memberKeyFromRow(row: KeyRow): MemberKey {
  return {
    id: row.id,
    member: row.member,
    team: row.team,
    preview: row.preview,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    ...(row.models ? { models: row.models } : {}),
    ...(row.budget_daily_pico === null ? {} : { budgetDailyUsd: picoToUsd(BigInt(row.budget_daily_pico)) }),
    ...(row.budget_monthly_pico === null ? {} : { budgetMonthlyUsd: picoToUsd(BigInt(row.budget_monthly_pico)) }),
    ...(row.rpm === null ? {} : { rpm: row.rpm }),
    ...(row.expires_at === null ? {} : { expiresAt: iso(row.expires_at) }),
    ...(row.revoked_at === null ? {} : { revokedAt: iso(row.revoked_at) }),
    ...(row.revoked_by === null ? {} : { revokedBy: row.revoked_by }),
    ...(row.replaced_by === null ? {} : { replacedBy: row.replaced_by }),
    ...(row.admin ? { admin: true } : {}),
  };
}

/** The ledger record of a key change: who did what to whose key, costing nothing. */
function changeRecord(action: string, key: Pick<MemberKey, "id" | "member" | "team">, actor: string, detail: string): LedgerEntry {
  return {
    time: new Date().toISOString(),
    requestId: `team-change-${randomBytes(8).toString("hex")}`,
    attempt: 1,
    project: null,
    feature: TEAM_CHANGE_FEATURE,
    provider: "switchboard",
    model: "member-key",
    routingReason: detail,
    outcome: action,
    status: null,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    costUsd: 0,
    priceSource: "team",
    ttftMs: null,
    durationMs: 0,
    member: key.member,
    team: key.team,
    memberKey: key.id,
    actor,
  };
}

function describeLimits(limits: MemberKeyLimits): string {
  const parts = [
    limits.models ? `models ${limits.models.join(", ")}` : "models allowed by the team policy",
    limits.budgetDailyUsd === undefined ? undefined : `daily budget $${limits.budgetDailyUsd}`,
    limits.budgetMonthlyUsd === undefined ? undefined : `monthly budget $${limits.budgetMonthlyUsd}`,
    limits.rpm === undefined ? undefined : `${limits.rpm} requests/min`,
    limits.expiresAt === undefined ? undefined : `expires ${limits.expiresAt}`,
    limits.admin ? "admin: reads the team's spend" : undefined,
  ];
  return parts.filter(Boolean).join("; ");
}

async function insertKey(sql: Sql, member: string, team: string, limits: MemberKeyLimits, actor: string): Promise<{ secret: string; key: MemberKey }> {
  const secret = `${MEMBER_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const id = `mk_${randomBytes(6).toString("base64url")}`;
  const preview = `${secret.slice(0, 8)}…${secret.slice(-4)}`;
  const [row] = await sql.query<KeyRow>(
    `INSERT INTO member_keys (id, secret_hash, preview, member, team, models, budget_daily_pico, budget_monthly_pico, rpm, expires_at, created_by, admin)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${KEY_COLUMNS}`,
    [
      id,
      hashMemberKey(secret),
      preview,
      member,
      team,
      limits.models ? JSON.stringify(limits.models) : null,
      limits.budgetDailyUsd === undefined ? null : usdToPico(limits.budgetDailyUsd).toString(),
      limits.budgetMonthlyUsd === undefined ? null : usdToPico(limits.budgetMonthlyUsd).toString(),
      limits.rpm ?? null,
      limits.expiresAt ?? null,
      actor,
      limits.admin === true,
    ],
  );
  return { secret, key: memberKeyFromRow(row!) };
}

export async function createMemberKey(database: TeamDatabase, member: string, team: string, limits: MemberKeyLimits, actor: string): Promise<{ secret: string; key: MemberKey }> {
  return database.transaction(async (sql) => {
    const created = await insertKey(sql, member, team, limits, actor);
    await appendInTransaction(sql, [changeRecord("created", created.key, actor, describeLimits(limits))]);
    return created;
  });
}

export async function listMemberKeys(database: TeamDatabase): Promise<Array<MemberKey & { spentTodayUsd: number; spentMonthUsd: number }>> {
  const now = new Date().toISOString();
  const rows = await database.query<KeyRow & { today: string; month: string }>(
    `SELECT ${KEY_COLUMNS},
       coalesce((SELECT pico FROM spend_totals WHERE scope = 'key:' || id AND period = $1), 0)::text AS today,
       coalesce((SELECT pico FROM spend_totals WHERE scope = 'key:' || id AND period = $2), 0)::text AS month
     FROM member_keys ORDER BY team, member, created_at`,
    [dayPeriod(now), monthPeriod(now)],
  );
  return rows.map((row) => ({ ...memberKeyFromRow(row), spentTodayUsd: picoToUsd(BigInt(row.today)), spentMonthUsd: picoToUsd(BigInt(row.month)) }));
}

async function liveKey(sql: Sql, id: string): Promise<MemberKey> {
  const [row] = await sql.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM member_keys WHERE id = $1 FOR UPDATE`, [id]);
  if (!row) throw new Error(`no member key ${id} (\`switchboard team keys list\` shows the ids)`);
  const key = memberKeyFromRow(row);
  if (key.revokedAt) throw new Error(`member key ${id} (${key.member}) was already revoked on ${key.revokedAt} by ${key.revokedBy}`);
  return key;
}

export async function revokeMemberKey(database: TeamDatabase, id: string, actor: string): Promise<MemberKey> {
  return database.transaction(async (sql) => {
    const key = await liveKey(sql, id);
    await sql.query("UPDATE member_keys SET revoked_at = now(), revoked_by = $2 WHERE id = $1", [id, actor]);
    await appendInTransaction(sql, [changeRecord("revoked", key, actor, `${key.preview} revoked`)]);
    return { ...key, revokedAt: new Date().toISOString(), revokedBy: actor };
  });
}

/** A new secret with the same member, team and limits; the old key stops working at once. */
export async function rotateMemberKey(database: TeamDatabase, id: string, actor: string): Promise<{ secret: string; key: MemberKey; replaced: MemberKey }> {
  return database.transaction(async (sql) => {
    const old = await liveKey(sql, id);
    const { id: _id, member, team, preview: _preview, createdAt: _at, createdBy: _by, ...limits } = old;
    const created = await insertKey(sql, member, team, limits, actor);
    await sql.query("UPDATE member_keys SET revoked_at = now(), revoked_by = $2, replaced_by = $3 WHERE id = $1", [id, actor, created.key.id]);
    await appendInTransaction(sql, [changeRecord("rotated", old, actor, `${old.preview} replaced by ${created.key.id} (${created.key.preview})`)]);
    // The key's spend so far stays the member's: the new key's budget counts on from it.
    await sql.query(
      `INSERT INTO spend_totals (scope, period, pico) SELECT $2, period, pico FROM spend_totals WHERE scope = $1
       ON CONFLICT (scope, period) DO UPDATE SET pico = spend_totals.pico + EXCLUDED.pico`,
      [keyScope(id), keyScope(created.key.id)],
    );
    return { ...created, replaced: old };
  });
}

export type Authentication =
  | { ok: true; key: MemberKey; teamBudget: { dailyUsd?: number; monthlyUsd?: number } }
  | { ok: false; status: 401 | 429; message: string; retryAfterSeconds?: number };

/**
 * Finds the key a request presents and counts the request against its per-minute limit, in one statement
 * on the shared database: a key revoked on any instance is refused on the next request everywhere, and
 * the limit holds across instances. `count` false (GET /v1/key, /v1/models) reads without counting.
 */
export async function authenticateMemberKey(database: Sql, secret: string, count: boolean): Promise<Authentication> {
  const hash = hashMemberKey(secret);
  const budgetColumns =
    "(SELECT daily_pico::text FROM team_budgets b WHERE b.team = k.team) AS team_daily, (SELECT monthly_pico::text FROM team_budgets b WHERE b.team = k.team) AS team_monthly";
  type Row = KeyRow & { window_count: number; retry_after: string | null; team_daily: string | null; team_monthly: string | null };
  const live = "k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())";
  const [row] = count
    ? await database.query<Row>(
        `UPDATE member_keys k SET
           window_start = CASE WHEN k.window_start IS NULL OR k.window_start <= now() - interval '60 seconds' THEN now() ELSE k.window_start END,
           window_count = CASE WHEN k.window_start IS NULL OR k.window_start <= now() - interval '60 seconds' THEN 1 ELSE k.window_count + 1 END
         WHERE k.secret_hash = $1 AND ${live}
         RETURNING ${KEY_COLUMNS.replace(/(^|, )(\w+)/g, "$1k.$2")}, k.window_count,
           ceil(extract(epoch FROM (k.window_start + interval '60 seconds' - now())))::text AS retry_after, ${budgetColumns}`,
        [hash],
      )
    : await database.query<Row>(`SELECT ${KEY_COLUMNS.replace(/(^|, )(\w+)/g, "$1k.$2")}, k.window_count, NULL AS retry_after, ${budgetColumns} FROM member_keys k WHERE k.secret_hash = $1 AND ${live}`, [hash]);
  if (!row) {
    const [dead] = await database.query<{ revoked_at: Date | null; expires_at: Date | null; member: string }>("SELECT revoked_at, expires_at, member FROM member_keys WHERE secret_hash = $1", [hash]);
    if (dead?.revoked_at) return { ok: false, status: 401, message: `this member key (${dead.member}) was revoked on ${iso(dead.revoked_at)}: ask your team's Switchboard admin for a new one` };
    if (dead?.expires_at) return { ok: false, status: 401, message: `this member key (${dead.member}) expired on ${iso(dead.expires_at)}: ask your team's Switchboard admin for a new one` };
    return { ok: false, status: 401, message: "unknown member key: check the key you were given (it starts with sbk_)" };
  }
  const key = memberKeyFromRow(row);
  if (count && key.rpm !== undefined && row.window_count > key.rpm) {
    const retryAfterSeconds = Math.max(1, Number(row.retry_after ?? 60));
    return { ok: false, status: 429, message: `your member key allows ${key.rpm} requests per minute: retry in ${retryAfterSeconds} s`, retryAfterSeconds };
  }
  const teamBudget = {
    ...(row.team_daily === null ? {} : { dailyUsd: picoToUsd(BigInt(row.team_daily)) }),
    ...(row.team_monthly === null ? {} : { monthlyUsd: picoToUsd(BigInt(row.team_monthly)) }),
  };
  return { ok: true, key, teamBudget };
}

/** Sets (or with both undefined, clears) a team's daily and monthly budget; recorded in the ledger. */
export async function setTeamBudget(database: TeamDatabase, team: string, budget: { dailyUsd?: number; monthlyUsd?: number }, actor: string): Promise<void> {
  await database.transaction(async (sql) => {
    if (budget.dailyUsd === undefined && budget.monthlyUsd === undefined) await sql.query("DELETE FROM team_budgets WHERE team = $1", [team]);
    else {
      await sql.query(
        `INSERT INTO team_budgets (team, daily_pico, monthly_pico, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (team) DO UPDATE SET daily_pico = EXCLUDED.daily_pico, monthly_pico = EXCLUDED.monthly_pico, updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [team, budget.dailyUsd === undefined ? null : usdToPico(budget.dailyUsd).toString(), budget.monthlyUsd === undefined ? null : usdToPico(budget.monthlyUsd).toString(), actor],
      );
    }
    const detail = budget.dailyUsd === undefined && budget.monthlyUsd === undefined ? "team budget cleared" : `team budget: daily ${budget.dailyUsd ?? "none"}, monthly ${budget.monthlyUsd ?? "none"} (USD)`;
    await appendInTransaction(sql, [{ ...changeRecord("budget-set", { id: "-", member: "-", team }, actor, detail), model: "team-budget", member: undefined, memberKey: undefined }]);
  });
}
