// The request half of the Anthropic Messages wire: system apart, tool results as user-turn
// tool_result blocks, assistant tool calls as tool_use blocks, images as image blocks.
import type { ChatMessage, ChatRequest, ContentPart, ResponseFormat, ToolChoice } from "../stream/events";
import { parseDataUrl } from "../stream/messages";
import { splitSystemPrompt } from "./sse-adapter";

type Block = Record<string, unknown>;

/** Anthropic's documented way to ask for JSON when no schema is given: say so in the system prompt. */
export const ANTHROPIC_JSON_INSTRUCTION = "Respond with one valid JSON value only, with no text before or after it.";

function imageBlock(url: string): Block {
  const inline = parseDataUrl(url);
  return inline
    ? { type: "image", source: { type: "base64", media_type: inline.mediaType, data: inline.data } }
    : { type: "image", source: { type: "url", url } };
}

function partBlock(part: ContentPart): Block {
  return part.type === "text" ? { type: "text", text: part.text } : imageBlock(part.url);
}

/** Tool arguments go back as an object; text that is not a JSON object is kept under "input". */
function argumentsObject(text: string): unknown {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : { input: value };
  } catch {
    return { input: text };
  }
}

function blocksOf(message: Exclude<ChatMessage, { role: "system" }>): Block[] {
  switch (message.role) {
    case "user":
      return typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content.map(partBlock);
    case "assistant":
      return [
        ...(message.content ? [{ type: "text", text: message.content }] : []),
        ...(message.toolCalls ?? []).map((call) => ({ type: "tool_use", id: call.id, name: call.name, input: argumentsObject(call.arguments) })),
      ];
    case "tool":
      return [{ type: "tool_result", tool_use_id: message.toolCallId, content: message.content }];
  }
}

/**
 * Turns alternate user / assistant; tool results are user content, so consecutive tool results (and a
 * user message right after them) share one user turn. A turn of one plain text stays a string.
 */
export function anthropicMessages(conversation: readonly ChatMessage[]): Array<{ role: "user" | "assistant"; content: string | Block[] }> {
  const turns: Array<{ role: "user" | "assistant"; blocks: Block[] }> = [];
  for (const message of conversation) {
    if (message.role === "system") continue;
    const role = message.role === "assistant" ? "assistant" : "user";
    const last = turns.at(-1);
    if (last?.role === role) last.blocks.push(...blocksOf(message));
    else turns.push({ role, blocks: blocksOf(message) });
  }
  return turns.map(({ role, blocks }) => ({
    role,
    content: blocks.length === 1 && blocks[0]!.type === "text" ? (blocks[0]!.text as string) : blocks,
  }));
}

function anthropicToolChoice(choice: ToolChoice): Block {
  if (typeof choice !== "string") return { type: "tool", name: choice.name };
  return { type: choice === "required" ? "any" : choice };
}

/** Schemas go through structured outputs (output_config.format); plain JSON is asked for in the system prompt. */
function anthropicOutputConfig(format: ResponseFormat | undefined): Record<string, unknown> {
  return format?.type === "json-schema" ? { output_config: { format: { type: "json_schema", schema: format.schema } } } : {};
}

export function anthropicRequestBody(request: ChatRequest, defaultMaxTokens: number): Record<string, unknown> {
  const { system, conversation } = splitSystemPrompt(request.messages);
  const fullSystem = request.responseFormat?.type === "json" ? [system, ANTHROPIC_JSON_INSTRUCTION].filter(Boolean).join("\n\n") : system;
  return {
    model: request.model,
    max_tokens: request.maxOutputTokens ?? defaultMaxTokens,
    stream: true,
    messages: anthropicMessages(conversation),
    ...(fullSystem ? { system: fullSystem } : {}),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.topP === undefined ? {} : { top_p: request.topP }),
    ...(request.tools?.length
      ? { tools: request.tools.map((tool) => ({ name: tool.name, ...(tool.description ? { description: tool.description } : {}), input_schema: tool.parameters })) }
      : {}),
    ...(request.toolChoice === undefined ? {} : { tool_choice: anthropicToolChoice(request.toolChoice) }),
    ...anthropicOutputConfig(request.responseFormat),
  };
}
