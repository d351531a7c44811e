// The configuration shared by the CLI's --config file and the extension's settings: custom providers and
// model price/context overrides. Built-in providers and the bundled catalog apply unless overridden.
import { builtOnFirstUse } from "../../built-on-first-use";
import * as z from "../../zod";
import { providerSchemas } from "../providers/provider-definitions";
import { parseJsonFile } from "./parse-json-file";

/** A provider the user adds (schemas built on first use, like every schema the engine's start need not read). */
export const configProviderSchema = builtOnFirstUse(() =>
  z.extend(providerSchemas().providerDefinitionSchema, {
    kind: z.enum(["openai-compatible", "anthropic", "gemini"]),
  }),
);

const usd = () => z.optional(z.number().check(z.nonnegative()));

export const switchboardConfigSchema = builtOnFirstUse(() =>
  z.strictObject({
    providers: z._default(z.array(configProviderSchema()), []),
    /** Validated entry by entry by the catalog, so one bad model does not discard the rest. */
    models: z._default(z.array(z.unknown()), []),
    /** Global spend limits in USD (a team policy may add per-project ones). */
    budgets: z.optional(
      z.strictObject({
        sessionUsd: usd(),
        dailyUsd: usd(),
        monthlyUsd: usd(),
        warnAt: z.optional(z.number().check(z.gt(0), z.lte(1))),
      }),
    ),
  }),
);

export type SwitchboardConfig = z.infer<ReturnType<typeof switchboardConfigSchema>>;

export type ConfigResult = { ok: true; config: SwitchboardConfig } | { ok: false; message: string };

export function parseConfig(text: string, source: string): ConfigResult {
  const parsed = parseJsonFile(switchboardConfigSchema(), text, source);
  return parsed.ok ? { ok: true, config: parsed.value } : parsed;
}
