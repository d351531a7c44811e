// Every setting's schema and default (keys relative to "switchboard."), apart from VS Code so tests can
// hold them to package.json. A schema is built the first time its setting is read with a value other
// than its default: zod builds a schema's whole object graph, and most settings stay at their default.
import type { ProviderDefinition } from "../core/providers/provider-definitions";
import type { DataPolicyRequirement, MaxPrice, Strategy } from "../core/routing/routing-types";
import { configProviderSchema } from "../core/config/switchboard-config";
import { builtOnFirstUse } from "../built-on-first-use";
import * as z from "../zod";

const modelId = () => z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*\/.+$/, "use PROVIDER/MODEL, e.g. openai/gpt-5.4-mini"));
const usd = () => z.optional(z.nullable(z.number().check(z.nonnegative())));
const nonnegative = () => z.optional(z.number().check(z.nonnegative()));

/** Each setting: how to build its schema, and its default. */
export const SETTINGS = {
  "compare.defaultModels": { schema: () => z.array(modelId()).check(z.minLength(1, "name at least one model"), z.maxLength(6, "at most six models")), fallback: ["demo/swift-mini", "demo/sage-large"] },
  "routing.strategy": { schema: () => z.enum(["cheapest", "fastest", "quality", "balanced"]), fallback: "balanced" as Strategy },
  "routing.candidates": { schema: () => z.array(modelId()), fallback: [] as string[] },
  "routing.fallbacks": { schema: () => z.array(modelId()), fallback: [] as string[] },
  "routing.maxPrice": { schema: () => z.strictObject({ input: nonnegative(), output: nonnegative() }), fallback: {} as MaxPrice },
  "routing.dataPolicy": { schema: () => z.enum(["allow", "deny-training", "zero-retention"]), fallback: "allow" as DataPolicyRequirement },
  "routing.timeoutMs": { schema: () => z.int().check(z.gte(1000), z.lte(600_000)), fallback: 30_000 },
  "budgets.sessionUsd": { schema: usd, fallback: null },
  "budgets.dailyUsd": { schema: usd, fallback: null },
  "budgets.monthlyUsd": { schema: usd, fallback: null },
  "budgets.warnAt": { schema: () => z.number().check(z.gte(0.1), z.lte(1)), fallback: 0.8 },
  "providers": { schema: () => z.array(z.omit(configProviderSchema(), { apiKeyEnv: true })), fallback: [] as ProviderDefinition[] },
  "models": { schema: () => z.array(z.unknown()), fallback: [] as unknown[] },
  "ledger.storePrompts": { schema: () => z.boolean(), fallback: false },
  "ledger.path": { schema: () => z.string().check(z.regex(/^$|^~(\/|\\|$)|^\/|^[A-Za-z]:[\\/]|^\\\\/, "use an absolute path (or ~/…), or leave it empty for the one ledger the CLI and gateway use too")), fallback: "" as string },
  "catalog.autoImportOpenRouter": { schema: () => z.boolean(), fallback: false },
  "catalog.source": { schema: () => z.enum(["bundled", "models.dev", "openrouter"]), fallback: "bundled" as "bundled" | "models.dev" | "openrouter" },
  "catalog.sourceUrl": { schema: () => z.union([z.literal(""), z.url()]), fallback: "" },
  "catalog.autoRefreshDays": { schema: () => z.int().check(z.gte(0), z.lte(365)), fallback: 0 },
  "demo.show": { schema: () => z.enum(["auto", "always", "never"]), fallback: "auto" as "auto" | "always" | "never" },
  "gateway.port": { schema: () => z.int().check(z.gte(0), z.lte(65_535)), fallback: 8787 },
  "gateway.autoStart": { schema: () => z.boolean(), fallback: false },
  "teamGateway.url": { schema: () => z.union([z.literal(""), z.url()]), fallback: "" },
  "agents.routeThroughSwitchboard": { schema: () => z.boolean(), fallback: false },
  "agents.model": { schema: () => z.union([z.literal(""), modelId()]), fallback: "" },
  "telemetry.otlp.endpoint": { schema: () => z.string(), fallback: "" },
  "telemetry.otlp.protocol": { schema: () => z.enum(["http/protobuf", "http/json"]), fallback: "http/protobuf" as "http/protobuf" | "http/json" },
  "telemetry.otlp.headers": { schema: () => z.record(z.string(), z.string()), fallback: {} as Record<string, string> },
  "telemetry.otlp.resourceAttributes": { schema: () => z.record(z.string(), z.string()), fallback: {} as Record<string, string> },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]["fallback"];

const schemas = Object.fromEntries(Object.entries(SETTINGS).map(([key, { schema }]) => [key, builtOnFirstUse<z.ZodMiniType>(schema)])) as Record<SettingKey, () => z.ZodMiniType>;

/** The setting's schema, built the first time it is needed. */
export function settingSchema(key: SettingKey): z.ZodMiniType {
  return schemas[key]();
}
