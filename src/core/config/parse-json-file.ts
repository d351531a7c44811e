// Parses a JSON file's text against a zod schema; any problem is one line naming the exact path of the bad field.
import type { ZodError } from "../../zod";
import type * as z from "../../zod";

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

export function zodIssuePath(error: ZodError): string {
  const issue = error.issues[0];
  return (issue?.path ?? []).map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("");
}

export function parseJsonFile<T>(schema: z.ZodMiniType<T>, text: string, source: string): ParseResult<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${source} is not valid JSON (${error instanceof Error ? error.message : error})` };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, message: `${source}${zodIssuePath(parsed.error)}: ${parsed.error.issues[0]?.message ?? "invalid"}` };
}
