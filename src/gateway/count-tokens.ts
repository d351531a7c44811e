// Token counts for clients that ask before they send (Claude Code's /v1/messages/count_tokens, Gemini's
// :countTokens): the provider's own count when the model speaks the client's wire, else Switchboard's
// estimate of the same prompt. Nothing runs, so nothing is billed or recorded.
import type { ServerResponse } from "node:http";
import type { Wire } from "../core/providers/native-request";
import { estimateTokens } from "../core/spend/estimate";
import type { ChatMessage, ToolDefinition } from "../core/stream/events";
import { messageText } from "../core/stream/messages";
import type { GatewayRun } from "./gateway-run";

/** The estimate: every message's text plus the tool definitions as the model would read them. */
export function estimatePromptTokens(messages: readonly ChatMessage[], tools: readonly ToolDefinition[]): number {
  const toolText = tools.length > 0 ? JSON.stringify(tools) : "";
  return messages.reduce((sum, message) => sum + estimateTokens(messageText(message)), 0) + (toolText ? estimateTokens(toolText) : 0);
}

/** Answers with the provider's response as it came, or with `local()` in the client's shape. */
export async function countTokens(
  run: GatewayRun,
  wire: Wire,
  modelId: string | undefined,
  body: Record<string, unknown>,
  response: ServerResponse,
  local: () => unknown,
): Promise<void> {
  const native = await run.countNatively(modelId, wire, body);
  if (response.destroyed) return;
  if (native) {
    response.writeHead(native.status, { ...native.headers, "content-type": native.headers["content-type"] ?? "application/json" }).end(native.body);
    return;
  }
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(local()));
}
