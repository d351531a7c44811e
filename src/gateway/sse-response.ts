// Writing an answer back over HTTP: a JSON body, or server-sent events that start only once there is
// something to send (until then a failure can still be a proper HTTP error, and a fallback is invisible).
import type { ServerResponse } from "node:http";

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/**
 * One server-sent event's text: `data: JSON` (a string is taken as already serialised, or as `[DONE]`),
 * with an `event:` line when the API names its events (Anthropic).
 */
export function sseEventText(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
}

/**
 * Events are gathered and written once per turn of the event loop: a provider often delivers dozens of
 * events in one network read, and one write per event costs more CPU than the events themselves. The
 * first output is the exception: it leaves at once, so the first token never waits for the rest of its read.
 */
export class SseWriter {
  private started = false;
  private sentFirstOutput = false;
  private pending = "";
  private flushScheduled = false;

  constructor(private readonly response: ServerResponse) {}

  get isStarted(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  }

  /** `data: JSON`, with an `event:` line when the API names its events (Anthropic). */
  send(data: unknown, event?: string): void {
    this.sendRaw(typeof data === "string" ? data : JSON.stringify(data), event);
  }

  /** `data: TEXT` where TEXT is already serialised JSON. */
  sendRaw(json: string, event?: string): void {
    this.start();
    this.pending += sseEventText(json, event);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After every promise continuation now queued has run: all the events of this read.
    process.nextTick(() => this.flush());
  }

  /** Sends what is gathered at once if it holds the first output. */
  flushFirstOutput(): void {
    if (this.sentFirstOutput) return;
    this.sentFirstOutput = true;
    this.flush();
    // Node corks a response's socket until the next tick; the first token should not wait for it.
    this.response.socket?.uncork();
  }

  end(): void {
    this.flush();
    this.response.end();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending === "" || this.response.writableEnded || this.response.destroyed) return;
    this.response.write(this.pending);
    this.pending = "";
  }
}
