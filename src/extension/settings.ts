// Reads and validates Switchboard's settings. An invalid value is shown once as a warning naming the
// setting and what is wrong, with an action to open it; that value falls back to its default.
import * as vscode from "vscode";
import { configProviderSchema } from "../core/config/switchboard-config";
import type { ProviderDefinition } from "../core/providers/provider-definitions";
import type { BudgetLimits } from "../core/spend/budget";
import type { DataPolicyRequirement, MaxPrice, Strategy } from "../core/routing/routing-types";
import type { OtlpSettings } from "../core/telemetry/otlp-config";
import type { ZodError } from "../zod";
import * as z from "../zod";
import { getLog } from "./log";

const modelId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*\/.+$/, "use PROVIDER/MODEL, e.g. openai/gpt-5.4-mini"));
const usd = z.optional(z.nullable(z.number().check(z.nonnegative())));
const nonnegative = () => z.optional(z.number().check(z.nonnegative()));

/** Each setting: its schema and its default. Keys are relative to "switchboard.". */
const SETTINGS = {
  "compare.defaultModels": { schema: z.array(modelId).check(z.minLength(1, "name at least one model"), z.maxLength(6, "at most six models")), fallback: ["demo/swift-mini", "demo/sage-large"] },
  "routing.strategy": { schema: z.enum(["cheapest", "fastest", "quality", "balanced"]), fallback: "balanced" as Strategy },
  "routing.candidates": { schema: z.array(modelId), fallback: [] as string[] },
  "routing.fallbacks": { schema: z.array(modelId), fallback: [] as string[] },
  "routing.maxPrice": { schema: z.strictObject({ input: nonnegative(), output: nonnegative() }), fallback: {} as MaxPrice },
  "routing.dataPolicy": { schema: z.enum(["allow", "deny-training", "zero-retention"]), fallback: "allow" as DataPolicyRequirement },
  "routing.timeoutMs": { schema: z.int().check(z.gte(1000), z.lte(600_000)), fallback: 30_000 },
  "budgets.sessionUsd": { schema: usd, fallback: null },
  "budgets.dailyUsd": { schema: usd, fallback: null },
  "budgets.monthlyUsd": { schema: usd, fallback: null },
  "budgets.warnAt": { schema: z.number().check(z.gte(0.1), z.lte(1)), fallback: 0.8 },
  "providers": { schema: z.array(z.omit(configProviderSchema, { apiKeyEnv: true })), fallback: [] as ProviderDefinition[] },
  "models": { schema: z.array(z.unknown()), fallback: [] as unknown[] },
  "ledger.storePrompts": { schema: z.boolean(), fallback: false },
  "ledger.path": { schema: z.string().check(z.regex(/^$|^~(\/|\\|$)|^\/|^[A-Za-z]:[\\/]|^\\\\/, "use an absolute path (or ~/…), or leave it empty for the one ledger the CLI and gateway use too")), fallback: "" as string },
  "catalog.autoImportOpenRouter": { schema: z.boolean(), fallback: false },
  "catalog.source": { schema: z.enum(["bundled", "models.dev", "openrouter"]), fallback: "bundled" as "bundled" | "models.dev" | "openrouter" },
  "catalog.sourceUrl": { schema: z.union([z.literal(""), z.url()]), fallback: "" },
  "catalog.autoRefreshDays": { schema: z.int().check(z.gte(0), z.lte(365)), fallback: 0 },
  "demo.show": { schema: z.enum(["auto", "always", "never"]), fallback: "auto" as "auto" | "always" | "never" },
  "gateway.port": { schema: z.int().check(z.gte(0), z.lte(65_535)), fallback: 8787 },
  "gateway.autoStart": { schema: z.boolean(), fallback: false },
  "teamGateway.url": { schema: z.union([z.literal(""), z.url()]), fallback: "" },
  "agents.routeThroughSwitchboard": { schema: z.boolean(), fallback: false },
  "agents.model": { schema: z.union([z.literal(""), modelId]), fallback: "" },
  "telemetry.otlp.endpoint": { schema: z.string(), fallback: "" },
  "telemetry.otlp.protocol": { schema: z.enum(["http/protobuf", "http/json"]), fallback: "http/protobuf" as "http/protobuf" | "http/json" },
  "telemetry.otlp.headers": { schema: z.record(z.string(), z.string()), fallback: {} as Record<string, string> },
  "telemetry.otlp.resourceAttributes": { schema: z.record(z.string(), z.string()), fallback: {} as Record<string, string> },
} as const;

