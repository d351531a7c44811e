// Gemini generateContent requests as clients send them (Gemini CLI, @google/genai), validated enough to
// route and translate. A Gemini provider gets the body as sent; another wire gets this reading of it:
// the conversation, function declarations and generation settings in the normalised shapes.
import { GENERATED_GEMINI_ID_PREFIX } from "../core/providers/gemini-request";
import type { ChatMessage, ContentPart, ReasoningEffort, ResponseFormat, ToolCall, ToolChoice, ToolDefinition } from "../core/stream/events";
import * as z from "../zod";
import { providerPreferencesSchema } from "./routing-fields";

const part = z.looseObject({
  text: z.optional(z.string()),
  thought: z.optional(z.boolean()),
  thoughtSignature: z.optional(z.string()),
  inlineData: z.optional(z.object({ mimeType: z.string(), data: z.string() })),
  fileData: z.optional(z.object({ mimeType: z.optional(z.string()), fileUri: z.string() })),
  functionCall: z.optional(z.object({ id: z.optional(z.string()), name: z.string().check(z.minLength(1)), args: z.optional(z.unknown()) })),
  functionResponse: z.optional(z.object({ id: z.optional(z.string()), name: z.string().check(z.minLength(1)), response: z.optional(z.unknown()) })),
});

const content = z.looseObject({ role: z.optional(z.string()), parts: z.array(part) });

const functionDeclaration = z.looseObject({
  name: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  parameters: z.optional(z.record(z.string(), z.unknown())),
  parametersJsonSchema: z.optional(z.record(z.string(), z.unknown())),
});

export const generateContentSchema = z.looseObject({
  contents: z.array(content).check(z.minLength(1, "at least one content is needed")),
  systemInstruction: z.optional(z.union([z.string(), z.looseObject({ parts: z.array(part) })])),
  tools: z.optional(z.array(z.looseObject({ functionDeclarations: z.optional(z.array(functionDeclaration)) }))),
  toolConfig: z.optional(
    z.looseObject({ functionCallingConfig: z.optional(z.looseObject({ mode: z.optional(z.string()), allowedFunctionNames: z.optional(z.array(z.string())) })) }),
  ),
  generationConfig: z.optional(
    z.looseObject({
      temperature: z.optional(z.number()),
      topP: z.optional(z.number()),
      maxOutputTokens: z.optional(z.int().check(z.positive())),
      responseMimeType: z.optional(z.string()),
      responseSchema: z.optional(z.record(z.string(), z.unknown())),
      responseJsonSchema: z.optional(z.record(z.string(), z.unknown())),
      thinkingConfig: z.optional(z.looseObject({ thinkingBudget: z.optional(z.number()), thinkingLevel: z.optional(z.string()) })),
    }),
  ),
  models: z.optional(z.array(z.string().check(z.minLength(1)))),
  provider: z.optional(providerPreferencesSchema),
});

export type GenerateContentRequest = z.infer<typeof generateContentSchema>;
type Part = z.infer<typeof part>;

/** Gemini's OpenAPI-subset schemas name types in capitals ("OBJECT"); JSON Schema wants them lower-case. */
export function jsonSchemaOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(jsonSchemaOf);
  if (typeof schema !== "object" || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === "type" && typeof value === "string" ? value.toLowerCase() : jsonSchemaOf(value)]),
  );
}

