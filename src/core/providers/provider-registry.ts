// Which providers exist (built-in plus user-defined) and how to build a ready-to-call adapter for one.
import { createAnthropicProvider } from "./anthropic";
import { DemoProvider } from "./demo-provider";
import { createGeminiProvider } from "./gemini";
import { createOpenAICompatibleProvider } from "./openai-compatible";
import { builtInProviders, needsKey, type ProviderDefinition } from "./provider-definitions";
import type { ChatProvider } from "../stream/events";

export type KeyLookup = (definition: ProviderDefinition) => string | undefined;

export type ProviderResult = { ok: true; provider: ChatProvider } | { ok: false; message: string };

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
  ) {
    this.definitions = new Map(definitions.map((definition) => [definition.id, definition]));
  }

  list(): ProviderDefinition[] {
    return [...this.definitions.values()];
  }

  get(id: string): ProviderDefinition | undefined {
    return this.definitions.get(id);
  }

  /** An adapter for the provider, or why there is none (unknown id, missing key). */
  create(id: string): ProviderResult {
    const definition = this.definitions.get(id);
    if (!definition) {
      return { ok: false, message: `unknown provider "${id}" (known: ${[...this.definitions.keys()].join(", ")})` };
    }
    if (definition.kind === "demo") return { ok: true, provider: this.demo };
    const apiKey = this.lookupKey(definition);
    if (needsKey(definition) && !apiKey) {
      return {
        ok: false,
        message: definition.apiKeyEnv
          ? `no API key for ${id}: set the environment variable ${definition.apiKeyEnv}`
          : `no API key for ${id}: run "Switchboard: Set API Key"`,
      };
    }
    const config = { id, baseUrl: definition.baseUrl, apiKey };
    switch (definition.kind) {
      case "openai-compatible":
        return { ok: true, provider: createOpenAICompatibleProvider(config) };
      case "anthropic":
        return { ok: true, provider: createAnthropicProvider(config) };
      case "gemini":
        return { ok: true, provider: createGeminiProvider(config) };
    }
  }
}
