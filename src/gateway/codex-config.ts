// Codex CLI 0.169 reads no base-URL variable (OPENAI_BASE_URL was removed upstream): a gateway is a model
// provider in its configuration. Switchboard's is a profile file of its own, $CODEX_HOME/switchboard.config.toml
// (Codex 0.169 reads `--profile NAME` from NAME.config.toml beside config.toml), so the user's config.toml
// is never touched and `codex` without the profile works as before.
import { homedir } from "node:os";
import { join } from "node:path";

export const CODEX_PROFILE = "switchboard";
/** The variable Codex reads the gateway token from (the provider's env_key). */
export const CODEX_TOKEN_VARIABLE = "SWITCHBOARD_GATEWAY_TOKEN";

const HEADER = "# Written by Switchboard: `codex --profile switchboard` goes through its gateway (the token from $SWITCHBOARD_GATEWAY_TOKEN).";

/** $CODEX_HOME/switchboard.config.toml, in ~/.codex by default. */
export function codexProfileFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.CODEX_HOME || join(homedir(), ".codex"), `${CODEX_PROFILE}.config.toml`);
}

const tomlString = (value: string) => JSON.stringify(value);

/** The profile: the gateway as a Responses API provider, used by this profile (with a model if one is set). */
export function codexProfile(gatewayUrl: string, model?: string): string {
  return [
    HEADER,
    `model_provider = "${CODEX_PROFILE}"`,
    ...(model ? [`model = ${tomlString(model)}`] : []),
    "",
    `[model_providers.${CODEX_PROFILE}]`,
    'name = "Switchboard"',
    `base_url = ${tomlString(`${gatewayUrl.replace(/\/+$/, "")}/v1`)}`,
    `env_key = "${CODEX_TOKEN_VARIABLE}"`,
    'wire_api = "responses"',
    "supports_websockets = false",
    "",
  ].join("\n");
}

export type CodexProfileChange = { kind: "unchanged" } | { kind: "written"; text: string } | { kind: "conflict"; message: string };

/** Writes the profile where there is none or Switchboard's own; a profile of that name the user wrote is theirs. */
export function codexProfileChange(existing: string | undefined, profile: string): CodexProfileChange {
  if (existing === profile) return { kind: "unchanged" };
  if (existing !== undefined && !existing.startsWith(HEADER)) {
    return { kind: "conflict", message: `it holds a "${CODEX_PROFILE}" profile of your own: point its provider's base_url at the gateway, or remove the file and try again` };
  }
  return { kind: "written", text: profile };
}
