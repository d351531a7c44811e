// GitHub Models' prompt files (.prompt.yml), read as `gh models eval` reads them, plus Switchboard's own
// additions under the `switchboard` key (other tools ignore it). Every problem is reported with its line
// and column; the parsed YAML document is kept so edits can be saved without losing unknown keys.
import { type Document, isMap, LineCounter, parseDocument } from "yaml";
import * as z from "../../zod";

const message = z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() });

const stringCheck = z
  .object({ contains: z.optional(z.string()), equals: z.optional(z.string()), startsWith: z.optional(z.string()), endsWith: z.optional(z.string()) })
  .check(z.refine((check) => Object.values(check).filter((value) => value !== undefined).length === 1, "give exactly one of contains, equals, startsWith, endsWith"));

/** gh's `llm` evaluator: a judge prompt whose answer is matched against choices, each with a score. */
const llmCheck = z.object({
  modelId: z.string().check(z.minLength(1)),
  prompt: z.string().check(z.minLength(1)),
  choices: z.array(z.object({ choice: z.string().check(z.minLength(1)), score: z.number() })).check(z.minLength(1)),
  systemPrompt: z.optional(z.string()),
});

const ghEvaluator = z
  .object({ name: z.string().check(z.minLength(1)), string: z.optional(stringCheck), llm: z.optional(llmCheck), uses: z.optional(z.string()) })
  .check(z.refine((evaluator) => [evaluator.string, evaluator.llm, evaluator.uses].filter((kind) => kind !== undefined).length === 1, "give exactly one of string, llm or uses"));

/** Switchboard's evaluators (under switchboard.evaluators). */
const switchboardEvaluator = z
  .object({
    name: z.string().check(z.minLength(1)),
    regex: z.optional(z.union([z.string(), z.object({ pattern: z.string(), flags: z.optional(z.string().check(z.regex(/^[imsu]*$/, "flags may be i, m, s and u"))) })])),
    "json-schema": z.optional(z.union([z.record(z.string(), z.unknown()), z.boolean()])),
    "max-cost": z.optional(z.number().check(z.nonnegative())),
    "max-latency-ms": z.optional(z.number().check(z.positive())),
    "llm-judge": z.optional(
      z.object({
        model: z.string().check(z.minLength(1)),
        rubric: z.string().check(z.minLength(1)),
        /** The judge scores 1 to 5; a row passes at this score or above (default 4). */
        "pass-score": z.optional(z.int().check(z.gte(1), z.lte(5))),
      }),
    ),
  })
  .check(
    z.refine(
      (evaluator) => ["regex", "json-schema", "max-cost", "max-latency-ms", "llm-judge"].filter((kind) => evaluator[kind as keyof typeof evaluator] !== undefined).length === 1,
      "give exactly one of regex, json-schema, max-cost, max-latency-ms or llm-judge",
    ),
  );

export const promptFileSchema = z.object({
  name: z.optional(z.string()),
  description: z.optional(z.string()),
  model: z.optional(z.string()),
  modelParameters: z.optional(z.object({ maxTokens: z.optional(z.int().check(z.positive())), temperature: z.optional(z.number().check(z.gte(0), z.lte(2))), topP: z.optional(z.number().check(z.gte(0), z.lte(1))) })),
  responseFormat: z.optional(z.enum(["text", "json_object", "json_schema"])),
  jsonSchema: z.optional(z.string()),
  messages: z.array(message).check(z.minLength(1, "a prompt file needs at least one message")),
  testData: z.optional(z.array(z.record(z.string(), z.unknown()))),
  evaluators: z.optional(z.array(ghEvaluator)),
  switchboard: z.optional(
    z.object({
      models: z.optional(z.array(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*\/.+$/, "use PROVIDER/MODEL, e.g. openai/gpt-5.4-mini")))),
      evaluators: z.optional(z.array(switchboardEvaluator)),
    }),
  ),
});

export type PromptFile = z.infer<typeof promptFileSchema>;
export type GhEvaluator = z.infer<typeof ghEvaluator>;
export type SwitchboardEvaluator = z.infer<typeof switchboardEvaluator>;

export type PromptFileResult = { ok: true; file: PromptFile; document: Document } | { ok: false; problems: string[] };

function position(document: Document, lines: LineCounter, path: readonly PropertyKey[]): string {
  // The deepest node of the path that exists, for issues about a missing key too.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) {
      const { line, col } = lines.linePos(range[0]);
      return `${line}:${col}`;
    }
  }
  return "1:1";
}

