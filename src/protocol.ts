// Every message between the extension host and the playground webview, typed once with zod.
// Both sides import this file; anything that does not parse is rejected with a clear error.
import type { ZodError } from "./zod";
import * as z from "./zod";
import { builtOnFirstUse } from "./built-on-first-use";


/**
 * The schemas, built on first use: the extension host only needs them once a panel opens, and building
 * them at load would be part of every VS Code start.
 */
function buildProtocolSchemas() {
  const columnStatsSchema = z.object({
    inputTokens: z.int().check(z.nonnegative()),
    outputTokens: z.int().check(z.nonnegative()),
    cachedInputTokens: z.int().check(z.nonnegative()),
    costUsd: z.number().check(z.nonnegative()),
    /** false while tokens are estimated from the stream; true once the provider reported usage. */
    exact: z.boolean(),
    /** The model has no known price: the cost is unknown (shown as "—", never $0). */
    unpriced: z.optional(z.boolean()),
    ttftMs: z.nullable(z.number().check(z.nonnegative())),
    tokensPerSecond: z.nullable(z.number().check(z.nonnegative())),
  });

  const columnStatusSchema = z.enum(["idle", "waiting", "streaming", "done", "error", "cancelled"]);

  const toolCallSchema = z.object({ id: z.string(), name: z.string(), arguments: z.string() });

  /** With JSON output on: whether the finished answer is JSON (and matches the schema), judged by the host. */
  const jsonCheckSchema = z.object({
    parses: z.boolean(),
    /** Parses and, with a schema, matches it. */
    ok: z.boolean(),
    /** In words: "valid JSON, matches the schema", "not valid JSON: …". */
    summary: z.string().check(z.maxLength(4_000)),
    /** The value with two-space indents, when it parses. */
    pretty: z.optional(z.string()),
  });

  /** An earlier turn of a column's conversation, as it ended. */
  const columnTurnSchema = z.object({
    prompt: z.string().check(z.maxLength(200_000)),
    /** How many images the prompt carried (the images themselves are not kept). */
    images: z.optional(z.int().check(z.nonnegative(), z.lte(4))),
    status: columnStatusSchema,
    text: z.string().check(z.maxLength(2_000_000)),
    toolCalls: z.optional(z.array(toolCallSchema).check(z.maxLength(64))),
    costUsd: z.number().check(z.nonnegative()),
    unpriced: z.optional(z.boolean()),
    answeredBy: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
    stoppedAtTokenLimit: z.optional(z.boolean()),
    error: z.optional(z.nullable(z.object({ kind: z.string().check(z.maxLength(64)), message: z.string().check(z.maxLength(4_000)) }))),
    /** JSON output was asked for: the answer is shown as JSON. */
    json: z.optional(z.boolean()),
  });

  const columnStateSchema = z.object({
    columnId: z.string().check(z.minLength(1), z.maxLength(64)),
    modelId: z.string().check(z.minLength(1), z.maxLength(200)),
    status: columnStatusSchema,
    text: z.string(),
    reasoning: z.string(),
    stats: columnStatsSchema,
    error: z.nullable(z.object({ kind: z.string(), message: z.string() })),
    /** The model answering: a fallback when the column's own model failed before answering. */
    answeredBy: z.optional(z.nullable(z.string())),
    /** Why that model answers (the route's reason, attempts that failed before it). */
    route: z.optional(z.nullable(z.string())),
    /** Tool calls the model asked for, complete. */
    toolCalls: z.optional(z.array(toolCallSchema)),
    /** 1 for the first question, 2 for the first follow-up, ... */
    turn: z.optional(z.int().check(z.positive())),
    /** The answer reached the token limit (Max tokens): it is cut off. */
    stoppedAtTokenLimit: z.optional(z.boolean()),
    /** JSON output was asked for: the answer is shown as JSON, not Markdown. */
    jsonOutput: z.optional(z.boolean()),
    jsonCheck: z.optional(jsonCheckSchema),
    /** What this turn asked, and how many images it carried. */
    prompt: z.optional(z.string()),
    images: z.optional(z.int().check(z.nonnegative(), z.lte(4))),
    /** The column's earlier turns in this conversation, oldest first. */
    history: z.optional(z.array(columnTurnSchema).check(z.maxLength(100))),
    /** Brought back from the webview after a reload: shown, continued by a follow-up, not retried. */
    restored: z.optional(z.boolean()),
  });

  const modelOptionSchema = z.object({
    id: z.string(),
    displayName: z.string(),
    simulated: z.boolean(),
    inputPrice: z.number(),
    outputPrice: z.number(),
    contextWindow: z.number(),
    /** When the prices were read from the provider's price list (YYYY-MM-DD). */
    pricesAsOf: z.optional(z.string()),
    /** The prices are more than 60 days old. */
    pricesStale: z.optional(z.boolean()),
    /** Runs on this machine (Ollama, LM Studio…). */
    local: z.optional(z.boolean()),
    /** The provider's data handling, for the picker's badge. */
    dataPolicy: z.optional(z.enum(["zero-retention", "no-training", "trains", "unknown"])),
    /** The catalog says it accepts images / tools. */
    imageInput: z.optional(z.boolean()),
    toolCalling: z.optional(z.boolean()),
    /** Its provider takes an API key and none is set. */
    keyMissing: z.optional(z.boolean()),
  });

  /** An attached image: a base64 data URL of a PNG, JPEG, GIF or WebP, at most 5 MB (every provider's limit or below). */
  const imageDataUrlSchema = z.string().check(
    z.regex(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/, "an image must be a base64 data URL of a PNG, JPEG, GIF or WebP"),
    z.maxLength(7_000_000, "an image may be at most 5 MB"),
  );

  const toolDefinitionSchema = z.object({
    name: z.string().check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/, "a tool name is 1-64 letters, digits, _ or -")),
    description: z.optional(z.string().check(z.maxLength(4_000))),
    parameters: z.record(z.string(), z.unknown()),
  });

  const responseFormatSchema = z.discriminatedUnion("type", [
    z.object({ type: z.literal("json") }),
    z.object({ type: z.literal("json-schema"), name: z.string().check(z.minLength(1), z.maxLength(64)), schema: z.record(z.string(), z.unknown()) }),
  ]);

  const modelIdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*\/.+$/, "must be PROVIDER/MODEL"), z.maxLength(200));

  /** Webview -> host. */
  const webviewMessageSchema = z.discriminatedUnion("type", [
    z.object({ type: z.literal("ready") }),
    z.object({
      type: z.literal("run"),
      prompt: z.string().check(z.minLength(1, "the prompt is empty"), z.maxLength(200_000)),
      models: z.array(modelIdSchema).check(z.minLength(1), z.maxLength(6)),
      /** Shared by every column. */
      system: z.optional(z.string().check(z.maxLength(50_000))),
      /** Per column, in the order of models. */
      params: z.optional(z.array(z.object({ temperature: z.optional(z.number().check(z.gte(0), z.lte(2))), maxOutputTokens: z.optional(z.int().check(z.positive(), z.lte(1_000_000))) })).check(z.maxLength(6))),
      /** Continue each column's conversation instead of starting a new one. */
      followUp: z.optional(z.boolean()),
      images: z.optional(z.array(imageDataUrlSchema).check(z.maxLength(4))),
      tools: z.optional(z.array(toolDefinitionSchema).check(z.maxLength(32))),
      responseFormat: z.optional(responseFormatSchema),
    }),
    /** Blind mode: the user picked the best answer. */
    z.object({ type: z.literal("vote"), columnId: z.string().check(z.minLength(1), z.maxLength(64)) }),
    z.object({ type: z.literal("stop"), columnId: z.optional(z.string().check(z.maxLength(64))) }),
    z.object({ type: z.literal("retry"), columnId: z.string().check(z.minLength(1), z.maxLength(64)) }),
    z.object({ type: z.literal("clear") }),
    z.object({
      type: z.literal("code-action"),
      action: z.enum(["copy", "insert", "apply"]),
      code: z.string().check(z.maxLength(1_000_000)),
      columnId: z.string().check(z.maxLength(64)),
    }),
    z.object({ type: z.literal("open-link"), href: z.string().check(z.maxLength(4_000)) }),
    /**
     * After the extension host restarted (Reload Window), the webview hands back the finished conversation
     * it kept, so the answers (they cost money) stay on screen and a follow-up continues them.
     */
    z.object({
      type: z.literal("restore"),
      comparison: z.int().check(z.nonnegative()),
      columns: z.array(z.object({
        columnId: columnStateSchema.shape.columnId,
        modelId: modelIdSchema,
        status: columnStatusSchema,
        text: z.string().check(z.maxLength(2_000_000)),
        reasoning: z.string().check(z.maxLength(2_000_000)),
        stats: columnStatsSchema,
        error: columnStateSchema.shape.error,
        answeredBy: columnStateSchema.shape.answeredBy,
        toolCalls: z.optional(z.array(toolCallSchema).check(z.maxLength(64))),
        turn: columnStateSchema.shape.turn,
        stoppedAtTokenLimit: z.optional(z.boolean()),
        jsonOutput: z.optional(z.boolean()),
        jsonCheck: z.optional(jsonCheckSchema),
        prompt: z.optional(z.string().check(z.maxLength(200_000))),
        images: columnStateSchema.shape.images,
        history: columnStateSchema.shape.history,
      })).check(z.minLength(1), z.maxLength(6)),
    }),
    /** The user's results for a column's tool calls: the column goes on with them (multi-step tool use). */
    z.object({
      type: z.literal("tool-results"),
      columnId: z.string().check(z.minLength(1), z.maxLength(64)),
      results: z.array(z.object({ callId: z.string().check(z.minLength(1), z.maxLength(200)), content: z.string().check(z.maxLength(200_000)) })).check(z.minLength(1), z.maxLength(64)),
    }),
    /** The models the pickers show now: Compare Models on Selection runs these. */
    z.object({ type: z.literal("models-chosen"), models: z.array(modelIdSchema).check(z.minLength(1), z.maxLength(6)) }),
    /** Save the conversation on show as Markdown or JSON. */
    z.object({ type: z.literal("export-conversation") }),
    /** The action offered next to a column's error. */
    z.object({ type: z.literal("error-action"), action: z.enum(["set-key", "open-budget", "pick-model", "open-provider-settings"]), modelId: z.string().check(z.maxLength(200)) }),
  ]);

  /** Host -> webview. */
  const hostMessageSchema = z.discriminatedUnion("type", [
    z.object({
      type: z.literal("init"),
      models: z.array(modelOptionSchema),
      defaultModels: z.array(z.string()),
      prompt: z.string(),
      /** The simulated demo models are left out of the picker (a key is set); the picker says so. */
      demoHidden: z.optional(z.boolean()),
    }),
    /** The whole comparison: sent on start and replayed whenever the panel (re)connects. */
    z.object({
      type: z.literal("columns"),
      columns: z.array(columnStateSchema),
      sessionCostUsd: z.number(),
      /** Which comparison these columns belong to: a new number is a new comparison (blind mode reshuffles). */
      comparison: z.optional(z.int().check(z.nonnegative())),
      /** The prompt this comparison sent (its latest turn). */
      prompt: z.optional(z.string()),
    }),
    /** One streamed step of one column: appended text plus the counters after it. */
    z.object({
      type: z.literal("column-delta"),
      columnId: z.string(),
      text: z.string(),
      reasoning: z.string(),
      status: columnStatusSchema,
      stats: columnStatsSchema,
      error: columnStateSchema.shape.error,
      answeredBy: columnStateSchema.shape.answeredBy,
      route: columnStateSchema.shape.route,
      toolCalls: columnStateSchema.shape.toolCalls,
      stoppedAtTokenLimit: columnStateSchema.shape.stoppedAtTokenLimit,
      sessionCostUsd: z.number(),
    }),
    z.object({ type: z.literal("error"), message: z.string() }),
    /** A finished JSON answer was checked. */
    z.object({ type: z.literal("column-json"), columnId: z.string(), check: jsonCheckSchema }),
    /** Blind-mode votes so far, per task template: model id -> wins. */
    z.object({ type: z.literal("leaderboard"), template: z.string(), wins: z.record(z.string(), z.int().check(z.nonnegative())) }),
    /** The code a comparison on selection was started from, shown as a chip above the columns. */
    z.object({
      type: z.literal("attachment"),
      attachment: z.nullable(z.object({ fileName: z.string(), languageId: z.string(), startLine: z.number(), endLine: z.number(), code: z.string() })),
    }),
  ]);
  return { columnStatsSchema, columnStatusSchema, toolCallSchema, jsonCheckSchema, columnTurnSchema, columnStateSchema, modelOptionSchema, imageDataUrlSchema, toolDefinitionSchema, responseFormatSchema, webviewMessageSchema, hostMessageSchema };
}

