// The library's public types: plain TypeScript, so the published .d.ts needs nothing but itself. They are
// the core's normalised shapes written out; test/unit/library.test.ts fails to type-check if they drift.

/** Text, or an image as a data: URL (base64) or an https: URL. */
export type ContentPart = { type: "text"; text: string } | { type: "image"; url: string };

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as the model wrote them: JSON text. */
  arguments: string;
}

/** OpenAI's chat shapes, in camelCase: a tool result answers a call by its id. */
export type Message =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ContentPart[] }
  | { role: "assistant"; content: string; toolCalls?: ToolCall[] }
  | { role: "tool"; toolCallId: string; content: string };

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export type ToolChoice = "auto" | "none" | "required" | { name: string };

export type ResponseFormat = { type: "json" } | { type: "json-schema"; name: string; schema: Record<string, unknown> };

export type Strategy = "cheapest" | "fastest" | "quality" | "balanced";

/** allow: any provider; deny-training: none that trains on your data; zero-retention: none that keeps it. */
export type DataPolicy = "allow" | "deny-training" | "zero-retention";

export interface ChatOptions {
  /** PROVIDER/MODEL, tried first; `fallback` models are tried in order when it fails before answering. */
  model?: string;
  fallback?: readonly string[];
  /** Instead of `model`: order `candidates` by this strategy. */
  strategy?: Strategy;
  candidates?: readonly string[];
  /** USD per 1M tokens: models priced above are not used. */
  maxPrice?: { input?: number; output?: number };
  /** USD: a request whose estimate is above this is refused before anything is sent. */
  maxCostUsd?: number;
  messages: readonly Message[];
  tools?: readonly ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  maxOutputTokens?: number;
  temperature?: number;
  dataPolicy?: DataPolicy;
  /** Spend tags in the ledger (default: the router's). */
  project?: string;
  feature?: string;
  /** Bounds the wait for a provider's first byte, in ms (a slow provider is then skipped for the next). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface Usage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface AttemptSummary {
  /** PROVIDER/MODEL. */
  model: string;
  /** ok, or why it failed: rate-limit, overloaded, auth, timeout, network, … */
  outcome: string;
  /** The provider's HTTP status, when it answered with one. */
  status: number | null;
  /** Why this model was tried. */
  reason: string;
}

export interface ChatReply {
  text: string;
  /** The model's reasoning, when the provider streams it. */
  reasoning: string;
  toolCalls: ToolCall[];
  /** Zero where the provider reported no usage (then the cost is Switchboard's estimate). */
  usage: Usage;
  /** USD for the whole request (failed attempts included); null when the model has no known price. */
  costUsd: number | null;
  /** Whose figure costUsd is: the provider's own, the price list's, an estimate, or unpriced. */
  costSource: string;
  /** The model that answered: PROVIDER/MODEL. */
  model: string;
  finishReason: string | undefined;
  /** Why this model answered: the route's reason and every attempt, failed ones first. */
  route: { reason: string; attempts: AttemptSummary[] };
  /** The ledger's id for this request. */
  requestId: string;
}

export type ChatEvent =
  | { type: "text-delta"; text: string }
  | { type: "reasoning-delta"; text: string }
  | { type: "tool-call"; id: string; name: string; arguments: string }
  /** The last event: the whole reply, once its record is in the ledger. */
  | { type: "done"; reply: ChatReply };

/** The CLI's config file shape: your own providers, model price/context overrides, budgets. */
export interface RouterConfig {
  providers?: Array<Record<string, unknown>>;
  models?: Array<Record<string, unknown>>;
  budgets?: { sessionUsd?: number; dailyUsd?: number; monthlyUsd?: number; warnAt?: number };
}

export interface RouterOptions {
  /** A config file path or the same object (as `switchboard --config`). */
  config?: string | RouterConfig;
  /** A team policy file path or the same object (as `--policy`): it narrows what may be used. */
  policy?: string | Record<string, unknown>;
  /** The ledger file (default: the CLI's, ~/.config/switchboard/ledger.jsonl). */
  ledger?: string;
  /** Default spend tags (project: the working directory's name; feature: "library"). */
  project?: string;
  feature?: string;
  /** Where API keys are read (default: process.env), by each provider's variable (OPENAI_API_KEY, …). */
  env?: Record<string, string | undefined>;
}

export interface ModelEntry {
  id: string;
  displayName: string;
  contextWindow: number;
  maxOutputTokens: number;
  /** USD per 1M tokens. */
  pricing: { input: number; output: number; cachedInput?: number; asOf?: string };
  imageInput: boolean;
  toolCalling: boolean;
  reasoning: boolean;
  /** Its provider has what it needs to be called here (a key in `env`, or none needed). */
  available: boolean;
}

export type SpendGrouping = "model" | "provider" | "project" | "feature" | "caller" | "session" | "day";

export interface SpendRow {
  key: string;
  requests: number;
  attempts: number;
  estimated: number;
  unpriced: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface Router {
  /** One routed answer, with fallback; resolves once its records are in the ledger. */
  chat(options: ChatOptions): Promise<ChatReply>;
  /** The same request, streamed: text, reasoning and tool calls as they arrive, then `done`. */
  stream(options: ChatOptions): AsyncIterable<ChatEvent>;
  /** The catalog with prices, your config's overrides applied. */
  models(): ModelEntry[];
  /** Spend from the ledger, grouped; `since` is a day (YYYY-MM-DD, UTC) or a Date. */
  spend(options?: { by?: SpendGrouping; since?: string | Date }): { rows: SpendRow[]; total: SpendRow };
  /** Problems in the config that were skipped (a bad model entry), as the CLI's warnings. */
  readonly warnings: readonly string[];
  /** Sends queued telemetry (OpenTelemetry from OTEL_* variables) and stops the exporter; at most 2 s. */
  close(): Promise<void>;
}