function imageOf(p: Part): ContentPart | undefined {
  if (p.inlineData?.mimeType.startsWith("image/")) return { type: "image", url: `data:${p.inlineData.mimeType};base64,${p.inlineData.data}` };
  if (p.fileData && /^https?:\/\//.test(p.fileData.fileUri) && (p.fileData.mimeType ?? "image/").startsWith("image/")) return { type: "image", url: p.fileData.fileUri };
  return undefined;
}

const visibleText = (parts: readonly Part[]) => parts.flatMap((p) => (typeof p.text === "string" && !p.thought ? [p.text] : [])).join("");

function responseText(response: unknown): string {
  // Gemini CLI answers with {output: "..."} or {error: "..."}: the text itself reads best on another wire.
  if (typeof response === "object" && response !== null) {
    const { output, error } = response as { output?: unknown; error?: unknown };
    if (typeof error === "string" && Object.keys(response).length === 1) return `Error: ${error}`;
    if (typeof output === "string" && Object.keys(response).length === 1) return output;
  }
  return JSON.stringify(response ?? {});
}

/**
 * Gemini contents to normalised messages. Calls without an id get one (Gemini pairs a response with its
 * call by name, in order); thought parts and their signatures have no meaning on another wire.
 */
export function fromGeminiContents(request: GenerateContentRequest): ChatMessage[] {
  const system = typeof request.systemInstruction === "string" ? request.systemInstruction : visibleText(request.systemInstruction?.parts ?? []);
  const out: ChatMessage[] = system ? [{ role: "system", content: system }] : [];
  const unanswered: ToolCall[] = [];
  request.contents.forEach((turn, index) => {
    if (turn.role === "model") {
      const toolCalls = turn.parts.flatMap((p, n): ToolCall[] => {
        if (!p.functionCall) return [];
        const call = { id: p.functionCall.id || `${GENERATED_GEMINI_ID_PREFIX}t${index}-${n}`, name: p.functionCall.name, arguments: JSON.stringify(p.functionCall.args ?? {}) };
        unanswered.push(call);
        return [{ ...call, ...(p.thoughtSignature ? { signature: p.thoughtSignature } : {}) }];
      });
      out.push({ role: "assistant", content: visibleText(turn.parts), ...(toolCalls.length > 0 ? { toolCalls } : {}) });
      return;
    }
    for (const p of turn.parts) {
      if (!p.functionResponse) continue;
      const at = unanswered.findIndex((call) => (p.functionResponse!.id ? call.id === p.functionResponse!.id : call.name === p.functionResponse!.name));
      const [call] = at === -1 ? [undefined] : unanswered.splice(at, 1);
      out.push({ role: "tool", toolCallId: call?.id ?? p.functionResponse.id ?? p.functionResponse.name, content: responseText(p.functionResponse.response) });
    }
    const parts = turn.parts.flatMap((p): ContentPart[] => {
      if (typeof p.text === "string" && !p.thought && p.text !== "") return [{ type: "text", text: p.text }];
      const image = imageOf(p);
      return image ? [image] : [];
    });
    if (parts.length === 0) return;
    out.push({ role: "user", content: parts.every((p) => p.type === "text") ? parts.map((p) => (p.type === "text" ? p.text : "")).join("") : parts });
  });
  return out;
}

/** Function declarations as tool definitions; hosted tools (Google Search, code execution, ...) only Gemini runs. */
export function geminiTools(tools: GenerateContentRequest["tools"]): { tools: ToolDefinition[]; hosted: string[] } {
  const out: ToolDefinition[] = [];
  const hosted: string[] = [];
  for (const tool of tools ?? []) {
    for (const declaration of tool.functionDeclarations ?? []) {
      const parameters = declaration.parametersJsonSchema ?? (declaration.parameters ? (jsonSchemaOf(declaration.parameters) as Record<string, unknown>) : { type: "object", properties: {} });
      out.push({ name: declaration.name, ...(declaration.description ? { description: declaration.description } : {}), parameters });
    }
    hosted.push(...Object.keys(tool).filter((key) => key !== "functionDeclarations"));
  }
  return { tools: out, hosted };
}

export function geminiToolChoice(request: GenerateContentRequest): ToolChoice | undefined {
  const config = request.toolConfig?.functionCallingConfig;
  switch (config?.mode) {
    case "NONE":
      return "none";
    case "ANY":
      return config.allowedFunctionNames?.length === 1 ? { name: config.allowedFunctionNames[0]! } : "required";
    case "AUTO":
    case "VALIDATED":
      return "auto";
    default:
      return undefined;
  }
}

export function geminiResponseFormat(request: GenerateContentRequest): ResponseFormat | undefined {
  const config = request.generationConfig;
  if (config?.responseMimeType !== "application/json") return undefined;
  const schema = config.responseJsonSchema ?? (config.responseSchema ? (jsonSchemaOf(config.responseSchema) as Record<string, unknown>) : undefined);
  return schema ? { type: "json-schema", name: "response", schema } : { type: "json" };
}

/** thinkingLevel as it is; a thinking budget by its size (0 turns thinking off, -1 lets the model choose). */
export function geminiEffort(request: GenerateContentRequest): ReasoningEffort | undefined {
  const thinking = request.generationConfig?.thinkingConfig;
  const level = thinking?.thinkingLevel?.toLowerCase();
  if (level === "low" || level === "medium" || level === "high") return level;
  if (level === "minimal") return "low";
  const budget = thinking?.thinkingBudget;
  if (budget === undefined || budget === 0) return undefined;
  if (budget < 0) return "medium";
  return budget < 4096 ? "low" : budget < 16384 ? "medium" : "high";
}
