// The one admission step: plan the route (team policy, data policy, max price, capabilities, context
// window), then reserve the worst case against the budgets under this request's own id.
import { type PlannerInput, explainNoRoute, planRoute } from "../routing/planner";
import type { RoutePlan, RoutingPreferences } from "../routing/routing-types";
import { narrowPreferences } from "../routing/team-policy";
import type { Reservation, ReserveResult } from "../spend/budget";
import type { ChatMessage, ToolDefinition } from "../stream/events";
import { exportsTo, type OtlpConfig } from "../telemetry/otlp-config";

export interface AdmissionRequest {
  requestId: string;
  project: string | null;
  routing: RoutingPreferences;
  messages: readonly ChatMessage[];
  maxOutputTokens?: number;
  tools?: readonly ToolDefinition[];
}

/** What admission and settlement need of a budget: a machine's (BudgetGuard) or a team member's (TeamBudget). */
export interface Budget {
  /** Whether any spend limit applies to this project (then every model used must have a known price). */
  limits(project: string | null): boolean;
  reserve(estimateUsd: number, project: string | null, requestId: string): Promise<ReserveResult>;
  /** Replaces the reservation with the real cost; `writeRecords` writes the request's last records first. */
  settle(reservation: Reservation, actualPico: bigint, writeRecords: () => Promise<void>): Promise<void>;
}

export interface AdmissionDeps {
  planner: Omit<PlannerInput, "preferences" | "messages" | "maxOutputTokens" | "tools">;
  budget?: Budget;
  /** Set when no request may be sent at all (an invalid team policy): the reason, shown as it is. */
  refusal?: string;
  /** Where OpenTelemetry export goes (undefined: off), for a team policy that requires it. */
  telemetryConfig?: OtlpConfig;
}

export type Refusal = { kind: "policy" | "budget"; message: string };

export type Admission = { ok: true; plan: RoutePlan; reservation?: Reservation } | { ok: false; plan: RoutePlan; error: Refusal };

export async function admit(request: AdmissionRequest, deps: AdmissionDeps): Promise<Admission> {
  const empty: RoutePlan = { attempts: [], excluded: [] };
  if (deps.refusal) return { ok: false, plan: empty, error: { kind: "policy", message: deps.refusal } };
  const requiredExport = deps.planner.teamPolicy?.telemetry?.otlpEndpoint;
  if (requiredExport && !exportsTo(deps.telemetryConfig, requiredExport)) {
    const now = deps.telemetryConfig ? `it goes to ${deps.telemetryConfig.label}` : "it is off";
    const message = `the team policy requires OpenTelemetry export to ${requiredExport} and ${now}: set switchboard.telemetry.otlp.endpoint (VS Code) or OTEL_EXPORTER_OTLP_ENDPOINT (CLI, gateway) to ${requiredExport}`;
    return { ok: false, plan: empty, error: { kind: "policy", message } };
  }
  // Strategies that order by measured speed or evidence read the ledger's recent records first, off the
  // event loop. The team policy's default strategy counts too: the planner orders by the narrowed one.
  const { strategy, model } = narrowPreferences(request.routing, deps.planner.teamPolicy);
  if (strategy && strategy !== "cheapest" && !model) await deps.planner.loadHistory?.();
  let plan = planRoute({ ...deps.planner, preferences: request.routing, messages: request.messages, maxOutputTokens: request.maxOutputTokens, tools: request.tools });
  if (plan.attempts.length === 0) return { ok: false, plan, error: { kind: "policy", message: explainNoRoute(plan) } };
  if (!deps.budget) return { ok: true, plan };
  // A budget cannot hold a cost nobody knows: models without a price are left out while a limit applies.
  if (deps.budget.limits(request.project)) {
    const unpriced = plan.attempts.filter((attempt) => deps.planner.findModel(attempt.modelId)?.unpriced);
    if (unpriced.length > 0) {
      const reason = "has no known price, so the budget cannot be held: set its pricing (switchboard.models or the config file)";
      plan = { attempts: plan.attempts.filter((attempt) => !unpriced.includes(attempt)), excluded: [...plan.excluded, ...unpriced.map((attempt) => ({ modelId: attempt.modelId, rule: "unpriced" as const, reason }))] };
      if (plan.attempts.length === 0) return { ok: false, plan, error: { kind: "budget", message: unpriced.map((attempt) => `${attempt.modelId} ${reason}`).join("; ") } };
    }
  }
  // Whichever attempt answers, the cap holds: reserve the worst of them.
  const worst = Math.max(...plan.attempts.map((attempt) => attempt.estimatedCostUsd));
  const reserved = await deps.budget.reserve(worst, request.project, request.requestId);
  return reserved.ok ? { ok: true, plan, reservation: reserved.reservation } : { ok: false, plan, error: { kind: "budget", message: reserved.message } };
}
