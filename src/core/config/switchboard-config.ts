// The configuration shared by the CLI's --config file and the extension's settings: custom providers and
// model price/context overrides. Built-in providers and the bundled catalog apply unless overridden.
import * as z from "zod";
import { providerDefinitionSchema } from "../providers/provider-definitions";
import { parseJsonFile } from "./parse-json-file";

export const configProviderSchema = providerDefinitionSchema.extend({
  kind: z.enum(["openai-compatible", "anthropic", "gemini"]),
});

export const switchboardConfigSchema = z
  .object({
    providers: z.array(configProviderSchema).default([]),
    /** Validated entry by entry by the catalog, so one bad model does not discard the rest. */
    models: z.array(z.unknown()).default([]),
    /** Global spend limits in USD (a team policy may add per-project ones). */
    budgets: z
      .object({
        sessionUsd: z.number().nonnegative().optional(),
        dailyUsd: z.number().nonnegative().optional(),
        monthlyUsd: z.number().nonnegative().optional(),
        warnAt: z.number().gt(0).lte(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type SwitchboardConfig = z.infer<typeof switchboardConfigSchema>;

export type ConfigResult = { ok: true; config: SwitchboardConfig } | { ok: false; message: string };

export function parseConfig(text: string, source: string): ConfigResult {
  const parsed = parseJsonFile(switchboardConfigSchema, text, source);
  return parsed.ok ? { ok: true, config: parsed.value } : parsed;
}
