// A member's side of a team gateway (VS Code's Connect to Team Gateway, the CLI's SWITCHBOARD_TEAM_GATEWAY):
// the gateway as one OpenAI-compatible provider, "team", whose models are what GET /v1/models lists for the
// member's key (OpenRouter's shape, prices included), and the member's limits from GET /v1/key.
import { convertOpenRouterModels } from "../catalog/openrouter-import";
import type { ModelInfo } from "../catalog/model-info";
import type { SpendCell } from "../spend/spend-rollup";
import { formatUsd } from "../../common/format-usd";
import { request } from "../providers/http";
import { TEAM_PROVIDER_ID } from "./team-gateway-provider";

export { normaliseGatewayUrl, TEAM_PROVIDER_ID, teamGatewayProvider } from "./team-gateway-provider";

export interface Budget {
  limit: number | null;
  usage: number;
  remaining: number | null;
}

export interface MemberStatus {
  member: string;
  team: string;
  keyId: string;
  models: string[] | null;
  budgets: { daily: Budget; monthly: Budget; team_daily: Budget; team_monthly: Budget };
}

export type GatewayAnswer<T> = { ok: true; value: T } | { ok: false; message: string; status?: number };

async function getJson(url: string, key: string, signal?: AbortSignal): Promise<GatewayAnswer<unknown>> {
  try {
    const response = await request(url, { method: "GET", headers: { authorization: `Bearer ${key}` }, signal, headersTimeout: 15_000, bodyTimeout: 15_000 });
    const text = await response.body.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, status: response.statusCode, message: `${url} answered ${response.statusCode} with something that is not JSON: is this a Switchboard team gateway?` };
    }
    if (response.statusCode !== 200) {
      const message = (body as { error?: { message?: unknown } })?.error?.message;
      return { ok: false, status: response.statusCode, message: typeof message === "string" ? message : `${url} answered ${response.statusCode}` };
    }
    return { ok: true, value: body };
  } catch (error) {
    return { ok: false, message: `cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** GET /v1/key: who the key belongs to and what is left of each budget. */
export async function fetchMemberStatus(url: string, key: string, signal?: AbortSignal): Promise<GatewayAnswer<MemberStatus>> {
  const answer = await getJson(`${url}/v1/key`, key, signal);
  if (!answer.ok) return answer;
  const info = (answer.value as { data?: { switchboard?: { member?: unknown; team?: unknown; key_id?: unknown; models?: unknown; budgets?: unknown } } }).data?.switchboard;
  if (typeof info?.member !== "string" || typeof info.team !== "string" || typeof info.budgets !== "object" || info.budgets === null) {
    return { ok: false, message: `${url}/v1/key is not a Switchboard team gateway's answer (no member or budgets): check the address` };
  }
  return {
    ok: true,
    value: { member: info.member, team: info.team, keyId: String(info.key_id ?? ""), models: Array.isArray(info.models) ? (info.models as string[]) : null, budgets: info.budgets as MemberStatus["budgets"] },
  };
}

/** GET /v1/models: the models this member may use, as "team/PROVIDER/MODEL" with the gateway's prices. */
export async function fetchTeamModels(url: string, key: string, signal?: AbortSignal): Promise<GatewayAnswer<ModelInfo[]>> {
  const answer = await getJson(`${url}/v1/models`, key, signal);
  if (!answer.ok) return answer;
  const { models } = convertOpenRouterModels(answer.value, undefined, TEAM_PROVIDER_ID);
  return { ok: true, value: models.map((model) => ({ ...model, displayName: `${model.displayName} (team)` })) };
}

/** GET /v1/team/spend (admin keys): the whole team's spend cells, sums back to pico-dollar bigints. */
export async function fetchTeamSpend(url: string, key: string, signal?: AbortSignal): Promise<GatewayAnswer<SpendCell[]>> {
  const answer = await getJson(`${url}/v1/team/spend`, key, signal);
  if (!answer.ok) return answer;
  const cells = (answer.value as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) return { ok: false, message: `${url}/v1/team/spend did not answer with spend cells` };
  try {
    return {
      ok: true,
      value: (cells as Array<SpendCell & { pico: string; reportedPico: string; catalogPico: string }>).map((cell) => ({
        ...cell,
        pico: BigInt(cell.pico),
        reportedPico: BigInt(cell.reportedPico),
        catalogPico: BigInt(cell.catalogPico),
      })),
    };
  } catch {
    return { ok: false, message: `${url}/v1/team/spend answered sums that are not whole pico-dollars` };
  }
}

/** "$4.20 left today · team $38.00 left this month": the tightest of each budget that has a limit. */
export function describeRemaining(status: MemberStatus): string {
  const parts: string[] = [];
  const { daily, monthly, team_daily: teamDaily, team_monthly: teamMonthly } = status.budgets;
  const mine = [daily.remaining === null ? undefined : `${formatUsd(daily.remaining)} left today`, monthly.remaining === null ? undefined : `${formatUsd(monthly.remaining)} left this month`];
  const team = [teamDaily.remaining === null ? undefined : `${formatUsd(teamDaily.remaining)} left today`, teamMonthly.remaining === null ? undefined : `${formatUsd(teamMonthly.remaining)} left this month`];
  const own = mine.filter(Boolean).join(", ");
  const shared = team.filter(Boolean).join(", ");
  if (own) parts.push(own);
  if (shared) parts.push(`team ${status.team}: ${shared}`);
  return parts.length ? parts.join(" · ") : "no budget limits";
}
