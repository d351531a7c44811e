// OpenAI Responses requests as clients send them (Codex's included: developer messages, reasoning items with
// encrypted content, custom free-text tools, grouped "namespace" tools, hosted tools, fields added later),
// validated enough to route and translate. The body itself goes to a Responses provider as sent; this is
// the reading of it that another wire needs: the conversation, tools and settings in the normalised shapes.
import { CUSTOM_TOOL_INPUT } from "../core/providers/openai-responses-request";
import type { ChatMessage, ContentPart, ReasoningEffort, ResponseFormat, ToolCall, ToolChoice, ToolDefinition } from "../core/stream/events";
import * as z from "../zod";
import { BlockError } from "./gateway-request";
import { providerPreferencesSchema } from "./routing-fields";

const item = z.looseObject({ type: z.optional(z.string()), role: z.optional(z.string()) });
const tool = z.looseObject({ type: z.string().check(z.minLength(1, "every tool needs a type")), name: z.optional(z.string()) });

export const responsesRequestSchema = z.looseObject({
  model: z.optional(z.string().check(z.minLength(1))),
  models: z.optional(z.array(z.string().check(z.minLength(1)))),
  input: z.union([z.string(), z.array(item)]),
  instructions: z.optional(z.nullable(z.string())),
  tools: z.optional(z.nullable(z.array(tool))),
  tool_choice: z.optional(z.nullable(z.union([z.enum(["auto", "none", "required"]), z.looseObject({ type: z.string(), name: z.optional(z.string()) })]))),
  parallel_tool_calls: z.optional(z.nullable(z.boolean())),
  reasoning: z.optional(z.nullable(z.looseObject({ effort: z.optional(z.nullable(z.string())) }))),
  max_output_tokens: z.optional(z.nullable(z.int().check(z.positive()))),
  temperature: z.optional(z.nullable(z.number().check(z.gte(0), z.lte(2)))),
  top_p: z.optional(z.nullable(z.number().check(z.gte(0), z.lte(1)))),
  stream: z.optional(z.nullable(z.boolean())),
  store: z.optional(z.nullable(z.boolean())),
  previous_response_id: z.optional(z.nullable(z.string())),
  text: z.optional(z.nullable(z.looseObject({ format: z.optional(z.looseObject({ type: z.string(), name: z.optional(z.string()), schema: z.optional(z.record(z.string(), z.unknown())) })) }))),
  provider: z.optional(providerPreferencesSchema),
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
type Item = z.infer<typeof item>;

/** How a normalised tool name maps back to the client's tool: a function (maybe in a namespace) or a custom tool. */
export interface ClientTool {
  kind: "function" | "custom";
  name: string;
  namespace?: string;
}

/** Other wires allow only [A-Za-z0-9_-] in tool names: a namespace's tool is NAMESPACE__NAME there. */
export const flatToolName = (name: string, namespace?: string) => (namespace ? `${namespace}__${name}` : name);

const customParameters = (description: string) => ({
  type: "object",
  properties: { [CUSTOM_TOOL_INPUT]: { type: "string", description } },
  required: [CUSTOM_TOOL_INPUT],
});

/**
 * Function tools (a namespace's flattened) and custom tools as definitions; a custom tool takes one string,
 * its format (a grammar, say) told in the description. Hosted tools only OpenAI can run are named apart.
 */
export function responsesTools(tools: ResponsesRequest["tools"]): { tools: ToolDefinition[]; hosted: string[]; byName: Map<string, ClientTool> } {
  const out: ToolDefinition[] = [];
  const hosted: string[] = [];
  const byName = new Map<string, ClientTool>();
  const add = (entry: Record<string, unknown>, namespace?: string) => {
    const name = String(entry.name ?? "");
    const description = typeof entry.description === "string" ? entry.description : undefined;
    if (entry.type === "function" && name) {
      const flat = flatToolName(name, namespace);
      out.push({ name: flat, ...(description ? { description } : {}), parameters: (entry.parameters as Record<string, unknown> | undefined) ?? { type: "object", properties: {} } });
      byName.set(flat, { kind: "function", name, ...(namespace ? { namespace } : {}) });
    } else if (entry.type === "custom" && name) {
      const format = entry.format as { type?: string; syntax?: string; definition?: string } | undefined;
      const told = format?.type === "grammar" ? `The raw input, no JSON inside it, following this ${format.syntax ?? ""} grammar:\n${format.definition ?? ""}` : "The raw input (free text).";
      out.push({ name, ...(description ? { description } : {}), parameters: customParameters(told) });
      byName.set(name, { kind: "custom", name });
    } else {
      hosted.push(name ? `${name} (${String(entry.type)})` : String(entry.type));
    }
  };
  for (const entry of tools ?? []) {
    if (entry.type === "namespace" && Array.isArray(entry.tools)) {
      for (const inner of entry.tools as Array<Record<string, unknown>>) add(inner, entry.name);
    } else {
      add(entry);
    }
  }
  return { tools: out, hosted, byName };
}

/** The text of a message's or an output's content: a string, or its text parts joined. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return (content as Array<Record<string, unknown>>)
    .flatMap((part) => (typeof part.text === "string" ? [part.text] : typeof part.refusal === "string" ? [part.refusal] : []))
    .join("");
}

function userParts(content: unknown, path: string): string | ContentPart[] {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) throw new BlockError(`${path}.content: a string or an array of content parts is expected`);
  const parts = (content as Array<Record<string, unknown>>).flatMap((part, index): ContentPart[] => {
    if (part.type === "input_text" || part.type === "output_text") return [{ type: "text", text: String(part.text ?? "") }];
    if (part.type === "input_image") {
      if (typeof part.image_url !== "string") throw new BlockError(`${path}.content[${index}]: only images given by image_url (a data: or https: URL) can go to another provider`);
      return [{ type: "image", url: part.image_url }];
    }
    return [];
  });
  return parts.every((part) => part.type === "text") ? parts.map((part) => (part.type === "text" ? part.text : "")).join("") : parts;
}

const str = (value: unknown, path: string): string => {
  if (typeof value !== "string" || value === "") throw new BlockError(`${path}: a non-empty string is expected`);
  return value;
};

/**
 * Input items to normalised messages, in order: instructions, then system/developer messages as system
 * text, calls (function and custom) as the assistant's, their outputs as tool messages tied by call_id.
 * What only OpenAI can read (reasoning items and their encrypted content, hosted tool calls, compaction)
 * has no meaning on another wire and is left out there; `skipped` names it.
 */
export function fromResponsesInput(request: ResponsesRequest): { messages: ChatMessage[]; skipped: string[] } {
  const out: ChatMessage[] = request.instructions ? [{ role: "system", content: request.instructions }] : [];
  const skipped = new Set<string>();
  const items: Item[] = typeof request.input === "string" ? [{ type: "message", role: "user", content: request.input }] : request.input;
  const addCall = (call: ToolCall) => {
    const last = out.at(-1);
    if (last?.role === "assistant") last.toolCalls = [...(last.toolCalls ?? []), call];
    else out.push({ role: "assistant", content: "", toolCalls: [call] });
  };
  items.forEach((entry, index) => {
    const path = `input[${index}]`;
    const type = entry.type ?? (entry.role ? "message" : undefined);
    switch (type) {
      case "message": {
        const role = entry.role;
        if (role === "system" || role === "developer") {
          const text = textOf(entry.content);
          if (text) out.push({ role: "system", content: text });
        } else if (role === "user") {
          out.push({ role: "user", content: userParts(entry.content, path) });
        } else if (role === "assistant") {
          const text = textOf(entry.content);
          const last = out.at(-1);
          if (last?.role === "assistant" && !last.toolCalls?.length) last.content += text;
          else out.push({ role: "assistant", content: text });
        } else {
          throw new BlockError(`${path}.role: one of user, assistant, system, developer is expected`);
        }
        return;
      }
      case "function_call":
        addCall({ id: str(entry.call_id, `${path}.call_id`), name: flatToolName(str(entry.name, `${path}.name`), typeof entry.namespace === "string" ? entry.namespace : undefined), arguments: typeof entry.arguments === "string" && entry.arguments ? entry.arguments : "{}" });
        return;
      case "custom_tool_call":
        addCall({ id: str(entry.call_id, `${path}.call_id`), name: str(entry.name, `${path}.name`), arguments: JSON.stringify({ [CUSTOM_TOOL_INPUT]: typeof entry.input === "string" ? entry.input : "" }) });
        return;
      case "function_call_output":
      case "custom_tool_call_output":
        out.push({ role: "tool", toolCallId: str(entry.call_id, `${path}.call_id`), content: textOf(entry.output) });
        return;
      case undefined:
        throw new BlockError(`${path}: an item needs a type (message, function_call, function_call_output, …) or a role`);
      default:
        skipped.add(type);
    }
  });
  return { messages: out, skipped: [...skipped] };
}

export function responsesToolChoice(choice: ResponsesRequest["tool_choice"], byName: ReadonlyMap<string, ClientTool>): ToolChoice | undefined {
  if (!choice) return undefined;
  if (typeof choice === "string") return choice;
  if ((choice.type === "function" || choice.type === "custom") && choice.name) {
    const namespace = typeof choice.namespace === "string" ? choice.namespace : undefined;
    const flat = flatToolName(choice.name, namespace);
    return byName.has(flat) ? { name: flat } : undefined;
  }
  return "auto";
}

/** OpenAI's efforts on Switchboard's three steps (minimal is low, xhigh is high, none asks for none). */
export function responsesEffort(request: ResponsesRequest): ReasoningEffort | undefined {
  const effort = request.reasoning?.effort;
  if (effort === "low" || effort === "medium" || effort === "high") return effort;
  if (effort === "minimal") return "low";
  if (effort === "xhigh" || effort === "max") return "high";
  return undefined;
}

export function responsesFormat(request: ResponsesRequest): ResponseFormat | undefined {
  const format = request.text?.format;
  if (format?.type === "json_object") return { type: "json" };
  if (format?.type === "json_schema" && format.schema) return { type: "json-schema", name: format.name ?? "response", schema: format.schema };
  return undefined;
}
