// The environment variables that point each coding agent at the gateway, as their documentation names
// them: Claude Code reads ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN (sent as a bearer token), Gemini
// CLI GOOGLE_GEMINI_BASE_URL and GEMINI_API_KEY (with "Use Gemini API key" chosen as its auth). Codex CLI
// reads no base URL from its environment: its provider entry (codex-config.ts) names the gateway and the
// variable it takes the token from.
import { CODEX_TOKEN_VARIABLE } from "./codex-config";

export interface AgentVariable {
  name: string;
  value: string;
  /** Whose variable it is, for the message that says what was set. */
  agent: "Claude Code" | "Gemini CLI" | "Codex CLI";
  /** The value is the gateway token: never shown. */
  secret?: boolean;
}

/** `model`: PROVIDER/MODEL or switchboard/auto for every agent, or undefined to keep each agent's own. */
export function agentEnvironment(url: string, token: string, model?: string): AgentVariable[] {
  return [
    { name: "ANTHROPIC_BASE_URL", value: url, agent: "Claude Code" },
    { name: "ANTHROPIC_AUTH_TOKEN", value: token, agent: "Claude Code", secret: true },
    ...(model
      ? [
          { name: "ANTHROPIC_MODEL", value: model, agent: "Claude Code" as const },
          // Claude Code's background tasks (titles, summaries) use the small model.
          { name: "ANTHROPIC_DEFAULT_HAIKU_MODEL", value: model, agent: "Claude Code" as const },
        ]
      : []),
    { name: "GOOGLE_GEMINI_BASE_URL", value: url, agent: "Gemini CLI" },
    { name: "GEMINI_API_KEY", value: token, agent: "Gemini CLI", secret: true },
    ...(model ? [{ name: "GEMINI_MODEL", value: model, agent: "Gemini CLI" as const }] : []),
    { name: CODEX_TOKEN_VARIABLE, value: token, agent: "Codex CLI", secret: true },
  ];
}

/** "Claude Code: ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN; Gemini CLI: …" (names only, never values). */
export function describeAgentEnvironment(variables: readonly AgentVariable[]): string {
  const byAgent = new Map<string, string[]>();
  for (const variable of variables) byAgent.set(variable.agent, [...(byAgent.get(variable.agent) ?? []), variable.name]);
  return [...byAgent].map(([agent, names]) => `${agent}: ${names.join(", ")}`).join("; ");
}
