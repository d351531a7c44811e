// The provider's own answer, relayed to a client of the same wire byte for byte. Nothing leaves before the
// first output (text, thinking, a tool call): until then a failed attempt's bytes are dropped and a
// fallback stays invisible. The bytes holding the answer's end leave only once the attempt is recorded,
// so a client that has read the whole answer can count on the ledger having it.
import type { ServerResponse } from "node:http";
import type { NativeSink } from "../core/providers/native-request";
import type { StreamEvent } from "../core/stream/events";

const OUTPUT_EVENTS = new Set<StreamEvent["type"]>(["text-delta", "reasoning-delta", "tool-call-delta", "tool-call"]);

export class NativeRelay implements NativeSink {
  private head: { status: number; headers: Record<string, string> } | undefined;
  private held: Buffer[] = [];
  private ending: Buffer[] = [];
  private live = false;

  constructor(private readonly response: ServerResponse) {}

  /** The current attempt is answering in the client's wire (its provider accepted the client's request). */
  get isActive(): boolean {
    return this.head !== undefined;
  }

  /** Bytes have reached the client: the answer is this attempt's, whatever happens next. */
  get isLive(): boolean {
    return this.live;
  }

  /** A new attempt starts: whatever an earlier one left unsent is dropped. */
  newAttempt(): void {
    if (this.live) return;
    this.head = undefined;
    this.held = [];
    this.ending = [];
  }

  accepted(status: number, headers: Record<string, string>): void {
    this.head = { status, headers };
  }

  write(bytes: readonly Buffer[], ended: boolean): void {
    if (ended || this.ending.length > 0) {
      this.ending.push(...bytes);
    } else if (this.live) {
      for (const piece of bytes) this.response.write(piece);
    } else {
      this.held.push(...bytes);
    }
  }

  /** Every pipeline event of a native attempt: the first output opens the flow. */
  onEvent(event: StreamEvent): void {
    if (this.live || !this.head || !OUTPUT_EVENTS.has(event.type)) return;
    this.goLive();
  }

  /** After the attempt is recorded: the rest of the answer, and the end of the response. */
  finish(): void {
    if (this.response.destroyed) return;
    if (!this.live) this.goLive();
    for (const piece of this.ending) this.response.write(piece);
    this.ending = [];
    this.response.end();
  }

  private goLive(): void {
    if (!this.head || this.response.destroyed) return;
    this.live = true;
    this.response.writeHead(this.head.status, this.head.headers);
    for (const piece of this.held) this.response.write(piece);
    this.held = [];
    // Node corks a response's socket until the next tick; the first token should not wait for it.
    this.response.socket?.uncork();
  }
}
