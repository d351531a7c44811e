// OpenAI's chat shapes (messages, tools, tool_choice, response_format), validated with zod and turned into
// the normalised request. Every face that takes requests from outside (CLI files, later the gateway) reads
// them through here, so a bad field is reported the same way everywhere, with its path.
import * as z from "../../zod";
import type { ChatMessage, ContentPart, ResponseFormat, ToolCall, ToolChoice, ToolDefinition } from "./events";

const jsonObject = z.record(z.string(), z.unknown());
const imageUrl = z.string().check(z.regex(/^(data:image\/[\w.+-]+;base64,|https?:\/\/)/, "an image must be a data:image/...;base64, URL or an http(s) URL"));

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const imagePart = z.object({ type: z.literal("image_url"), image_url: z.object({ url: imageUrl, detail: z.optional(z.string()) }) });
const contentPart = z.discriminatedUnion("type", [textPart, imagePart]);

const toolCallSchema = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.optional(z.literal("function")),
  function: z.object({ name: z.string().check(z.minLength(1)), arguments: z.string() }),
});

const textContent = z.union([z.string(), z.array(textPart)]);

export const openAIMessageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("system"), content: textContent }),
  z.object({ role: z.literal("developer"), content: textContent }),
  z.object({ role: z.literal("user"), content: z.union([z.string(), z.array(contentPart)]) }),
  z.object({ role: z.literal("assistant"), content: z.optional(z.nullable(textContent)), tool_calls: z.optional(z.array(toolCallSchema)) }),
  z.object({ role: z.literal("tool"), tool_call_id: z.string().check(z.minLength(1)), content: textContent }),
]);

export const openAIMessagesSchema = z.array(openAIMessageSchema).check(z.minLength(1, "at least one message is needed"));

const toolName = z.string().check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/, "a tool name is 1-64 letters, digits, _ or -"));

export const openAIToolSchema = z.object({
  type: z.literal("function"),
  function: z.object({ name: toolName, description: z.optional(z.string()), parameters: z.optional(jsonObject), strict: z.optional(z.boolean()) }),
});

export const openAIToolsSchema = z.array(openAIToolSchema);

export const openAIToolChoiceSchema = z.union([
  z.enum(["auto", "none", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: toolName }) }),
]);

export const openAIResponseFormatSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({ type: z.literal("json_schema"), json_schema: z.object({ name: z.optional(z.string()), schema: z.optional(jsonObject), strict: z.optional(z.nullable(z.boolean())) }) }),
]);

type OpenAIMessage = z.infer<typeof openAIMessageSchema>;

const joinText = (content: string | Array<{ text: string }>): string => (typeof content === "string" ? content : content.map((part) => part.text).join(""));

export function fromOpenAIMessage(message: OpenAIMessage): ChatMessage {
  switch (message.role) {
    case "system":
    case "developer":
      return { role: "system", content: joinText(message.content) };
    case "user":
      return {
        role: "user",
        content:
          typeof message.content === "string"
            ? message.content
            : message.content.map((part): ContentPart => (part.type === "text" ? { type: "text", text: part.text } : { type: "image", url: part.image_url.url })),
      };
    case "assistant": {
      const toolCalls: ToolCall[] | undefined = message.tool_calls?.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments }));
      return { role: "assistant", content: message.content ? joinText(message.content) : "", ...(toolCalls?.length ? { toolCalls } : {}) };
    }
    case "tool":
      return { role: "tool", toolCallId: message.tool_call_id, content: joinText(message.content) };
  }
}

export function fromOpenAITools(tools: z.infer<typeof openAIToolsSchema>): ToolDefinition[] {
  return tools.map(({ function: fn }) => ({
    name: fn.name,
    ...(fn.description ? { description: fn.description } : {}),
    parameters: fn.parameters ?? { type: "object", properties: {} },
  }));
}

export function fromOpenAIToolChoice(choice: z.infer<typeof openAIToolChoiceSchema>): ToolChoice {
  return typeof choice === "string" ? choice : { name: choice.function.name };
}

/** "text" asks for nothing special: undefined. */
export function fromOpenAIResponseFormat(format: z.infer<typeof openAIResponseFormatSchema>): ResponseFormat | undefined {
  if (format.type === "text") return undefined;
  if (format.type === "json_object" || !format.json_schema.schema) return { type: "json" };
  return { type: "json-schema", name: format.json_schema.name ?? "response", schema: format.json_schema.schema };
}

/** Tool results must answer a call an earlier assistant turn made: a clear error beats a provider's 400. */
export function unansweredToolResults(messages: readonly ChatMessage[]): string[] {
  const called = new Set<string>();
  const problems: string[] = [];
  messages.forEach((message, index) => {
    if (message.role === "assistant") for (const call of message.toolCalls ?? []) called.add(call.id);
    if (message.role === "tool" && !called.has(message.toolCallId)) problems.push(`[${index}].tool_call_id: "${message.toolCallId}" answers no tool call of an earlier assistant message`);
  });
  return problems;
}
