// The vocabulary of routing: preferences a user sets per request, and the plan that comes out.
export type DataPolicyRequirement = "allow" | "deny-training" | "zero-retention";
export type Strategy = "cheapest" | "fastest" | "quality" | "balanced";

export interface MaxPrice {
  /** USD per 1M input tokens. */
  input?: number;
  /** USD per 1M output tokens. */
  output?: number;
}

export interface RoutingPreferences {
  /** An explicit model and its fallbacks, tried in this order. */
  model?: string;
  fallbacks?: readonly string[];
  /** Or: a strategy that orders these candidates. */
  strategy?: Strategy;
  candidates?: readonly string[];
  /** The user's own ranking for the quality strategy, best first. */
  qualityRanking?: readonly string[];
  maxPrice?: MaxPrice;
  /** Upper bound on the pre-flight estimate of one request, USD. */
  maxCostUsd?: number;
  dataPolicy?: DataPolicyRequirement;
  /** At most this many attempts (1: no fallback at all). */
  maxAttempts?: number;
}

export type ExclusionRule =
  | "unknown-model"
  | "unknown-provider"
  | "team-policy-provider"
  | "team-policy-model"
  | "member-key-model"
  | "team-policy-gateway"
  | "max-input-price"
  | "max-output-price"
  | "max-cost"
  | "data-policy"
  | "image-input"
  | "unpriced"
  | "context-window";

export interface PlannedAttempt {
  modelId: string;
  /** Why it is in this position, in words a user understands. */
  reason: string;
  estimatedCostUsd: number;
}

export interface Exclusion {
  modelId: string;
  rule: ExclusionRule;
  reason: string;
}

export interface RoutePlan {
  attempts: PlannedAttempt[];
  excluded: Exclusion[];
}

/** The model id every face accepts for "route with the user's strategy and candidates". */
export const AUTO_MODEL_ID = "switchboard/auto";
