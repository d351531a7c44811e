// VS Code's chat messages as Switchboard's normalised request. The provider sorts each part into one of
// these kinds (it knows VS Code's classes); this file decides what each kind becomes. Pure.
import type { ChatMessage, ContentPart, ToolCall, ToolChoice, ToolDefinition } from "../../core/stream/events";

export type SortedPart =
  | { kind: "text"; text: string }
  | { kind: "data"; mimeType: string; data: Uint8Array }
  | { kind: "tool-call"; callId: string; name: string; input: unknown }
  | { kind: "tool-result"; callId: string; content: SortedPart[] }
  /** Thinking, prompt-tsx and parts from newer VS Code versions: not sent to the model. */
  | { kind: "other" };

export interface SortedMessage {
  role: "user" | "assistant" | "system";
  parts: SortedPart[];
}

/** What a tool result or a data part says as text: text parts, and data parts that hold text or JSON. */
function partsText(parts: readonly SortedPart[]): string {
  return parts
    .flatMap((part) => {
      if (part.kind === "text") return [part.text];
      if (part.kind === "data" && isTextual(part.mimeType)) return [new TextDecoder().decode(part.data)];
      return [];
    })
    .join("");
}

const isTextual = (mimeType: string) => mimeType.startsWith("text/") || mimeType === "application/json";

function imageUrl(part: Extract<SortedPart, { kind: "data" }>): string {
  return `data:${part.mimeType};base64,${Buffer.from(part.data).toString("base64")}`;
}

/**
 * `signatureOf` returns what a provider attached to a call the model made earlier (Gemini's thought
 * signature), which VS Code's tool-call part has no room for and which must travel back with it.
 */
export function toChatMessages(messages: readonly SortedMessage[], signatureOf: (callId: string) => string | undefined = () => undefined): ChatMessage[] {
  const result: ChatMessage[] = [];
  for (const message of messages) {
    if (message.role === "system") {
      result.push({ role: "system", content: partsText(message.parts) });
      continue;
    }
    if (message.role === "assistant") {
      const toolCalls: ToolCall[] = message.parts.flatMap((part) => {
        if (part.kind !== "tool-call") return [];
        const signature = signatureOf(part.callId);
        return [{ id: part.callId, name: part.name, arguments: JSON.stringify(part.input ?? {}), ...(signature ? { signature } : {}) }];
      });
      result.push({ role: "assistant", content: partsText(message.parts), ...(toolCalls.length > 0 ? { toolCalls } : {}) });
      continue;
    }
    // A user turn carries the results of the calls just made: they answer those calls first, as every
    // provider's API wants them straight after the assistant turn that made the calls.
    for (const part of message.parts) if (part.kind === "tool-result") result.push({ role: "tool", toolCallId: part.callId, content: partsText(part.content) });
    const content: ContentPart[] = message.parts.flatMap((part): ContentPart[] => {
      if (part.kind === "text") return part.text ? [{ type: "text", text: part.text }] : [];
      if (part.kind === "data" && part.mimeType.startsWith("image/")) return [{ type: "image", url: imageUrl(part) }];
      if (part.kind === "data" && isTextual(part.mimeType)) return [{ type: "text", text: new TextDecoder().decode(part.data) }];
      return [];
    });
    if (content.length === 0) continue;
    result.push({ role: "user", content: content.every((part) => part.type === "text") ? content.map((part) => (part as { text: string }).text).join("") : content });
  }
  return result;
}

export interface ChatTool {
  name: string;
  description: string;
  inputSchema?: object;
}

export function toToolDefinitions(tools: readonly ChatTool[]): ToolDefinition[] {
  return tools.map((tool) => ({
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    // A tool without a schema takes no arguments; every provider wants an object schema anyway.
    parameters: (tool.inputSchema as Record<string, unknown> | undefined) ?? { type: "object", properties: {} },
  }));
}

/** VS Code's Required mode with one tool names it; with several, the model must call one of them. */
export function toToolChoice(required: boolean, tools: readonly ChatTool[]): ToolChoice | undefined {
  if (tools.length === 0) return undefined;
  if (!required) return "auto";
  return tools.length === 1 ? { name: tools[0]!.name } : "required";
}

/** A tool call's arguments as the object VS Code's tool-call part carries. */
export function toolInput(argumentsJson: string): { ok: true; input: object } | { ok: false; message: string } {
  try {
    const value: unknown = JSON.parse(argumentsJson || "{}");
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return { ok: true, input: value };
    return { ok: false, message: `its arguments are not a JSON object: ${argumentsJson.slice(0, 120)}` };
  } catch {
    return { ok: false, message: `its arguments are not valid JSON: ${argumentsJson.slice(0, 120)}` };
  }
}
