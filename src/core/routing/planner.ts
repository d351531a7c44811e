// Pure routing: request + preferences + team policy + health + catalog -> ordered attempts, each with
// the reason it was chosen, and every excluded candidate with the rule that excluded it.
import type { ModelInfo } from "../catalog/model-info";
import { splitModelId } from "../catalog/model-info";
import type { ProviderDefinition } from "../providers/provider-definitions";
import { estimateRequest } from "../spend/estimate";
import type { ChatMessage, ToolDefinition } from "../stream/events";
import { imageCount } from "../stream/messages";
import type { UserEvidence } from "./quality-evidence";
import { compareStandings, qualityStandings } from "./quality-order";
import type { Exclusion, PlannedAttempt, RoutePlan, RoutingPreferences } from "./routing-types";
import { globMatches, isRequiredGateway, narrowPreferences, type TeamPolicy } from "./team-policy";

/** When the request sets no output limit, plans assume an answer of this many tokens. */
export const EXPECTED_OUTPUT_TOKENS = 1_000;
/** Speed assumed for a model we have never measured (documented in README "Routing"). */
export const SPEED_PRIOR = { ttftMs: 800, tokensPerSecond: 60 };
/** Balanced strategy weights over the normalised cost, speed and quality ranks. */
export const BALANCED_WEIGHTS = { cost: 0.4, speed: 0.3, quality: 0.3 };

export interface ModelHealth {
  ttftMs: number;
  tokensPerSecond: number;
}

export interface PlannerInput {
  preferences: RoutingPreferences;
  teamPolicy?: TeamPolicy;
  /** A team gateway member key's models (globs): the key narrows what the policy allows, never widens it. */
  memberKeyModels?: readonly string[];
  messages: readonly ChatMessage[];
  maxOutputTokens?: number;
  /** Tools sent with the request: their definitions count towards the prompt. */
  tools?: readonly ToolDefinition[];
  findModel(id: string): ModelInfo | undefined;
  findProvider(id: string): ProviderDefinition | undefined;
  health?(modelId: string): ModelHealth | undefined;
  /** The user's own evidence of a model's quality (prompt-file results, blind votes), from the ledger. */
  quality?(modelId: string): UserEvidence | undefined;
  /** Reads what health and quality need ahead of planning, off the event loop. */
  loadHistory?(): Promise<void>;
}

interface Candidate {
  model: ModelInfo;
  provider: ProviderDefinition;
  estimatedCostUsd: number;
}

function dataPolicyProblem(requirement: RoutingPreferences["dataPolicy"], provider: ProviderDefinition): string | undefined {
  if (!requirement || requirement === "allow") return undefined;
  const policy = provider.dataPolicy;
  if (!policy) return `${provider.id} has no known data policy, so it cannot be shown to meet "${requirement}"`;
  if (policy.trainsOnData) return `${provider.id} may train on request data ("${requirement}" required)`;
  if (requirement === "zero-retention" && policy.retainsData) return `${provider.id} retains request data ("zero-retention" required)`;
  return undefined;
}

function capSource(userCap: number | undefined, teamCap: number | undefined): string {
  return teamCap !== undefined && (userCap === undefined || teamCap < userCap) ? "the team policy's" : "your";
}

/** What the standing rules need: no request, only the preferences, the policy and where models live. */
export type StandingInput = Pick<PlannerInput, "preferences" | "teamPolicy" | "memberKeyModels" | "findModel" | "findProvider">;

/**
 * The rules that hold whatever the request (catalog, provider, team policy, data policy, price caps):
 * a model they exclude is not worth offering at all. Undefined when the model passes them.
 */
export function standingExclusion(input: StandingInput, modelId: string): Omit<Exclusion, "modelId"> | undefined {
  const result = standing(input, modelId, narrowPreferences(input.preferences, input.teamPolicy));
  return "rule" in result ? result : undefined;
}

