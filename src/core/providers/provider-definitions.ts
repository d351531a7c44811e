// Built-in providers: wire kind, default endpoint, where the CLI finds the key, and data handling.
// Data policies summarise each provider's published API terms (source given); unknown means "not vetted".
import { builtOnFirstUse } from "../../built-on-first-use";
import * as z from "../../zod";
import type { Wire } from "./native-request";

/** The schemas, built on first use: only a user's own provider entries (settings, --config) are checked. */
function buildProviderSchemas() {
  const providerKindSchema = z.enum(["openai-compatible", "anthropic", "gemini", "demo"]);

  /** Which of OpenAI's APIs an OpenAI-compatible endpoint is called with. */
  const openAIApiSchema = z.enum(["chat", "responses"]);

  const dataPolicySchema = z.object({
    /** The provider may train on API inputs/outputs by default. */
    trainsOnData: z.boolean(),
    /** The provider keeps inputs/outputs after the call (e.g. 30-day abuse monitoring). */
    retainsData: z.boolean(),
    source: z.optional(z.string()),
  });

  const providerDefinitionSchema = z.object({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes")),
    displayName: z.optional(z.string().check(z.minLength(1))),
    kind: providerKindSchema,
    /** For "openai-compatible": Chat Completions ("chat", the default) or the Responses API ("responses"). */
    api: z.optional(openAIApiSchema),
    baseUrl: z.url(),
    /** Environment variable the CLI reads the key from; absent for local servers that need none. */
    apiKeyEnv: z.optional(z.string().check(z.regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name like ACME_API_KEY"))),
    dataPolicy: z.optional(dataPolicySchema),
    local: z.optional(z.boolean()),
    /** Whether calls need an API key; defaults to "yes" when a key variable is named. */
    needsKey: z.optional(z.boolean()),
  });
  return { providerKindSchema, openAIApiSchema, dataPolicySchema, providerDefinitionSchema };
}

export type ProviderSchemas = ReturnType<typeof buildProviderSchemas>;
export const providerSchemas = builtOnFirstUse(buildProviderSchemas);

/** The wire a provider's adapter speaks. */
export function wireOfDefinition(definition: Pick<ProviderDefinition, "kind" | "api">): Wire | undefined {
  if (definition.kind === "openai-compatible") return definition.api === "responses" ? "responses" : "openai";
  return definition.kind === "demo" ? undefined : definition.kind;
}

export function needsKey(definition: ProviderDefinition): boolean {
  return definition.kind !== "demo" && !definition.local && (definition.needsKey ?? definition.apiKeyEnv !== undefined);
}

export type ProviderKind = z.infer<ProviderSchemas["providerKindSchema"]>;
export type DataPolicy = z.infer<ProviderSchemas["dataPolicySchema"]>;
export type ProviderDefinition = z.infer<ProviderSchemas["providerDefinitionSchema"]>;

const noTrainingRetains30Days = (source: string): DataPolicy => ({ trainsOnData: false, retainsData: true, source });

export const builtInProviders: readonly ProviderDefinition[] = [
  {
    id: "openai",
    displayName: "OpenAI",
    kind: "openai-compatible",
    // OpenAI's newest models are served only on the Responses API.
    api: "responses",
    baseUrl: "https://api.openai.com/v1",
    apiKeyEnv: "OPENAI_API_KEY",
    dataPolicy: noTrainingRetains30Days("https://openai.com/enterprise-privacy (API data not used for training; 30-day abuse monitoring)"),
  },
  {
    id: "anthropic",
    displayName: "Anthropic",
    kind: "anthropic",
    baseUrl: "https://api.anthropic.com",
    apiKeyEnv: "ANTHROPIC_API_KEY",
    dataPolicy: noTrainingRetains30Days("https://privacy.anthropic.com (commercial API inputs not used for training; retained up to 30 days)"),
  },
  {
    id: "google",
    displayName: "Google Gemini",
    kind: "gemini",
    baseUrl: "https://generativelanguage.googleapis.com/v1beta",
    apiKeyEnv: "GEMINI_API_KEY",
    dataPolicy: {
      trainsOnData: true,
      retainsData: true,
      source: "https://ai.google.dev/gemini-api/terms (unpaid tier may be used to improve products; paid tier is not)",
    },
  },
  {
    id: "mistral",
    displayName: "Mistral",
    kind: "openai-compatible",
    baseUrl: "https://api.mistral.ai/v1",
    apiKeyEnv: "MISTRAL_API_KEY",
    dataPolicy: noTrainingRetains30Days("https://mistral.ai/terms (paid API inputs not used for training; 30-day abuse monitoring)"),
  },
  {
    id: "groq",
    displayName: "Groq",
    kind: "openai-compatible",
    baseUrl: "https://api.groq.com/openai/v1",
    apiKeyEnv: "GROQ_API_KEY",
    dataPolicy: { trainsOnData: false, retainsData: false, source: "https://console.groq.com/docs/your-data (no training; not retained by default)" },
  },
  {
    id: "deepseek",
    displayName: "DeepSeek",
    kind: "openai-compatible",
    baseUrl: "https://api.deepseek.com/v1",
    apiKeyEnv: "DEEPSEEK_API_KEY",
    dataPolicy: { trainsOnData: true, retainsData: true, source: "https://platform.deepseek.com/downloads/DeepSeek%20Open%20Platform%20Terms%20of%20Service.html" },
  },
  {
    id: "xai",
    displayName: "xAI",
    kind: "openai-compatible",
    baseUrl: "https://api.x.ai/v1",
    apiKeyEnv: "XAI_API_KEY",
    dataPolicy: noTrainingRetains30Days("https://x.ai/legal/terms-of-service-enterprise (API data not used for training; retained 30 days)"),
  },
  {
    id: "openrouter",
    displayName: "OpenRouter",
    kind: "openai-compatible",
    baseUrl: "https://openrouter.ai/api/v1",
    apiKeyEnv: "OPENROUTER_API_KEY",
    // Depends on the upstream provider OpenRouter picks: not vetted as a whole.
  },
  {
    id: "together",
    displayName: "Together AI",
    kind: "openai-compatible",
    baseUrl: "https://api.together.xyz/v1",
    apiKeyEnv: "TOGETHER_API_KEY",
    dataPolicy: { trainsOnData: false, retainsData: true, source: "https://www.together.ai/privacy (opt-out of training by default for API)" },
  },
  {
    id: "fireworks",
    displayName: "Fireworks AI",
    kind: "openai-compatible",
    baseUrl: "https://api.fireworks.ai/inference/v1",
    apiKeyEnv: "FIREWORKS_API_KEY",
    dataPolicy: { trainsOnData: false, retainsData: false, source: "https://fireworks.ai/privacy-policy (zero data retention for open models)" },
  },
  {
    id: "perplexity",
    displayName: "Perplexity",
    kind: "openai-compatible",
    baseUrl: "https://api.perplexity.ai",
    apiKeyEnv: "PERPLEXITY_API_KEY",
  },
  {
    id: "ollama",
    displayName: "Ollama (local)",
    kind: "openai-compatible",
    baseUrl: "http://127.0.0.1:11434/v1",
    local: true,
    dataPolicy: { trainsOnData: false, retainsData: false, source: "runs on this machine" },
  },
  {
    id: "demo",
    displayName: "Demo (simulated)",
    kind: "demo",
    baseUrl: "http://demo.invalid/",
    local: true,
    dataPolicy: { trainsOnData: false, retainsData: false, source: "simulated in-process; nothing leaves the machine" },
  },
];
