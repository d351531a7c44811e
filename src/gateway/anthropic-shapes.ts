// Anthropic Messages requests as clients send them (Claude Code's included: system turns inside messages,
// thinking blocks with signatures, cache_control, hosted tools, fields added later), validated enough to
// route and translate. The body itself goes to an Anthropic provider as sent; this is the reading of it
// that another wire needs: the conversation, tools and settings in the normalised shapes.
import type { ChatMessage, ContentPart, ReasoningEffort, ToolChoice, ToolDefinition } from "../core/stream/events";
import * as z from "../zod";
import { BlockError } from "./gateway-request";
import { providerPreferencesSchema } from "./routing-fields";

const textBlock = z.object({ type: z.literal("text"), text: z.string() });
const imageSource = z.discriminatedUnion("type", [
  z.object({ type: z.literal("base64"), media_type: z.string().check(z.regex(/^image\/[\w.+-]+$/)), data: z.string() }),
  z.object({ type: z.literal("url"), url: z.string().check(z.regex(/^https?:\/\//, "an image url must be http(s)")) }),
]);
const imageBlock = z.object({ type: z.literal("image"), source: imageSource });
const toolUseBlock = z.object({ type: z.literal("tool_use"), id: z.string().check(z.minLength(1)), name: z.string().check(z.minLength(1)), input: z.unknown() });
const toolResultBlock = z.object({
  type: z.literal("tool_result"),
  tool_use_id: z.string().check(z.minLength(1)),
  content: z.optional(z.union([z.string(), z.array(z.looseObject({ type: z.string() }))])),
  is_error: z.optional(z.boolean()),
});

/** The blocks translation reads; any other type (thinking, documents, server tools, later ones) is kept as sent. */
const KNOWN_BLOCKS = { text: textBlock, image: imageBlock, tool_use: toolUseBlock, tool_result: toolResultBlock } as const;
const anyBlock = z.looseObject({ type: z.string().check(z.minLength(1, "every content block needs a type")) });

/** A custom tool has an input schema; hosted (server) tools are named by a versioned type instead. */
const toolSchema = z.looseObject({
  name: z.string().check(z.minLength(1)),
  type: z.optional(z.string()),
  description: z.optional(z.string()),
  input_schema: z.optional(z.record(z.string(), z.unknown())),
});

export const messagesRequestSchema = z.looseObject({
  model: z.optional(z.string().check(z.minLength(1))),
  models: z.optional(z.array(z.string().check(z.minLength(1)))),
  max_tokens: z.int().check(z.positive()),
  messages: z
    .array(z.looseObject({ role: z.enum(["user", "assistant", "system"]), content: z.union([z.string(), z.array(anyBlock)]) }))
    .check(z.minLength(1, "at least one message is needed")),
  system: z.optional(z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.optional(z.string()) }))])),
  tools: z.optional(z.array(toolSchema)),
  tool_choice: z.optional(z.looseObject({ type: z.enum(["auto", "any", "tool", "none"]), name: z.optional(z.string()) })),
  temperature: z.optional(z.number().check(z.gte(0), z.lte(1))),
  top_p: z.optional(z.number().check(z.gte(0), z.lte(1))),
  stream: z.optional(z.boolean()),
  thinking: z.optional(z.looseObject({ type: z.string(), budget_tokens: z.optional(z.number()) })),
  output_config: z.optional(z.looseObject({ effort: z.optional(z.string()) })),
  provider: z.optional(providerPreferencesSchema),
});

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;


type Block = z.infer<typeof anyBlock>;

function known<T extends keyof typeof KNOWN_BLOCKS>(block: Block, type: T, path: string): z.infer<(typeof KNOWN_BLOCKS)[T]> {
  const parsed = KNOWN_BLOCKS[type].safeParse(block);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BlockError(`${path}${issue?.path.length ? `.${issue.path.join(".")}` : ""}: ${issue?.message ?? "invalid block"}`);
  }
  return parsed.data as z.infer<(typeof KNOWN_BLOCKS)[T]>;
}

function imagePart(source: z.infer<typeof imageSource>): ContentPart {
  return { type: "image", url: source.type === "base64" ? `data:${source.media_type};base64,${source.data}` : source.url };
}

