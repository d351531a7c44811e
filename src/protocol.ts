// Every message between the extension host and the playground webview, typed once with zod.
// Both sides import this file; anything that does not parse is rejected with a clear error.
import * as z from "zod";

export const columnStatsSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cachedInputTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  /** false while tokens are estimated from the stream; true once the provider reported usage. */
  exact: z.boolean(),
  ttftMs: z.number().nonnegative().nullable(),
  tokensPerSecond: z.number().nonnegative().nullable(),
});

export const columnStatusSchema = z.enum(["idle", "waiting", "streaming", "done", "error", "cancelled"]);

export const columnStateSchema = z.object({
  columnId: z.string().min(1).max(64),
  modelId: z.string().min(1).max(200),
  status: columnStatusSchema,
  text: z.string(),
  reasoning: z.string(),
  stats: columnStatsSchema,
  error: z.object({ kind: z.string(), message: z.string() }).nullable(),
  /** 1 for the first question, 2 for the first follow-up, ... */
  turn: z.number().int().positive().optional(),
});

export const modelOptionSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  simulated: z.boolean(),
  inputPrice: z.number(),
  outputPrice: z.number(),
  contextWindow: z.number(),
  /** Runs on this machine (Ollama, LM Studio…). */
  local: z.boolean().optional(),
  /** The provider's data handling, for the picker's badge. */
  dataPolicy: z.enum(["zero-retention", "no-training", "trains", "unknown"]).optional(),
});

const modelIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*\/.+$/, "must be PROVIDER/MODEL").max(200);

/** Webview -> host. */
export const webviewMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({
    type: z.literal("run"),
    prompt: z.string().min(1, "the prompt is empty").max(200_000),
    models: z.array(modelIdSchema).min(1).max(6),
    /** Shared by every column. */
    system: z.string().max(50_000).optional(),
    /** Per column, in the order of models. */
    params: z.array(z.object({ temperature: z.number().min(0).max(2).optional(), maxOutputTokens: z.number().int().positive().max(1_000_000).optional() })).max(6).optional(),
    /** Continue each column's conversation instead of starting a new one. */
    followUp: z.boolean().optional(),
  }),
  /** Blind mode: the user picked the best answer. */
  z.object({ type: z.literal("vote"), columnId: z.string().min(1).max(64) }),
  z.object({ type: z.literal("stop"), columnId: z.string().max(64).optional() }),
  z.object({ type: z.literal("retry"), columnId: z.string().min(1).max(64) }),
  z.object({ type: z.literal("clear") }),
  z.object({
    type: z.literal("code-action"),
    action: z.enum(["copy", "insert", "apply"]),
    code: z.string().max(1_000_000),
    columnId: z.string().max(64),
  }),
  z.object({ type: z.literal("open-link"), href: z.string().max(4_000) }),
  /** The action offered next to a column's error. */
  z.object({ type: z.literal("error-action"), action: z.enum(["set-key", "open-budget", "pick-model"]), modelId: z.string().max(200) }),
]);

/** Host -> webview. */
export const hostMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("init"),
    models: z.array(modelOptionSchema),
    defaultModels: z.array(z.string()),
    prompt: z.string(),
  }),
  /** The whole comparison: sent on start and replayed whenever the panel (re)connects. */
  z.object({ type: z.literal("columns"), columns: z.array(columnStateSchema), sessionCostUsd: z.number() }),
  /** One streamed step of one column: appended text plus the counters after it. */
  z.object({
    type: z.literal("column-delta"),
    columnId: z.string(),
    text: z.string(),
    reasoning: z.string(),
    status: columnStatusSchema,
    stats: columnStatsSchema,
    error: columnStateSchema.shape.error,
    sessionCostUsd: z.number(),
  }),
  z.object({ type: z.literal("error"), message: z.string() }),
  /** Blind-mode votes so far, per task template: model id -> wins. */
  z.object({ type: z.literal("leaderboard"), template: z.string(), wins: z.record(z.string(), z.number().int().nonnegative()) }),
  /** The code a comparison on selection was started from, shown as a chip above the columns. */
  z.object({
    type: z.literal("attachment"),
    attachment: z.object({ fileName: z.string(), languageId: z.string(), startLine: z.number(), endLine: z.number(), code: z.string() }).nullable(),
  }),
]);

export type ColumnStats = z.infer<typeof columnStatsSchema>;
export type ColumnStatus = z.infer<typeof columnStatusSchema>;
export type ColumnState = z.infer<typeof columnStateSchema>;
export type ModelOption = z.infer<typeof modelOptionSchema>;
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;
export type HostMessage = z.infer<typeof hostMessageSchema>;
export type CodeAttachment = NonNullable<Extract<HostMessage, { type: "attachment" }>["attachment"]>;

/** A short, human-readable reason why a message did not parse (first issue, with its path). */
export function describeProtocolError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid message";
  const path = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${path}${issue.message}`;
}
