// Parses a JSON file's text against a zod schema; any problem is one line naming the exact path of the bad field.
import type { ZodError } from "../../zod";
import type * as z from "../../zod";

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

type Issue = ZodError["issues"][number];

const issuePath = (issue: Issue | undefined) => (issue?.path ?? []).map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("");

export function zodIssuePath(error: ZodError): string {
  return issuePath(error.issues[0]);
}

type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Every problem of a JSON file's text against a schema, each one line with the exact path of its field. */
function checkJsonFile<T>(schema: z.ZodMiniType<T>, text: string, source: string): Checked<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${source} is not valid JSON (${error instanceof Error ? error.message : error})`] };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${source}${issuePath(issue)}: ${issue.message}`) };
}

export function parseJsonFile<T>(schema: z.ZodMiniType<T>, text: string, source: string): ParseResult<T> {
  const checked = checkJsonFile(schema, text, source);
  return checked.ok ? checked : { ok: false, message: checked.problems[0] ?? `${source}: invalid` };
}

/** All of a file's problems (for a check that should list them at once, e.g. in CI); none when it is valid. */
export function jsonFileProblems<T>(schema: z.ZodMiniType<T>, text: string, source: string): string[] {
  const checked = checkJsonFile(schema, text, source);
  return checked.ok ? [] : checked.problems;
}
