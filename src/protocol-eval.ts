// The prompt-file matrix view's messages: rows × models, cells streaming in, per-model totals. Shared by
// the extension host and the webview; what the webview sends is checked before use.
import type { ModelOption } from "./protocol";
import * as z from "./zod";

export interface EvalCheck {
  name: string;
  pass: boolean;
  detail: string;
}

export interface EvalCellView {
  row: number;
  model: string;
  status: "waiting" | "streaming" | "done";
  text: string;
  pass: boolean;
  checks: EvalCheck[];
  costUsd: number | null;
  ttftMs: number | null;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  error?: string;
}

export interface EvalFileView {
  path: string;
  name: string;
  description: string;
  /** Each testData row's variables, as text (long values cut). */
  rows: Array<Record<string, string>>;
  models: string[];
  evaluators: string[];
  /** The file's problems, each with line and column; nothing runs until they are fixed. */
  problems: string[];
  /** Models were changed in the view and not saved to the file yet. */
  dirty: boolean;
}

export type EvalHostMessage =
  | { type: "eval-file"; file: EvalFileView; modelOptions: ModelOption[] }
  | { type: "eval-cell"; cell: EvalCellView }
  | { type: "eval-started"; models: string[] }
  | { type: "eval-done"; judgeCostUsd: number; stopped?: string; notRun: number; skippedEvaluators: string[] };

const cellRef = z.object({ row: z.int().check(z.nonnegative()), model: z.string().check(z.minLength(1), z.maxLength(200)) });

export const evalViewMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("eval-ready") }),
  z.object({ type: z.literal("eval-run") }),
  z.object({ type: z.literal("eval-stop") }),
  z.object({ type: z.literal("eval-set-models"), models: z.array(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*\/.+$/), z.maxLength(200))).check(z.minLength(1), z.maxLength(8)) }),
  z.object({ type: z.literal("eval-save") }),
  z.object({ type: z.literal("eval-compare"), a: cellRef, b: cellRef }),
  z.object({ type: z.literal("eval-export"), format: z.enum(["md", "html", "json"]) }),
  // A problem's place in the prompt file, to show it in the editor.
  z.object({ type: z.literal("eval-reveal"), line: z.int().check(z.positive(), z.lte(10_000_000)), column: z.int().check(z.positive(), z.lte(10_000_000)) }),
]);
export type EvalViewMessage = z.infer<typeof evalViewMessageSchema>;
