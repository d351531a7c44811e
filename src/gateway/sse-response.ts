// Writing an answer back over HTTP: a JSON body, or server-sent events that start only once there is
// something to send (until then a failure can still be a proper HTTP error, and a fallback is invisible).
import type { ServerResponse } from "node:http";

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

export class SseWriter {
  private started = false;

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
    this.start();
    this.response.write(`${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
  }

  end(): void {
    this.response.end();
  }
}
