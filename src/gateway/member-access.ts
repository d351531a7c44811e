// The team gateway's door: a request presents a member key; the key's row on the shared database decides
// (live, within its rate), and the member's request then runs with their models, their budgets and their
// name on every record. GET /v1/key answers in OpenRouter's /api/v1/key shape.
import type { ModelInfo } from "../core/catalog/model-info";
import type { PipelineDeps } from "../core/run/run-request";
import { globMatches } from "../core/routing/team-policy";
import { picoToUsd } from "../core/spend/cost";
import { type Authentication, authenticateMemberKey, type MemberKey } from "../core/team/member-keys";
import { TeamBudget } from "../core/team/team-budget";
import type { TeamDatabase } from "../core/team/team-database";
import { dayPeriod, keyScope, memberLedger, monthPeriod, type TeamLedger, teamScope } from "../core/team/team-ledger";
import { cellsToJson, teamSpendCells } from "../core/team/team-spend";

export type Member = Extract<Authentication, { ok: true }>;

export interface MemberAccess {
  authenticate(secret: string, countRequest: boolean): Promise<Authentication>;
  /** The pipeline as this member may use it: their models, their budgets, their records. */
  pipelineFor(member: Member, base: PipelineDeps): PipelineDeps;
  modelsFor(member: Member, models: readonly ModelInfo[]): ModelInfo[];
  keyInfo(member: Member): Promise<unknown>;
  /** The whole team database's spend cells, for an admin key (Show Team Spend). */
  teamSpend(): Promise<unknown>;
}

export function memberAccess(database: TeamDatabase, ledger: TeamLedger): MemberAccess {
  const allowed = (key: MemberKey, modelId: string) => !key.models || key.models.some((glob) => globMatches(glob, modelId));
  return {
    authenticate: (secret, countRequest) => authenticateMemberKey(database, secret, countRequest),
    pipelineFor: ({ key, teamBudget }, base) => ({
      ...base,
      planner: { ...base.planner, ...(key.models ? { memberKeyModels: key.models } : {}) },
      budget: new TeamBudget(database, key, teamBudget),
      ledger: memberLedger(ledger, { name: key.member, team: key.team, keyId: key.id }),
    }),
    modelsFor: ({ key }, models) => models.filter((model) => allowed(key, model.id)),
    teamSpend: async () => {
      const { cells, skippedLines } = await teamSpendCells(database);
      return { generatedAt: new Date().toISOString(), skippedLines, cells: cellsToJson(cells) };
    },
    keyInfo: async ({ key, teamBudget }) => {
      const now = new Date().toISOString();
      const rows = await database.query<{ scope: string; period: string; pico: string }>(
        "SELECT scope, period, pico::text AS pico FROM spend_totals WHERE scope = ANY($1::text[]) AND period = ANY($2::text[])",
        [
          [keyScope(key.id), teamScope(key.team)],
          [dayPeriod(now), monthPeriod(now)],
        ],
      );
      const spent = (scope: string, period: string) => picoToUsd(BigInt(rows.find((row) => row.scope === scope && row.period === period)?.pico ?? "0"));
      const usageDaily = spent(keyScope(key.id), dayPeriod(now));
      const usageMonthly = spent(keyScope(key.id), monthPeriod(now));
      // OpenRouter's key has one limit with its reset period: the monthly budget if set, else the daily one.
      const limit = key.budgetMonthlyUsd ?? key.budgetDailyUsd ?? null;
      const used = key.budgetMonthlyUsd !== undefined ? usageMonthly : usageDaily;
      const remaining = (cap: number | undefined, spentUsd: number) => (cap === undefined ? null : Math.max(0, cap - spentUsd));
      return {
        data: {
          label: key.preview,
          limit,
          limit_remaining: limit === null ? null : Math.max(0, limit - used),
          limit_reset: key.budgetMonthlyUsd !== undefined ? "monthly" : key.budgetDailyUsd !== undefined ? "daily" : null,
          usage: usageMonthly,
          usage_daily: usageDaily,
          usage_monthly: usageMonthly,
          is_free_tier: false,
          expires_at: key.expiresAt ?? null,
          rate_limit: key.rpm === undefined ? null : { requests: key.rpm, interval: "60s" },
          switchboard: {
            key_id: key.id,
            member: key.member,
            team: key.team,
            models: key.models ?? null,
            budgets: {
              daily: { limit: key.budgetDailyUsd ?? null, usage: usageDaily, remaining: remaining(key.budgetDailyUsd, usageDaily) },
              monthly: { limit: key.budgetMonthlyUsd ?? null, usage: usageMonthly, remaining: remaining(key.budgetMonthlyUsd, usageMonthly) },
              team_daily: { limit: teamBudget.dailyUsd ?? null, usage: spent(teamScope(key.team), dayPeriod(now)), remaining: remaining(teamBudget.dailyUsd, spent(teamScope(key.team), dayPeriod(now))) },
              team_monthly: {
                limit: teamBudget.monthlyUsd ?? null,
                usage: spent(teamScope(key.team), monthPeriod(now)),
                remaining: remaining(teamBudget.monthlyUsd, spent(teamScope(key.team), monthPeriod(now))),
              },
            },
          },
        },
      };
    },
  };
}
