// A loopback HTTP server that answers like a provider: recorded real streams in their SSE envelope,
// or hand-made faults. It records every request so tests can check what the adapter sent.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/** The repository's copies of recorded real provider streams (origin and licence in NOTICE.md there). */
export const wireDir = join(__dirname, "..", "fixtures", "wire");

export type Envelope = "openai" | "responses" | "anthropic" | "gemini";

/** Wraps recorded chunks as the provider sends them (see test/fixtures/wire/NOTICE.md). */
export function envelope(kind: Envelope, lines: readonly string[]): string {
  switch (kind) {
    case "openai":
      return `${lines.map((line) => `data: ${line}\n\n`).join("")}data: [DONE]\n\n`;
    // Anthropic and OpenAI's Responses API name each event by its type.
    case "anthropic":
    case "responses":
      return lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`).join("");
    case "gemini":
      return lines.map((line) => `data: ${line}\r\n\r\n`).join("");
  }
}

/** A loopback port nothing listens on: connecting is refused (a server or collector that is down). */
export async function refusedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function fixtureLines(name: string): string[] {
  return readFileSync(join(wireDir, name), "utf8").split("\n").filter((line) => line.trim() !== "");
}

/** What an OpenAI-shaped recording says a field holds: the concatenation of its deltas. */
export function recordedOpenAIText(name: string, field: "content" | "reasoning_content" = "content"): string {
  return fixtureLines(name)
    .flatMap((line) => (JSON.parse(line).choices ?? []).map((c: { delta?: Record<string, string | null> }) => c.delta?.[field] ?? ""))
    .join("");
}

interface OpenAIChunkChoice {
  index?: number;
  delta?: { role?: string; content?: string | null; reasoning_content?: string | null; refusal?: string | null; tool_calls?: Array<{ index: number; id?: string; type?: string; function?: { name?: string; arguments?: string } }> };
  finish_reason?: string | null;
}

/**
 * The chat.completion an OpenAI-compatible provider answers unstreamed for what it streamed in these
 * recorded chunks (OpenAI's documented shape: one message per choice, its calls whole, the usage).
 */
export function completionOfChunks(lines: readonly string[]): Record<string, unknown> {
  const chunks = lines.map((line) => JSON.parse(line) as { id: string; created: number; model: string; choices: OpenAIChunkChoice[]; usage?: unknown });
  const choices = new Map<number, { content: string; reasoning: string; calls: Array<{ id: string; type: string; function: { name: string; arguments: string } }>; finish: string | null }>();
  for (const choice of chunks.flatMap((chunk) => chunk.choices)) {
    const index = choice.index ?? 0;
    const into = choices.get(index) ?? { content: "", reasoning: "", calls: [], finish: null };
    choices.set(index, into);
    into.content += choice.delta?.content ?? "";
    into.reasoning += choice.delta?.reasoning_content ?? "";
    for (const piece of choice.delta?.tool_calls ?? []) {
      into.calls[piece.index] ??= { id: "", type: "function", function: { name: "", arguments: "" } };
      const call = into.calls[piece.index]!;
      call.id ||= piece.id ?? "";
      call.function.name ||= piece.function?.name ?? "";
      call.function.arguments += piece.function?.arguments ?? "";
    }
    into.finish = choice.finish_reason ?? into.finish;
  }
  const first = chunks[0]!;
  return {
    id: first.id,
    object: "chat.completion",
    created: first.created,
    model: first.model,
    choices: [...choices].map(([index, { content, reasoning, calls, finish }]) => ({
      index,
      message: { role: "assistant", content: content === "" && calls.length > 0 ? null : content, refusal: null, ...(reasoning ? { reasoning_content: reasoning } : {}), ...(calls.length > 0 ? { tool_calls: calls } : {}) },
      logprobs: null,
      finish_reason: finish,
    })),
    usage: chunks.findLast((chunk) => chunk.usage)?.usage ?? null,
  };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => unknown;

export class FixtureServer {
  readonly requests: RecordedRequest[] = [];
  /** Resolves each time a client connection closes (cancellation tests watch this). */
  closedConnections = 0;
  private handler: Handler = (_req, res) => res.writeHead(500).end("no handler");

  private constructor(private readonly server: Server, readonly baseUrl: string) {}

  static async start(): Promise<FixtureServer> {
    let self: FixtureServer | undefined;
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        let parsed: unknown = body;
        try {
          parsed = JSON.parse(body);
        } catch {
          // keep raw text
        }
        self!.requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: parsed });
        void self!.handler(request, response, body);
      });
    });
    server.on("connection", (socket) => socket.on("close", () => (self!.closedConnections += 1)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    self = new FixtureServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  handle(handler: Handler): void {
    this.handler = handler;
  }

  /** Serves a body as an SSE stream, optionally in small pieces to exercise reassembly. */
  serveSse(payload: string, chunkSize = 0): void {
    this.handle((_req, res) => this.writeSse(res, payload, chunkSize));
  }

  private writeSse(res: ServerResponse, payload: string, chunkSize: number): void {
    res.writeHead(200, { "content-type": "text/event-stream" });
    if (chunkSize <= 0) return void res.end(payload);
    const bytes = Buffer.from(payload, "utf8");
    for (let i = 0; i < bytes.length; i += chunkSize) res.write(bytes.subarray(i, i + chunkSize));
    res.end();
  }

  /**
   * Answers as an OpenAI-compatible provider does: these recorded chunks streamed when the request asks
   * for a stream (in pieces of `chunkSize` bytes), else the whole chat.completion they add up to.
   */
  serveOpenAI(lines: readonly string[], chunkSize = 0): void {
    const streamed = envelope("openai", lines);
    const whole = JSON.stringify(completionOfChunks(lines));
    this.handle((_req, res, body) => {
      if ((JSON.parse(body) as { stream?: unknown }).stream === true) return void this.writeSse(res, streamed, chunkSize);
      res.writeHead(200, { "content-type": "application/json" }).end(whole);
    });
  }

  /** Serves a body split at exactly these byte offsets, each piece written on its own turn of the event loop. */
  serveSplit(payload: Buffer, cuts: readonly number[]): void {
    this.handle(async (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      let start = 0;
      for (const cut of [...cuts, payload.length]) {
        if (cut > start) res.write(payload.subarray(start, cut));
        start = Math.max(start, cut);
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
  }

  /** Serves the start of a stream, then resets the connection: an answer cut short after it began. */
  serveThenReset(start: string): void {
    this.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(start);
      setTimeout(() => res.destroy(), 20);
    });
  }

  serveStatus(status: number, body: string, headers: Record<string, string> = {}): void {
    this.handle((_req, res) => res.writeHead(status, { "content-type": "application/json", ...headers }).end(body));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
