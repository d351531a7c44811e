// "Test Connection": lists the provider's models, the cheapest call that proves the key and endpoint work.
import { request } from "./http";
import { httpErrorEvent, networkErrorEvent } from "./http-errors";
import { builtInProviders, type ProviderDefinition } from "./provider-definitions";
import { joinUrl } from "./sse-adapter";

export interface ConnectionResult {
  ok: boolean;
  status?: number;
  /** Safe to show: the key is redacted. */
  message: string;
  /**
   * What fixes a failure: the key (401/403), the endpoint (a wrong URL, a server that is not there), or
   * this machine's network (a built-in provider's own endpoint that cannot be reached: the network or a proxy).
   */
  fix?: "set-key" | "check-endpoint" | "check-network";
}

/** A built-in provider at its own public endpoint: if it cannot be reached, the network is the cause. */
export function isBuiltInEndpoint(definition: Pick<ProviderDefinition, "id" | "baseUrl">): boolean {
  return builtInProviders.some((builtIn) => builtIn.id === definition.id && builtIn.baseUrl === definition.baseUrl && !builtIn.local);
}

function modelsRequest(definition: ProviderDefinition, apiKey: string | undefined): { url: string; headers: Record<string, string> } {
  switch (definition.kind) {
    case "anthropic":
      return { url: joinUrl(definition.baseUrl, "v1/models"), headers: { "anthropic-version": "2023-06-01", ...(apiKey ? { "x-api-key": apiKey } : {}) } };
    case "gemini":
      return { url: joinUrl(definition.baseUrl, "models"), headers: apiKey ? { "x-goog-api-key": apiKey } : {} };
    default:
      return { url: joinUrl(definition.baseUrl, "models"), headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} };
  }
}

export async function testConnection(definition: ProviderDefinition, apiKey: string | undefined, timeoutMs = 10_000, builtIn = isBuiltInEndpoint(definition)): Promise<ConnectionResult> {
  const secrets = apiKey ? [apiKey] : [];
  const name = definition.displayName ?? definition.id;
  const { url, headers } = modelsRequest(definition, apiKey);
  try {
    const response = await request(url, { headers, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const body = await response.body.text();
    if (response.statusCode >= 200 && response.statusCode < 300) {
      let count: number | undefined;
      try {
        const parsed = JSON.parse(body) as { data?: unknown[]; models?: unknown[] };
        count = (parsed.data ?? parsed.models)?.length;
      } catch {
        // a 2xx that is not JSON still proves the key was accepted
      }
      return { ok: true, status: response.statusCode, message: `${name} answered HTTP ${response.statusCode}${count === undefined ? "" : `, ${count} models available`}.` };
    }
    const error = httpErrorEvent(name, response.statusCode, body, response.headers, secrets);
    if (error.kind === "auth") return { ok: false, status: response.statusCode, message: `${error.message}. The key was not accepted.`, fix: "set-key" };
    const where = `GET ${url.split("?")[0]}`;
    const hint = response.statusCode === 404 ? "the endpoint was not found: check the provider's base URL" : "the endpoint did not answer as an API of this kind";
    return { ok: false, status: response.statusCode, message: `${error.message} (${where}): ${hint}.`, fix: "check-endpoint" };
  } catch (error) {
    const failed = networkErrorEvent(name, error, false, secrets).message;
    if (builtIn) {
      return { ok: false, message: `${failed}: ${name}'s API could not be reached from this machine; check the network connection and any proxy (VS Code's http.proxy setting, or HTTPS_PROXY).`, fix: "check-network" };
    }
    return { ok: false, message: `${failed}: check the provider's base URL and that the server is running.`, fix: "check-endpoint" };
  }
}