export type ProtocolSchemas = ReturnType<typeof buildProtocolSchemas>;
export const protocolSchemas = builtOnFirstUse(buildProtocolSchemas);

export type ColumnStats = z.infer<ProtocolSchemas["columnStatsSchema"]>;
export type ToolDefinitionMessage = z.infer<ProtocolSchemas["toolDefinitionSchema"]>;
export type ResponseFormatMessage = z.infer<ProtocolSchemas["responseFormatSchema"]>;
export type ColumnStatus = z.infer<ProtocolSchemas["columnStatusSchema"]>;
export type ColumnState = z.infer<ProtocolSchemas["columnStateSchema"]>;
export type ColumnTurn = z.infer<ProtocolSchemas["columnTurnSchema"]>;
export type JsonCheck = z.infer<ProtocolSchemas["jsonCheckSchema"]>;
export type ModelOption = z.infer<ProtocolSchemas["modelOptionSchema"]>;
export type WebviewMessage = z.infer<ProtocolSchemas["webviewMessageSchema"]>;
export type HostMessage = z.infer<ProtocolSchemas["hostMessageSchema"]>;
export type CodeAttachment = NonNullable<Extract<HostMessage, { type: "attachment" }>["attachment"]>;

/** A short, human-readable reason why a message did not parse (first issue, with its path). */
export function describeProtocolError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid message";
  const path = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${path}${issue.message}`;
}
