// Whether an answer asked for as JSON is JSON, and (with a schema) whether it matches: the playground,
// `switchboard chat` and the prompt-file checks all judge it here. Uses ajv, so it lives beside the
// eval machinery (dist/eval.js in the extension), not in the start-up bundle.
import Ajv from "ajv";
import type { ResponseFormat } from "../stream/events";

export interface JsonAnswerCheck {
  parses: boolean;
  /** The value, formatted with two-space indents, when it parses. */
  pretty?: string;
  /** With a schema: whether the value matches it. */
  matchesSchema?: boolean;
  /** Why it does not parse (JSON.parse's message, or that it is empty). */
  parseError?: string;
  /** Why it does not match the schema (ajv's errors), or that the schema itself is invalid. */
  schemaError?: string;
  /** The JSON was inside a Markdown code fence (```json … ```). */
  fenced?: boolean;
}

const ajv = new Ajv({ allErrors: true, strict: false });

/** A JSON answer wrapped in a Markdown code fence is still the JSON inside it. */
export function stripFence(text: string): { json: string; fenced: boolean } {
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n```$/.exec(text.trim());
  return fenced ? { json: fenced[1]!, fenced: true } : { json: text, fenced: false };
}

/** Checks an answer against what was asked: JSON, or JSON matching a schema. */
export function checkJsonAnswer(text: string, format: ResponseFormat | { type: "json-schema"; schema: object }): JsonAnswerCheck {
  const { json, fenced } = stripFence(text);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { parses: false, parseError: json.trim() === "" ? "the answer is empty" : (error as Error).message, ...(fenced ? { fenced } : {}) };
  }
  const pretty = JSON.stringify(value, null, 2);
  if (format.type !== "json-schema") return { parses: true, pretty, ...(fenced ? { fenced } : {}) };
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(format.schema);
  } catch (error) {
    return { parses: true, pretty, schemaError: `the schema itself is invalid: ${(error as Error).message}`, ...(fenced ? { fenced } : {}) };
  }
  const matchesSchema = validate(value) as boolean;
  return {
    parses: true,
    pretty,
    matchesSchema,
    ...(matchesSchema ? {} : { schemaError: ajv.errorsText(validate.errors, { separator: "; " }) }),
    ...(fenced ? { fenced } : {}),
  };
}

/** The check in one line for a person: "valid JSON, matches the schema", "not valid JSON: …". */
export function describeJsonCheck(check: JsonAnswerCheck): string {
  const where = check.fenced ? " (inside a Markdown code fence)" : "";
  if (!check.parses) return `not valid JSON${where}: ${check.parseError}`;
  if (check.matchesSchema === undefined) return check.schemaError ? `valid JSON${where}, but ${check.schemaError}` : `valid JSON${where}`;
  return check.matchesSchema ? `valid JSON${where}, matches the schema` : `valid JSON${where}, does not match the schema: ${check.schemaError}`;
}
