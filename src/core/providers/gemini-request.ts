// The request half of the Gemini wire: contents with user / model roles, images as inlineData (data URLs)
// or fileData (other URLs), tool calls as functionCall parts and results as functionResponse parts
// answered by the tool's name (Gemini's calls may carry no id: ids we made up are not sent back).
import type { ChatMessage, ChatRequest, ContentPart, ToolChoice } from "../stream/events";
import { mediaTypeOfUrl, parseDataUrl, toolNameFor } from "../stream/messages";
import { toGeminiParameters, toGeminiSchema } from "./gemini-schema";
import { splitSystemPrompt } from "./sse-adapter";

/** Ids Switchboard gives Gemini's id-less calls start with this. */
export const GENERATED_GEMINI_ID_PREFIX = "gemini-call-";

type Part = Record<string, unknown>;

function imagePart(url: string): Part {
  const inline = parseDataUrl(url);
  return inline ? { inlineData: { mimeType: inline.mediaType, data: inline.data } } : { fileData: { mimeType: mediaTypeOfUrl(url), fileUri: url } };
}

function userPart(part: ContentPart): Part {
  return part.type === "text" ? { text: part.text } : imagePart(part.url);
}

function parsedOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** functionResponse.response must be an object: a JSON object result as it is, anything else under "output". */
function responseObject(content: string): unknown {
  const value = parsedOr(content);
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : { output: value };
}

function ownId(id: string): Part {
  return id.startsWith(GENERATED_GEMINI_ID_PREFIX) ? {} : { id };
}

function partsOf(message: Exclude<ChatMessage, { role: "system" }>, history: readonly ChatMessage[]): Part[] {
  switch (message.role) {
    case "user":
      return typeof message.content === "string" ? [{ text: message.content }] : message.content.map(userPart);
    case "assistant":
      return [
        ...(message.content ? [{ text: message.content }] : []),
        ...(message.toolCalls ?? []).map((call) => ({
          functionCall: { name: call.name, args: parsedOr(call.arguments), ...ownId(call.id) },
          ...(call.signature ? { thoughtSignature: call.signature } : {}),
        })),
      ];
    case "tool":
      return [{ functionResponse: { name: toolNameFor(history, message.toolCallId) ?? message.toolCallId, response: responseObject(message.content), ...ownId(message.toolCallId) } }];
  }
}

/** Consecutive messages of one role share a content (parallel calls' responses go back together). */
export function geminiContents(conversation: readonly ChatMessage[]): Array<{ role: "user" | "model"; parts: Part[] }> {
  const contents: Array<{ role: "user" | "model"; parts: Part[] }> = [];
  for (const message of conversation) {
    if (message.role === "system") continue;
    const role = message.role === "assistant" ? "model" : "user";
    const parts = partsOf(message, conversation);
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  return contents;
}

function functionCallingConfig(choice: ToolChoice): Record<string, unknown> {
  if (typeof choice !== "string") return { mode: "ANY", allowedFunctionNames: [choice.name] };
  return { mode: choice === "required" ? "ANY" : choice.toUpperCase() };
}

export function geminiRequestBody(request: ChatRequest): Record<string, unknown> {
  const { system, conversation } = splitSystemPrompt(request.messages);
  const format = request.responseFormat;
  const responseSchema = format?.type === "json-schema" ? toGeminiSchema(format.schema) : undefined;
  return {
    contents: geminiContents(conversation),
    ...(system ? { systemInstruction: { parts: [{ text: system }] } } : {}),
    ...(request.tools?.length
      ? {
          tools: [
            {
              functionDeclarations: request.tools.map((tool) => {
                const parameters = toGeminiParameters(tool.parameters);
                return { name: tool.name, ...(tool.description ? { description: tool.description } : {}), ...(parameters ? { parameters } : {}) };
              }),
            },
          ],
        }
      : {}),
    ...(request.toolChoice === undefined ? {} : { toolConfig: { functionCallingConfig: functionCallingConfig(request.toolChoice) } }),
    generationConfig: {
      ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.topP === undefined ? {} : { topP: request.topP }),
      ...(format ? { responseMimeType: "application/json" } : {}),
      ...(responseSchema ? { responseSchema } : {}),
    },
  };
}