function standing(input: StandingInput, modelId: string, narrowed: RoutingPreferences): { model: ModelInfo; provider: ProviderDefinition } | Omit<Exclusion, "modelId"> {
  const { teamPolicy } = input;
  const model = input.findModel(modelId);
  if (!model) return { rule: "unknown-model", reason: `${modelId} is not in the model catalog` };
  const providerId = splitModelId(modelId).provider;
  const provider = input.findProvider(providerId);
  if (!provider) return { rule: "unknown-provider", reason: `no provider "${providerId}" is configured` };
  if (teamPolicy?.requireGateway && !isRequiredGateway(teamPolicy.requireGateway, provider.baseUrl)) {
    return { rule: "team-policy-gateway", reason: `the team policy requires every request to go through the team gateway ${teamPolicy.requireGateway} (Connect to Team Gateway)` };
  }
  if (teamPolicy?.allowedProviders && !teamPolicy.allowedProviders.some((glob) => globMatches(glob, providerId))) {
    return { rule: "team-policy-provider", reason: `the team policy does not allow provider ${providerId}` };
  }
  if (teamPolicy?.allowedModels && !teamPolicy.allowedModels.some((glob) => globMatches(glob, modelId))) {
    return { rule: "team-policy-model", reason: `the team policy does not allow model ${modelId}` };
  }
  if (input.memberKeyModels && !input.memberKeyModels.some((glob) => globMatches(glob, modelId))) {
    return { rule: "member-key-model", reason: `your member key allows only ${input.memberKeyModels.join(", ")}` };
  }
  const dataProblem = dataPolicyProblem(narrowed.dataPolicy, provider);
  if (dataProblem) {
    const fromTeam = teamPolicy?.minimumDataPolicy && teamPolicy.minimumDataPolicy === narrowed.dataPolicy && input.preferences.dataPolicy !== narrowed.dataPolicy;
    return { rule: "data-policy", reason: fromTeam ? `${dataProblem} by the team policy` : dataProblem };
  }
  const { input: maxIn, output: maxOut } = narrowed.maxPrice ?? {};
  if (model.unpriced && (maxIn !== undefined || maxOut !== undefined || narrowed.maxCostUsd !== undefined)) {
    return { rule: "unpriced", reason: `${modelId} has no known price, so a price cap cannot be checked: set its pricing (switchboard.models or the config file)` };
  }
  if (maxIn !== undefined && model.pricing.input > maxIn) {
    return { rule: "max-input-price", reason: `input costs $${model.pricing.input}/1M, above ${capSource(input.preferences.maxPrice?.input, teamPolicy?.maxPrice?.input)} cap of $${maxIn}/1M` };
  }
  if (maxOut !== undefined && model.pricing.output > maxOut) {
    return { rule: "max-output-price", reason: `output costs $${model.pricing.output}/1M, above ${capSource(input.preferences.maxPrice?.output, teamPolicy?.maxPrice?.output)} cap of $${maxOut}/1M` };
  }
  return { model, provider };
}

function check(input: PlannerInput, modelId: string, narrowed: RoutingPreferences): Candidate | Omit<Exclusion, "modelId"> {
  const standingResult = standing(input, modelId, narrowed);
  if ("rule" in standingResult) return standingResult;
  const { model, provider } = standingResult;
  const images = imageCount(input.messages);
  if (images > 0 && !model.imageInput) {
    return { rule: "image-input", reason: `${modelId} does not accept images (the request has ${images}); pick a model marked as accepting images` };
  }
  const estimate = estimateRequest(model, input.messages, input.maxOutputTokens ?? EXPECTED_OUTPUT_TOKENS, input.tools);
  const needed = estimate.inputTokens + (input.maxOutputTokens ?? 0);
  if (needed > model.contextWindow) {
    return { rule: "context-window", reason: `the prompt (~${estimate.inputTokens} tokens) plus output does not fit its ${model.contextWindow}-token window` };
  }
  if (narrowed.maxCostUsd !== undefined && estimate.maxCostUsd > narrowed.maxCostUsd) {
    return { rule: "max-cost", reason: `estimated up to $${estimate.maxCostUsd.toFixed(6)}, above the $${narrowed.maxCostUsd} per-request cap` };
  }
  return { model, provider, estimatedCostUsd: estimate.maxCostUsd };
}

function expectedSeconds(candidate: Candidate, input: PlannerInput): { seconds: number; measured: boolean } {
  const measured = input.health?.(candidate.model.id);
  const speed = measured ?? SPEED_PRIOR;
  const output = input.maxOutputTokens ?? EXPECTED_OUTPUT_TOKENS;
  return { seconds: speed.ttftMs / 1000 + output / Math.max(speed.tokensPerSecond, 0.1), measured: measured !== undefined };
}

