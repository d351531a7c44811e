// A team's workspace policy (.switchboard/policy.json): it can only narrow what a user may do.
import { builtOnFirstUse } from "../../built-on-first-use";
import * as z from "../../zod";
import { jsonFileProblems, parseJsonFile } from "../config/parse-json-file";
import type { DataPolicyRequirement, RoutingPreferences } from "./routing-types";

const priceCap = (description: string) => z.optional(z.number().check(z.nonnegative(), z.describe(description)));
const described = <T extends z.ZodMiniType>(schema: T, description: string) => schema.check(z.describe(description)) as T;

/** Built on first use: most workspaces have no policy file, and every VS Code start loads this module. */
export const teamPolicySchema = builtOnFirstUse(() =>
  described(
    z.strictObject({
      $schema: z.optional(z.string()),
      allowedProviders: described(
        z.optional(z.array(z.string().check(z.minLength(1)))),
        'Provider ids this workspace may use; globs allowed, e.g. ["openai", "anthropic"]. Absent: every provider.',
      ),
      allowedModels: described(
        z.optional(z.array(z.string().check(z.minLength(1)))),
        'PROVIDER/MODEL ids this workspace may use; * matches anything, e.g. ["openai/gpt-4.1*", "anthropic/*"]. Absent: every model.',
      ),
      maxPrice: described(
        z.optional(
          z.strictObject({
            input: priceCap("Highest input price allowed, USD per 1M tokens."),
            output: priceCap("Highest output price allowed, USD per 1M tokens."),
          }),
        ),
        "Price caps; a user's own caps can only be lower.",
      ),
      minimumDataPolicy: described(
        z.optional(z.enum(["allow", "deny-training", "zero-retention"])),
        "The weakest data handling any request may use: deny-training excludes providers that may train on data; zero-retention also those that keep it.",
      ),
      budget: described(
        z.optional(
          z.strictObject({
            dailyUsd: priceCap("Spend limit per UTC day for this project, USD."),
            monthlyUsd: priceCap("Spend limit per UTC month for this project, USD."),
          }),
        ),
        "Per-project budget; requests that could exceed it are refused.",
      ),
      telemetry: described(
        z.optional(
          z.strictObject({
            otlpEndpoint: described(z.url(), "The OpenTelemetry Collector (OTLP/HTTP base URL, e.g. https://otel.example.com:4318) every request must be reported to."),
          }),
        ),
        "Requests are refused until OpenTelemetry export goes to this endpoint (switchboard.telemetry.otlp.endpoint in VS Code, OTEL_EXPORTER_OTLP_ENDPOINT for the CLI and gateway).",
      ),
      requireGateway: described(
        z.optional(z.url()),
        "Every request must go through this Switchboard team gateway (its address, e.g. https://switchboard.example.com; Connect to Team Gateway): models of every other provider are excluded.",
      ),
      defaultStrategy: described(z.optional(z.enum(["cheapest", "fastest", "quality", "balanced"])), "Routing strategy used when a request names no model."),
    }),
    "Switchboard team policy (.switchboard/policy.json): narrows what this workspace may use, never widens it.",
  ),
);

export type TeamPolicy = z.infer<ReturnType<typeof teamPolicySchema>>;

export type TeamPolicyResult = { ok: true; policy: TeamPolicy } | { ok: false; message: string };

/** Parses a policy file; any problem is reported with the exact path of the bad field. */
export function parseTeamPolicy(text: string, source: string): TeamPolicyResult {
  const parsed = parseJsonFile(teamPolicySchema(), text, source);
  return parsed.ok ? { ok: true, policy: parsed.value } : parsed;
}

/** Every problem in a policy file, each with the exact path of its field (for CI: fix them all at once). */
export function teamPolicyProblems(text: string, source: string): string[] {
  return jsonFileProblems(teamPolicySchema(), text, source);
}

/** Whether a provider's endpoint is the team gateway a policy requires (its address, with or without /v1). */
export function isRequiredGateway(required: string, providerBaseUrl: string): boolean {
  const base = (url: string) => url.trim().replace(/\/+$/, "").replace(/\/v1$/, "");
  return base(providerBaseUrl) === base(required);
}

/** Simple globs: * matches any run of characters (slashes included), ? one character. */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(value);
}

const DATA_POLICY_STRENGTH: Record<DataPolicyRequirement, number> = { allow: 0, "deny-training": 1, "zero-retention": 2 };

function stricterPolicy(a: DataPolicyRequirement, b: DataPolicyRequirement | undefined): DataPolicyRequirement {
  return b !== undefined && DATA_POLICY_STRENGTH[b] > DATA_POLICY_STRENGTH[a] ? b : a;
}

function lowerCap(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** The user's preferences with the team policy applied: caps only go down, data policy only up. */
export function narrowPreferences(preferences: RoutingPreferences, policy: TeamPolicy | undefined): RoutingPreferences {
  if (!policy) return preferences;
  return {
    ...preferences,
    strategy: preferences.strategy ?? (preferences.model ? undefined : policy.defaultStrategy),
    dataPolicy: stricterPolicy(preferences.dataPolicy ?? "allow", policy.minimumDataPolicy),
    maxPrice: {
      input: lowerCap(preferences.maxPrice?.input, policy.maxPrice?.input),
      output: lowerCap(preferences.maxPrice?.output, policy.maxPrice?.output),
    },
  };
}
