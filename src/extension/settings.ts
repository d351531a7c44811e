// Reads and validates Switchboard's settings. An invalid value is shown once as a warning naming the
// setting and what is wrong, with an action to open it; that value falls back to its default.
import * as vscode from "vscode";
import type { ProviderDefinition } from "../core/providers/provider-definitions";
import type { BudgetLimits } from "../core/spend/budget";
import type { DataPolicyRequirement, MaxPrice, Strategy } from "../core/routing/routing-types";
import type { OtlpSettings } from "../core/telemetry/otlp-config";
import type { ZodError } from "../zod";
import { getLog } from "./log";
import { SETTINGS, type SettingKey, type SettingValue, settingSchema } from "./setting-schemas";

const warned = new Set<string>();

function describe(error: ZodError): string {
  const issue = error.issues[0];
  const path = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${path}${issue?.message ?? "invalid"}`;
}

function isDefault(value: unknown, fallback: unknown): boolean {
  return value === fallback || (typeof value === "object" && value !== null && JSON.stringify(value) === JSON.stringify(fallback));
}

/** Callers get their own copy of a default list or object, as they do of a parsed value. */
function copyOf<T>(fallback: T): T {
  return typeof fallback === "object" && fallback !== null ? structuredClone(fallback) : fallback;
}

export function readSetting<K extends SettingKey>(key: K): SettingValue<K> {
  const { fallback } = SETTINGS[key];
  const value = vscode.workspace.getConfiguration("switchboard").get<unknown>(key);
  const name = `switchboard.${key}`;
  // A setting left at its default (most of them, at every start) is valid as it is: no schema is built.
  if (value === undefined || isDefault(value, fallback)) {
    warned.delete(name);
    return copyOf(fallback);
  }
  const parsed = settingSchema(key).safeParse(value);
  if (parsed.success) {
    warned.delete(name);
    return (parsed.data ?? copyOf(fallback)) as SettingValue<K>;
  }
  const text = `Switchboard: the setting "${name}" is invalid (${describe(parsed.error)}); using its default until it is fixed.`;
  if (!warned.has(name)) {
    warned.add(name);
    getLog().warn(text);
    void vscode.window.showWarningMessage(text, "Open Setting").then((choice) => {
      if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", name);
    });
  }
  return copyOf(fallback);
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