function normalisedRanks(items: Candidate[], order: (a: Candidate, b: Candidate) => number): Map<Candidate, number> {
  const sorted = [...items].sort(order);
  const span = Math.max(sorted.length - 1, 1);
  return new Map(sorted.map((item, index) => [item, index / span]));
}

function orderByStrategy(candidates: Candidate[], input: PlannerInput, strategy: NonNullable<RoutingPreferences["strategy"]>): PlannedAttempt[] {
  const ranking = input.preferences.qualityRanking ?? [];
  const byCost = (a: Candidate, b: Candidate) => a.estimatedCostUsd - b.estimatedCostUsd;
  const bySpeed = (a: Candidate, b: Candidate) => expectedSeconds(a, input).seconds - expectedSeconds(b, input).seconds;
  // Standings are worked out lazily: only the quality and balanced strategies need them.
  let standings: ReturnType<typeof qualityStandings> | undefined;
  const standing = (c: Candidate) => {
    standings ??= qualityStandings(candidates.map((candidate) => candidate.model), ranking, input.quality);
    return standings.get(c.model.id)!;
  };
  const byQuality = (a: Candidate, b: Candidate) => compareStandings(standing(a), standing(b));
  let ordered: Candidate[];
  let explain: (c: Candidate) => string;
  switch (strategy) {
    case "cheapest":
      ordered = [...candidates].sort(byCost);
      explain = (c) => `cheapest: estimated up to $${c.estimatedCostUsd.toFixed(6)} for this request`;
      break;
    case "fastest":
      ordered = [...candidates].sort(bySpeed);
      explain = (c) => {
        const { seconds, measured } = expectedSeconds(c, input);
        return `fastest: ~${seconds.toFixed(1)} s expected (${measured ? "measured" : "no history yet, assumed"})`;
      };
      break;
    case "quality":
      ordered = [...candidates].sort(byQuality);
      explain = (c) => standing(c).explanation;
      break;
    case "balanced": {
      const cost = normalisedRanks(candidates, byCost);
      const speed = normalisedRanks(candidates, bySpeed);
      const quality = normalisedRanks(candidates, byQuality);
      const score = (c: Candidate) =>
        BALANCED_WEIGHTS.cost * cost.get(c)! + BALANCED_WEIGHTS.speed * speed.get(c)! + BALANCED_WEIGHTS.quality * quality.get(c)!;
      ordered = [...candidates].sort((a, b) => score(a) - score(b));
      explain = (c) => `balanced: score ${score(c).toFixed(2)} (cost, speed and quality ranks weighted 0.4/0.3/0.3; lower is better; ${standing(c).explanation})`;
      break;
    }
  }
  return ordered.map((c, index) => ({ modelId: c.model.id, reason: `${explain(c)}; choice ${index + 1} of ${ordered.length}`, estimatedCostUsd: c.estimatedCostUsd }));
}

export function planRoute(input: PlannerInput): RoutePlan {
  const narrowed = narrowPreferences(input.preferences, input.teamPolicy);
  const explicit = narrowed.model !== undefined;
  const ids = explicit ? [narrowed.model!, ...(narrowed.fallbacks ?? [])] : [...(narrowed.candidates ?? [])];
  const unique = [...new Set(ids)];
  const excluded: Exclusion[] = [];
  const candidates: Candidate[] = [];
  for (const modelId of unique) {
    const result = check(input, modelId, narrowed);
    if ("rule" in result) excluded.push({ modelId, ...result });
    else candidates.push(result);
  }
  const attempts: PlannedAttempt[] = explicit || !narrowed.strategy
    ? candidates.map((c) => ({
        modelId: c.model.id,
        reason: !explicit
          ? `candidate ${unique.indexOf(c.model.id) + 1} in the order given`
          : c.model.id === narrowed.model
            ? "the requested model"
            : `fallback ${unique.indexOf(c.model.id)} in the order given`,
        estimatedCostUsd: c.estimatedCostUsd,
      }))
    : orderByStrategy(candidates, input, narrowed.strategy);
  return { attempts: narrowed.maxAttempts === undefined ? attempts : attempts.slice(0, narrowed.maxAttempts), excluded };
}

/** One sentence per excluded candidate, for the error when nothing is left. */
export function explainNoRoute(plan: RoutePlan): string {
  if (plan.excluded.length === 0) return "no model to try: choose a model, or candidates for a strategy";
  return `no model satisfies this request: ${plan.excluded.map((e) => `${e.modelId}: ${e.reason}`).join("; ")}`;
}
