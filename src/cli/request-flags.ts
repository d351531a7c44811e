// `chat`'s request flags beyond the prompt: --messages, --tools, --tool-choice, --image and
// --response-format, read from files in OpenAI's chat shapes. Any mistake is one line with its path, exit 2.
import { readFileSync } from "node:fs";
import { parseJsonFile } from "../core/config/parse-json-file";
import type { ChatMessage, ContentPart, ResponseFormat, ToolChoice, ToolDefinition } from "../core/stream/events";
import { mediaTypeOfFile } from "../core/stream/messages";
import {
  fromOpenAIMessage,
  fromOpenAITools,
  openAIMessagesSchema,
  openAIToolsSchema,
  unansweredToolResults,
} from "../core/stream/openai-shapes";
import * as z from "../zod";
import { fail } from "./usage-error";

export const requestOptions = {
  messages: { type: "string" },
  tools: { type: "string" },
  "tool-choice": { type: "string" },
  image: { type: "string", multiple: true },
  "response-format": { type: "string" },
} as const;

export interface RequestFlagValues {
  prompt?: string;
  system?: string;
  messages?: string;
  tools?: string;
  "tool-choice"?: string;
  image?: string[];
  "response-format"?: string;
}

function readJsonFile<T>(schema: z.ZodMiniType<T>, path: string, flag: string): T {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    fail(`${flag} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const parsed = parseJsonFile(schema, text, path);
  if (!parsed.ok) fail(`${flag} ${parsed.message}`);
  return parsed.value;
}

/** An image flag: an http(s) URL as it is, or a local file as a data URL. */
export function imageFromFlag(value: string): ContentPart {
  if (/^https?:\/\//.test(value) || value.startsWith("data:image/")) return { type: "image", url: value };
  const mediaType = mediaTypeOfFile(value);
  if (!mediaType) fail(`--image ${value}: use a .png, .jpg, .jpeg, .gif or .webp file, or an https URL`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(value);
  } catch (error) {
    fail(`--image ${value}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return { type: "image", url: `data:${mediaType};base64,${bytes.toString("base64")}` };
}

function toolChoiceFrom(value: string, tools: readonly ToolDefinition[]): ToolChoice {
  if (value === "auto" || value === "none" || value === "required") return value;
  if (!tools.some((tool) => tool.name === value)) {
    fail(`--tool-choice ${value}: not auto, none, required, or the name of a tool in --tools (${tools.map((t) => t.name).join(", ") || "none given"})`);
  }
  return { name: value };
}

function responseFormatFrom(value: string): ResponseFormat {
  if (value === "json") return { type: "json" };
  const schema = readJsonFile(z.record(z.string(), z.unknown()), value, "--response-format");
  return { type: "json-schema", name: "response", schema };
}

export interface RequestFromFlags {
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
}

/** The conversation: --messages (if any), then --system first, then --prompt (with --image parts) appended. */
export function requestFromFlags(values: RequestFlagValues, prompt: string | undefined): RequestFromFlags {
  if (prompt === undefined && !values.messages) fail("--prompt is required (use --prompt - to read it from stdin), unless --messages gives the conversation");
  const fromFile = values.messages ? readJsonFile(openAIMessagesSchema, values.messages, "--messages").map(fromOpenAIMessage) : [];
  const unanswered = unansweredToolResults(fromFile);
  if (unanswered.length > 0) fail(`--messages ${values.messages}${unanswered[0]}`);
  const images = (values.image ?? []).map(imageFromFlag);
  if (images.length > 0 && prompt === undefined) fail("--image goes with --prompt (the image is attached to that message)");
  const messages: ChatMessage[] = [
    ...(values.system ? [{ role: "system" as const, content: values.system }] : []),
    ...fromFile,
    ...(prompt === undefined ? [] : [{ role: "user" as const, content: images.length > 0 ? [{ type: "text" as const, text: prompt }, ...images] : prompt }]),
  ];
  const tools = values.tools ? fromOpenAITools(readJsonFile(openAIToolsSchema, values.tools, "--tools")) : undefined;
  if (values["tool-choice"] !== undefined && !tools) fail("--tool-choice needs --tools");
  return {
    messages,
    ...(tools ? { tools } : {}),
    ...(values["tool-choice"] !== undefined ? { toolChoice: toolChoiceFrom(values["tool-choice"], tools ?? []) } : {}),
    ...(values["response-format"] !== undefined ? { responseFormat: responseFormatFrom(values["response-format"]) } : {}),
  };
}
