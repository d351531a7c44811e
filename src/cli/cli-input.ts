// Reading flag values: numbers that must be positive, and a prompt that may come from stdin.
import { fail } from "./usage-error";

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