export function parsePromptFile(text: string, source: string): PromptFileResult {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    // With prettyErrors off the errors carry no linePos: their offset, read by the line counter, says where.
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return `${source}:${line}:${col}: ${error.message.split("\n")[0]}`;
      }),
    };
  }
  if (!isMap(document.contents)) return { ok: false, problems: [`${source}:1:1: a prompt file is a YAML mapping (name, model, messages, testData, evaluators…)`] };
  const parsed = promptFileSchema.safeParse(document.toJS());
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
      problems.push(`${source}:${position(document, lines, issue.path)}: ${path}${issue.message}`);
    }
  } else {
    const file = parsed.data;
    if (file.responseFormat === "json_schema") {
      const schema = file.jsonSchema === undefined ? undefined : parseJsonSchemaField(file.jsonSchema);
      if (typeof schema === "string" || schema === undefined) problems.push(`${source}:${position(document, lines, ["jsonSchema"])}: jsonSchema: ${schema ?? "required when responseFormat is json_schema"}`);
    }
    for (const [index, evaluator] of (file.switchboard?.evaluators ?? []).entries()) {
      const regex = evaluator.regex;
      if (regex === undefined) continue;
      try {
        new RegExp(typeof regex === "string" ? regex : regex.pattern, typeof regex === "string" ? "" : regex.flags);
      } catch (error) {
        problems.push(`${source}:${position(document, lines, ["switchboard", "evaluators", index, "regex"])}: switchboard.evaluators.${index}.regex: ${(error as Error).message}`);
      }
    }
    if (problems.length === 0) return { ok: true, file, document };
  }
  return { ok: false, problems };
}

/** The problems of a prompt file's text ("SOURCE:LINE:COL: message"), none when it reads as a prompt file. */
export function promptFileProblems(text: string, source: string): string[] {
  const result = parsePromptFile(text, source);
  return result.ok ? [] : result.problems;
}

/** gh's jsonSchema field: a JSON string with a name and a schema. */
export function parseJsonSchemaField(text: string): { name: string; schema: Record<string, unknown>; strict?: boolean } | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  const object = value as { name?: unknown; schema?: unknown; strict?: unknown };
  if (typeof object !== "object" || object === null || typeof object.name !== "string" || typeof object.schema !== "object" || object.schema === null) {
    return 'must be a JSON object with "name" and "schema"';
  }
  return { name: object.name, schema: object.schema as Record<string, unknown>, ...(typeof object.strict === "boolean" ? { strict: object.strict } : {}) };
}

/** A model id as YAML: plain when it is safe to be, else double-quoted (JSON strings are YAML strings). */
function yamlScalar(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/@+-]*$/.test(value) ? value : JSON.stringify(value);
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

/**
 * The file with `model` and/or `switchboard.models` changed, as a text edit of those values alone: every
 * other line (comments, keys Switchboard does not know, flow maps like `{a: 2}` in testData) stays as written.
 */
export function updatePromptFile(text: string, changes: { model?: string; models?: string[] }): string {
  // Parsed from the text being edited, so every range below is an offset into it.
  const document = parseDocument(text);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  let appended = "";
  if (changes.model !== undefined) {
    const node = document.get("model", true) as { range?: [number, number, number] } | undefined;
    if (node?.range) edits.push({ start: node.range[0], end: node.range[1], text: yamlScalar(changes.model) });
    else appended += `model: ${yamlScalar(changes.model)}\n`;
  }
  if (changes.models !== undefined) {
    const models = changes.models;
    const node = document.getIn(["switchboard", "models"], true) as { range?: [number, number, number]; flow?: boolean } | undefined;
    const section = document.get("switchboard", true) as { range?: [number, number, number]; flow?: boolean; items?: Array<{ key?: { range?: [number, number, number] } }> } | undefined;
    const flow = `[${models.map(yamlScalar).join(", ")}]`;
    if (node?.range) {
      const indent = " ".repeat(columnOf(text, node.range[0]));
      const block = models.map((model) => `- ${yamlScalar(model)}`).join(`\n${indent}`);
      edits.push({ start: node.range[0], end: node.range[1], text: node.flow || models.length === 0 ? flow : block });
    } else if (section && !section.flow && section.items?.[0]?.key?.range) {
      // Beside switchboard's other keys, at their indentation.
      const firstKey = section.items[0].key.range[0];
      const lineStart = text.lastIndexOf("\n", firstKey - 1) + 1;
      edits.push({ start: lineStart, end: lineStart, text: `${" ".repeat(firstKey - lineStart)}models: ${flow}\n` });
    } else if (section) {
      // A flow map or an empty switchboard key: rare enough to rewrite through the document.
      document.setIn(["switchboard", "models"], models);
      return document.toString();
    } else {
      appended += `switchboard:\n  models: ${flow}\n`;
    }
  }
  let result = text;
  // A block value's range runs through its last line break: keep that break (and any blank lines).
  for (const edit of edits) while (edit.end > edit.start && /\s/.test(text[edit.end - 1]!)) edit.end -= 1;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  if (appended) result = `${result}${result === "" || result.endsWith("\n") ? "" : "\n"}${appended}`;
  return result;
}

