// A client's own request, kept for a provider that speaks the client's wire: the provider gets it as sent
// (only the model is the provider's own id) and the client gets the provider's bytes as they came, while
// the adapter reads the same bytes for usage, cost and tool calls. Translation is for other wires only.

/** The wire formats a client can speak to the gateway and a provider can answer in ("openai": Chat Completions, "responses": OpenAI's Responses API). */
export type Wire = "openai" | "responses" | "anthropic" | "gemini";

/** Where the provider's answer goes, byte for byte. */
export interface NativeSink {
  /** The provider accepted the request: its status and the response headers worth handing back. */
  accepted(status: number, headers: Record<string, string>): void;
  /**
   * One event's bytes (or a whole unstreamed answer's) as they came. `output`: they hold the first output
   * or later (text, thinking, a tool call), so the answer is this attempt's from here on; `ended`: the
   * answer's end is in them, so a sink may hold them until the attempt is recorded; `failed`: they hold the
   * provider's own error event (the client has its failure in the provider's words).
   */
  write(bytes: readonly Buffer[], meaning: { output: boolean; ended: boolean; failed: boolean }): void;
}

export interface NativeRequest {
  wire: Wire;
  /** The client's body with Switchboard's routing fields removed; the model is set per provider. */
  body: Record<string, unknown>;
  /** The client's API headers (anthropic-beta, anthropic-version, ...): never its credentials. */
  headers: Record<string, string>;
  /** The client's query string without credentials, "" or "?beta=true". */
  search: string;
  /** The client asked for a stream (else one JSON body). */
  stream: boolean;
  sink: NativeSink;
}

/** Request headers that are about this hop or the client's credentials, never forwarded. */
const NOT_FORWARDED = new Set([
  "host",
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "content-length",
  "content-type",
  // The adapter reads the bytes: they must come uncompressed.
  "accept-encoding",
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "x-goog-api-key",
  "cookie",
  "origin",
  "referer",
]);

type IncomingHeaders = Record<string, string | string[] | undefined>;

/** The headers, names lower-cased and repeated values joined, without those `dropped` names. */
function keptHeaders(headers: IncomingHeaders, dropped: (name: string) => boolean): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || dropped(lower)) continue;
    kept[lower] = Array.isArray(value) ? value.join(", ") : value;
  }
  return kept;
}

/** The client's headers a provider of the same wire should see. */
export function forwardableHeaders(headers: IncomingHeaders): Record<string, string> {
  return keptHeaders(headers, (name) => NOT_FORWARDED.has(name) || name.startsWith("x-switchboard-") || name.startsWith("sec-"));
}

/** Response headers that describe this hop's framing, not the answer. */
const NOT_RETURNED = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "date", "server", "set-cookie", "alt-svc", "via"]);

/** The provider's response headers a client of the same wire should see (content type, request id, rate limits). */
export function returnableHeaders(headers: IncomingHeaders): Record<string, string> {
  return keptHeaders(headers, (name) => NOT_RETURNED.has(name));
}

/** A client's token-count request (Anthropic's count_tokens, Gemini's countTokens): no model runs, nothing is billed. */
export type NativeCountRequest = Pick<NativeRequest, "wire" | "body" | "headers" | "search">;

/** The provider's answer to it, as it came. */
export interface NativeCountAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}
