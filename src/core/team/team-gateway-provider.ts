// A team gateway as the member's provider "team" (an OpenAI-compatible endpoint), and its address checked.
// Apart from team-gateway-client.ts so the extension's start-up code carries only this much of it.
import type { ProviderDefinition } from "../providers/provider-definitions";

export const TEAM_PROVIDER_ID = "team";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * The gateway's base URL as the user may paste it (with or without a trailing /v1), checked: https, or
 * http only on this machine (a member key must not cross a network in the clear).
 */
export function normaliseGatewayUrl(input: string): { ok: true; url: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, message: `"${input}" is not a URL: give the team gateway's address, e.g. https://switchboard.example.com` };
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
    return { ok: false, message: `${url.origin} is not https: a member key would cross the network in the clear (http is accepted only on this machine)` };
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
  return { ok: true, url: `${url.origin}${path}` };
}

export function teamGatewayProvider(url: string): ProviderDefinition {
  return { id: TEAM_PROVIDER_ID, displayName: "Team gateway", kind: "openai-compatible", baseUrl: `${url}/v1`, needsKey: true };
}