const textOf = (blocks: readonly Block[]) => blocks.flatMap((b) => (b.type === "text" && typeof b.text === "string" ? [b.text] : [])).join("");

function systemText(system: MessagesRequest["system"]): string {
  if (typeof system === "string") return system;
  return (system ?? []).flatMap((b) => (typeof b.text === "string" ? [b.text] : [])).join("\n\n");
}

/**
 * Anthropic turns to normalised messages, in order: system text (top-level, and system turns wherever they
 * stand), tool_result blocks as tool messages before the user's own text, tool_use blocks as calls. What
 * only Anthropic can read (thinking and its signatures, redacted thinking, server tool blocks, documents)
 * has no meaning on another wire and is left out there.
 */
export function fromAnthropicMessages(request: MessagesRequest): ChatMessage[] {
  const system = systemText(request.system);
  const out: ChatMessage[] = system ? [{ role: "system", content: system }] : [];
  request.messages.forEach((message, turn) => {
    const blocks: Block[] = typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
    const at = (index: number) => `messages[${turn}].content[${index}]`;
    if (message.role === "system") {
      const text = textOf(blocks);
      if (text) out.push({ role: "system", content: text });
      return;
    }
    if (message.role === "assistant") {
      const toolCalls = blocks.flatMap((b, index) => {
        if (b.type !== "tool_use") return [];
        const use = known(b, "tool_use", at(index));
        return [{ id: use.id, name: use.name, arguments: JSON.stringify(use.input ?? {}) }];
      });
      out.push({ role: "assistant", content: textOf(blocks), ...(toolCalls.length > 0 ? { toolCalls } : {}) });
      return;
    }
    blocks.forEach((b, index) => {
      if (b.type !== "tool_result") return;
      const result = known(b, "tool_result", at(index));
      const content = typeof result.content === "string" ? result.content : textOf(result.content ?? []);
      out.push({ role: "tool", toolCallId: result.tool_use_id, content: result.is_error ? `Error: ${content}` : content });
    });
    const parts = blocks.flatMap((b, index): ContentPart[] => {
      if (b.type === "text") return [{ type: "text", text: known(b, "text", at(index)).text }];
      if (b.type === "image") return [imagePart(known(b, "image", at(index)).source)];
      return [];
    });
    if (parts.length === 0) return;
    out.push({ role: "user", content: parts.every((p) => p.type === "text") ? parts.map((p) => (p.type === "text" ? p.text : "")).join("") : parts });
  });
  return out;
}

/** Custom tools as definitions; hosted tools (web search, code execution, ...) only Anthropic can run. */
export function anthropicTools(tools: MessagesRequest["tools"]): { tools: ToolDefinition[]; hosted: string[] } {
  const out: ToolDefinition[] = [];
  const hosted: string[] = [];
  for (const tool of tools ?? []) {
    if (tool.input_schema && (tool.type === undefined || tool.type === "custom")) {
      out.push({ name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.input_schema });
    } else {
      hosted.push(tool.type ? `${tool.name} (${tool.type})` : tool.name);
    }
  }
  return { tools: out, hosted };
}

export function anthropicToolChoice(choice: MessagesRequest["tool_choice"]): ToolChoice | undefined {
  if (!choice) return undefined;
  if (choice.type === "tool" && choice.name) return { name: choice.name };
  return choice.type === "any" ? "required" : choice.type === "none" ? "none" : "auto";
}

/**
 * How hard the client asked the model to think: output_config.effort when given, else the thinking
 * budget's size (Anthropic's own guidance: a few thousand tokens is light, tens of thousands deep).
 */
export function anthropicEffort(request: MessagesRequest): ReasoningEffort | undefined {
  const effort = request.output_config?.effort;
  if (effort === "low" || effort === "medium" || effort === "high") return effort;
  if (effort === "max" || effort === "xhigh") return "high";
  if (request.thinking?.type === "adaptive") return "medium";
  if (request.thinking?.type !== "enabled") return undefined;
  const budget = request.thinking.budget_tokens ?? 0;
  return budget < 4096 ? "low" : budget < 16384 ? "medium" : "high";
}
