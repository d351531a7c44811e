// Which providers exist (built-in plus user-defined) and how to build a ready-to-call adapter for one.
import { createAnthropicProvider } from "./anthropic";
import { DemoProvider } from "./demo-provider";
import { createGeminiProvider } from "./gemini";
import { createOpenAICompatibleProvider } from "./openai-compatible";
import { createOpenAIResponsesProvider } from "./openai-responses";
import { builtInProviders, needsKey, type ProviderDefinition } from "./provider-definitions";
import type { ChatProvider } from "../stream/events";
import { type ModelInfo, splitModelId } from "../catalog/model-info";

export type KeyLookup = (definition: ProviderDefinition) => string | undefined;

export type ProviderResult = { ok: true; provider: ChatProvider } | { ok: false; message: string };

/** How each face tells the user to fix key problems: the CLI names environment variables, VS Code its commands. */
export interface KeyAdvice {
  /** The provider takes a key and none is set. */
  missingKey(definition: ProviderDefinition): string;
  /** A provider set up without a key (local, or needsKey false) answered 401/403. */
  keylessRejected(definition: ProviderDefinition): string;
}

export const CLI_KEY_ADVICE: KeyAdvice = {
  missingKey: (definition) =>
    definition.apiKeyEnv
      ? `no API key for ${definition.id}: set the environment variable ${definition.apiKeyEnv}`
      : `no API key for ${definition.id}: give it an "apiKeyEnv" in the config's providers and set that variable`,
  keylessRejected: (definition) =>
    `${definition.id} is set up without a key, but the server asks for one: give it an "apiKeyEnv" in the config's providers (and "needsKey": true), then set that variable`,
};

/** User definitions replace built-in ones with the same id and add new ones. */
export function mergeProviders(user: readonly ProviderDefinition[], base: readonly ProviderDefinition[] = builtInProviders): ProviderDefinition[] {
  const byId = new Map(base.map((definition) => [definition.id, definition]));
  for (const definition of user) byId.set(definition.id, { ...byId.get(definition.id), ...definition });
  return [...byId.values()];
}

export class ProviderRegistry {
  private readonly definitions: Map<string, ProviderDefinition>;

  constructor(
    definitions: readonly ProviderDefinition[],
    private readonly lookupKey: KeyLookup,
    private readonly demo: ChatProvider = new DemoProvider(),
    private readonly advice: KeyAdvice = CLI_KEY_ADVICE,
  ) {
    this.definitions = new Map(definitions.map((definition) => [definition.id, definition]));
  }

  list(): ProviderDefinition[] {
    return [...this.definitions.values()];
  }

  get(id: string): ProviderDefinition | undefined {
    return this.definitions.get(id);
  }

  /** The models whose provider can be called now: configured, with its key when it takes one. */
  callable(models: readonly ModelInfo[]): ModelInfo[] {
    return models.filter((model) => this.create(splitModelId(model.id).provider).ok);
  }

  /** An adapter for the provider, or why there is none (unknown id, missing key). */
  create(id: string): ProviderResult {
    const definition = this.definitions.get(id);
    if (!definition) {
      return { ok: false, message: `unknown provider "${id}" (known: ${[...this.definitions.keys()].join(", ")})` };
    }
    if (definition.kind === "demo") return { ok: true, provider: this.demo };
    const apiKey = this.lookupKey(definition);
    if (needsKey(definition) && !apiKey) return { ok: false, message: this.advice.missingKey(definition) };
    // A keyless provider's 401/403 says so and how to fix it, instead of a generic "rejected the key".
    const config = { id, baseUrl: definition.baseUrl, apiKey, ...(apiKey ? {} : { authAdvice: this.advice.keylessRejected(definition) }) };
    const provider =
      definition.kind === "anthropic"
        ? createAnthropicProvider(config)
        : definition.kind === "gemini"
          ? createGeminiProvider(config)
          : definition.api === "responses"
            ? createOpenAIResponsesProvider(config)
            : createOpenAICompatibleProvider(config);
    return { ok: true, provider };
  }
}
