// Pure helpers for the playground's request options: tools and a JSON schema typed as text, images read
// from files. Each text parses to a value or to one sentence saying what to fix.
import { type ResponseFormatMessage, type ToolDefinitionMessage, protocolSchemas } from "../src/protocol";

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseJson(text: string, what: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `${what} is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** Tools as OpenAI writes them ({ type: "function", function: {...} }) or plainly ({ name, description, parameters }). */
export function parseTools(text: string): Parsed<ToolDefinitionMessage[]> {
  if (text.trim() === "") return { ok: true, value: [] };
  const json = parseJson(text, "Tools");
  if (!json.ok) return json;
  if (!Array.isArray(json.value)) return { ok: false, message: "Tools must be a JSON array of tools" };
  const tools: ToolDefinitionMessage[] = [];
  for (const [index, entry] of json.value.entries()) {
    const fn = (entry as { function?: unknown })?.function ?? entry;
    const parsed = protocolSchemas().toolDefinitionSchema.safeParse({ parameters: { type: "object", properties: {} }, ...(fn as object) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, message: `Tool ${index + 1}${issue?.path.length ? ` (${issue.path.join(".")})` : ""}: ${issue?.message ?? "invalid"}` };
    }
    tools.push(parsed.data);
  }
  return { ok: true, value: tools };
}

/** JSON output: on with no schema is plain JSON; a schema must be a JSON object. */
export function parseResponseFormat(enabled: boolean, schemaText: string): Parsed<ResponseFormatMessage | undefined> {
  if (!enabled) return { ok: true, value: undefined };
  if (schemaText.trim() === "") return { ok: true, value: { type: "json" } };
  const json = parseJson(schemaText, "The JSON schema");
  if (!json.ok) return json;
  if (typeof json.value !== "object" || json.value === null || Array.isArray(json.value)) return { ok: false, message: "The JSON schema must be a JSON object" };
  return { ok: true, value: { type: "json-schema", name: "response", schema: json.value as Record<string, unknown> } };
}

/** Pretty-printed arguments for a tool-call card (the raw text when it is not JSON). */
export function prettyArguments(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGES = 4;

/** An image file as a data URL, or why it cannot be attached. */
export function readImage(file: File): Promise<Parsed<string>> {
  if (!IMAGE_TYPES.includes(file.type)) return Promise.resolve({ ok: false, message: `${file.name || "That file"} is not a PNG, JPEG, GIF or WebP image` });
  if (file.size > MAX_IMAGE_BYTES) return Promise.resolve({ ok: false, message: `${file.name || "That image"} is larger than 5 MB` });
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ ok: true, value: String(reader.result) });
    reader.onerror = () => resolve({ ok: false, message: `${file.name || "That image"} could not be read` });
    reader.readAsDataURL(file);
  });
}
