// Reading flag values: numbers that must be positive, a prompt that may come from stdin, a file named on
// the command line.
import { readFileSync } from "node:fs";
import { fail } from "./usage-error";

/** A file the user named (a policy, a prompt file); one that cannot be read is a usage error. */
export function readInputFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    fail(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
}

export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0) fail(`${flag} must be a positive whole number, got "${value}"`);
  return Number(value);
}

export async function readPrompt(value: string): Promise<string> {
  if (value !== "-") return value;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") fail("--prompt - read an empty prompt from stdin");
  return text;
}
