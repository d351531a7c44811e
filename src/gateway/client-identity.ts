// Who sent a gateway request, and which of its sessions: the ledger's `caller` and `session`, so spend
// can be read per agent and per agent session. Read from what each client already sends.
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";

const header = (request: IncomingMessage, name: string) => {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
};

/** User-agent prefixes of known clients, first match wins. */
const CLIENTS: ReadonlyArray<[RegExp, string]> = [
  [/^claude-cli\//i, "claude-code"],
  [/^GeminiCLI/i, "gemini-cli"],
  [/^codex/i, "codex"],
  [/^opencode/i, "opencode"],
  [/^Anthropic\//i, "anthropic-sdk"],
  [/^OpenAI\//i, "openai-sdk"],
  [/^ai-sdk\//i, "ai-sdk"],
  [/^curl\//i, "curl"],
  [/^python-requests\//i, "python-requests"],
];

/**
 * The client's name: `x-switchboard-caller` when it says so, a known agent or SDK by its user agent (the
 * SDKs also announce themselves in x-stainless-lang), else the user agent's product name.
 */
export function callerOf(request: IncomingMessage): string | undefined {
  const stated = header(request, "x-switchboard-caller");
  if (stated) return stated.slice(0, 64);
  const agent = header(request, "user-agent") ?? "";
  for (const [pattern, name] of CLIENTS) if (pattern.test(agent)) return name;
  if (header(request, "x-stainless-lang")) return header(request, "anthropic-version") ? "anthropic-sdk" : "openai-sdk";
  if (/google-genai-sdk/i.test(header(request, "x-goog-api-client") ?? "")) return "google-genai-sdk";
  const product = /^([\w.-]+)\//.exec(agent)?.[1];
  return product ? product.slice(0, 64) : undefined;
}

const UUIDISH = /^[\w-]{8,80}$/;

/** Claude Code's metadata.user_id: a JSON text with session_id (2.x), or "user_..._session_ID" (1.x). */
function claudeCodeSession(body: unknown): string | undefined {
  const userId = (body as { metadata?: { user_id?: unknown } } | null)?.metadata?.user_id;
  if (typeof userId !== "string") return undefined;
  try {
    const parsed = JSON.parse(userId) as { session_id?: unknown };
    if (typeof parsed.session_id === "string" && UUIDISH.test(parsed.session_id)) return parsed.session_id;
  } catch {
    // the older plain form
  }
  return /_session_([\w-]{8,80})$/.exec(userId)?.[1];
}

/**
 * Gemini CLI sends no session id to the Gemini API, but every turn of a conversation re-sends its history
 * from the same first turn (the CLI's session context): its hash names the conversation.
 */
function conversationHash(body: unknown): string | undefined {
  const first = (body as { contents?: unknown[] } | null)?.contents?.[0];
  if (first === undefined) return undefined;
  return `conv-${createHash("sha256").update(JSON.stringify(first)).digest("hex").slice(0, 16)}`;
}

/** The agent session this request belongs to, when the client says (or, for Gemini CLI, shows) it. */
export function sessionOf(request: IncomingMessage, body: unknown, caller: string | undefined): string | undefined {
  // Codex CLI sends its session as session-id.
  const stated = header(request, "x-switchboard-session") ?? header(request, "x-claude-code-session-id") ?? header(request, "session-id");
  if (stated && UUIDISH.test(stated)) return stated;
  const fromMetadata = claudeCodeSession(body);
  if (fromMetadata) return fromMetadata;
  return caller === "gemini-cli" ? conversationHash(body) : undefined;
}