type SettingKey = keyof typeof SETTINGS;
type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]["fallback"];

const warned = new Set<string>();

function describe(error: ZodError): string {
  const issue = error.issues[0];
  const path = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${path}${issue?.message ?? "invalid"}`;
}

export function readSetting<K extends SettingKey>(key: K): SettingValue<K> {
  const { schema, fallback } = SETTINGS[key];
  const value = vscode.workspace.getConfiguration("switchboard").get<unknown>(key);
  if (value === undefined) return fallback;
  const parsed = (schema as z.ZodMiniType).safeParse(value);
  const name = `switchboard.${key}`;
  if (parsed.success) {
    warned.delete(name);
    return (parsed.data ?? fallback) as SettingValue<K>;
  }
  const text = `Switchboard: the setting "${name}" is invalid (${describe(parsed.error)}); using its default until it is fixed.`;
  if (!warned.has(name)) {
    warned.add(name);
    getLog().warn(text);
    void vscode.window.showWarningMessage(text, "Open Setting").then((choice) => {
      if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", name);
    });
  }
  return fallback;
}

export interface ExtensionSettings {
  defaultModels: string[];
  strategy: Strategy;
  candidates: string[];
  fallbacks: string[];
  maxPrice: MaxPrice;
  dataPolicy: DataPolicyRequirement;
  timeoutMs: number;
  budgets: BudgetLimits;
  providers: ProviderDefinition[];
  models: unknown[];
  storePrompts: boolean;
  autoImportOpenRouter: boolean;
  catalogSource: "bundled" | "models.dev" | "openrouter";
  catalogSourceUrl: string;
  catalogAutoRefreshDays: number;
  demoShow: "auto" | "always" | "never";
  gatewayPort: number;
  gatewayAutoStart: boolean;
  /** Coding agents in the integrated terminal go through the gateway. */
  routeAgents: boolean;
  /** The model they use there ("": each agent's own, matched by name). */
  agentModel: string;
  otlp: OtlpSettings;
  /** The team gateway this member is connected to ("": none); its key is in SecretStorage as provider "team". */
  teamGatewayUrl: string;
}

export function readSettings(): ExtensionSettings {
  const limit = (value: number | null | undefined) => value ?? undefined;
  return {
    defaultModels: [...readSetting("compare.defaultModels")],
    strategy: readSetting("routing.strategy"),
    candidates: [...readSetting("routing.candidates")],
    fallbacks: [...readSetting("routing.fallbacks")],
    maxPrice: readSetting("routing.maxPrice"),
    dataPolicy: readSetting("routing.dataPolicy"),
    timeoutMs: readSetting("routing.timeoutMs"),
    budgets: {
      sessionUsd: limit(readSetting("budgets.sessionUsd")),
      dailyUsd: limit(readSetting("budgets.dailyUsd")),
      monthlyUsd: limit(readSetting("budgets.monthlyUsd")),
      warnAt: readSetting("budgets.warnAt"),
    },
    providers: readSetting("providers").map((provider) => ({ ...provider, needsKey: provider.needsKey ?? !provider.local })),
    models: [...readSetting("models")],
    storePrompts: readSetting("ledger.storePrompts"),
    autoImportOpenRouter: readSetting("catalog.autoImportOpenRouter"),
    catalogSource: readSetting("catalog.source"),
    catalogSourceUrl: readSetting("catalog.sourceUrl"),
    catalogAutoRefreshDays: readSetting("catalog.autoRefreshDays"),
    demoShow: readSetting("demo.show"),
    gatewayPort: readSetting("gateway.port"),
    gatewayAutoStart: readSetting("gateway.autoStart"),
    routeAgents: readSetting("agents.routeThroughSwitchboard"),
    agentModel: readSetting("agents.model"),
    otlp: {
      endpoint: readSetting("telemetry.otlp.endpoint"),
      protocol: readSetting("telemetry.otlp.protocol"),
      headers: { ...readSetting("telemetry.otlp.headers") },
      resourceAttributes: { ...readSetting("telemetry.otlp.resourceAttributes") },
    },
    teamGatewayUrl: readSetting("teamGateway.url").replace(/\/+$/, ""),
  };
}
