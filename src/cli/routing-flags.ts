// Routing and policy flags shared by `chat` and `compare`, turned into routing preferences.
import { basename } from "node:path";
import { sharedLedgerFile } from "../core/spend/ledger-location";
import type { DataPolicyRequirement, RoutingPreferences, Strategy } from "../core/routing/routing-types";
import { fail } from "./usage-error";

export const routingOptions = {
  fallback: { type: "string", multiple: true },
  strategy: { type: "string" },
  candidates: { type: "string" },
  "data-policy": { type: "string" },
  "max-input-price": { type: "string" },
  "max-output-price": { type: "string" },
  "max-cost": { type: "string" },
  policy: { type: "string" },
  feature: { type: "string" },
  project: { type: "string" },
  ledger: { type: "string" },
} as const;

export interface RoutingFlagValues {
  model?: string;
  fallback?: string[];
  strategy?: string;
  candidates?: string;
  "data-policy"?: string;
  "max-input-price"?: string;
  "max-output-price"?: string;
  "max-cost"?: string;
  project?: string;
  ledger?: string;
  /** compare names its models itself; no --model/--strategy needed. */
  allowAnyModel?: boolean;
}

function usd(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) fail(`${flag} takes an amount in USD like 2.5, got "${value}"`);
  return Number(value);
}

const STRATEGIES: Strategy[] = ["cheapest", "fastest", "quality", "balanced"];
const DATA_POLICIES: DataPolicyRequirement[] = ["allow", "deny-training", "zero-retention"];

export function preferencesFromFlags(values: RoutingFlagValues): RoutingPreferences {
  const strategy = values.strategy;
  if (strategy !== undefined && !STRATEGIES.includes(strategy as Strategy)) fail(`--strategy must be one of ${STRATEGIES.join(", ")}`);
  const dataPolicy = values["data-policy"];
  if (dataPolicy !== undefined && !DATA_POLICIES.includes(dataPolicy as DataPolicyRequirement)) {
    fail(`--data-policy must be one of ${DATA_POLICIES.join(", ")}`);
  }
  const candidates = values.candidates?.split(",").map((id) => id.trim()).filter(Boolean);
  if (values.model && strategy) fail("use either --model (with --fallback) or --strategy with --candidates, not both");
  if (strategy && (!candidates || candidates.length === 0)) fail("--strategy needs --candidates A,B,C");
  if (!values.model && !strategy && !values.allowAnyModel) fail("--model is required, e.g. --model demo/swift-mini (or --strategy with --candidates)");
  return {
    model: values.model,
    fallbacks: values.fallback ?? [],
    strategy: strategy as Strategy | undefined,
    candidates,
    dataPolicy: (dataPolicy as DataPolicyRequirement | undefined) ?? "allow",
    maxPrice: { input: usd(values["max-input-price"], "--max-input-price"), output: usd(values["max-output-price"], "--max-output-price") },
    maxCostUsd: usd(values["max-cost"], "--max-cost"),
  };
}

export { switchboardConfigDir } from "../core/spend/ledger-location";

/** The ledger: --ledger, else the user's one ledger, ~/.config/switchboard/ledger.jsonl (the extension's too). */
export function ledgerPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  return sharedLedgerFile(env);
}

export function projectName(flag: string | undefined): string {
  return flag ?? basename(process.cwd());
}
