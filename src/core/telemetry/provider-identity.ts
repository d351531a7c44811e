// How a provider is named in telemetry: the GenAI semantic conventions' well-known gen_ai.provider.name
// for a built-in provider at its own address, the provider's id otherwise; and the server it talks to.
import { builtInProviders, type ProviderDefinition } from "../providers/provider-definitions";

/** Built-in ids whose service the conventions name (gen_ai.provider.name's well-known values). */
const WELL_KNOWN: Record<string, string> = {
  openai: "openai",
  anthropic: "anthropic",
  google: "gcp.gemini",
  mistral: "mistral_ai",
  groq: "groq",
  deepseek: "deepseek",
  xai: "x_ai",
  perplexity: "perplexity",
};

export interface ProviderIdentity {
  /** gen_ai.provider.name */
  name: string;
  serverAddress?: string;
  serverPort?: number;
}

export function providerIdentity(id: string, definition: ProviderDefinition | undefined): ProviderIdentity {
  const builtIn = builtInProviders.find((provider) => provider.id === id);
  // A user's definition under a built-in id pointed elsewhere (a proxy, a local server) is not that service.
  const sameService = builtIn !== undefined && (definition === undefined || definition.baseUrl === builtIn.baseUrl);
  const name = sameService && WELL_KNOWN[id] ? WELL_KNOWN[id] : id;
  const baseUrl = definition?.baseUrl ?? builtIn?.baseUrl;
  // The demo runs in-process: there is no server to name.
  if (!baseUrl || (definition ?? builtIn)?.kind === "demo") return { name };
  try {
    const url = new URL(baseUrl);
    const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    return { name, serverAddress: url.hostname, serverPort: port };
  } catch {
    return { name };
  }
}
