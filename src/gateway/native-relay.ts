// The provider's own answer, relayed to a client of the same wire byte for byte. Nothing leaves before the
// first output (text, thinking, a tool call): until then a failed attempt's bytes are dropped and a
// fallback stays invisible. The bytes holding the answer's end leave only once the attempt is recorded,
// so a client that has read the whole answer can count on the ledger having it.
import type { ServerResponse } from "node:http";
import type { NativeSink } from "../core/providers/native-request";

export class NativeRelay implements NativeSink {
  private head: { status: number; headers: Record<string, string> } | undefined;
  private held: Buffer[] = [];
  private ending: Buffer[] = [];
  private live = false;
  private corked = false;

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

  write(bytes: readonly Buffer[], meaning: { output: boolean; ended: boolean }): void {
    if (meaning.ended || this.ending.length > 0) {
      if (meaning.output && !this.live) this.goLive();
      this.ending.push(...bytes);
    } else if (this.live) {
      if (this.response.destroyed) return;
      this.batch();
      for (const piece of bytes) this.response.write(piece);
    } else {
      this.held.push(...bytes);
      if (meaning.output) this.goLive();
    }
  }

  /** After the attempt is recorded: the rest of the answer, and the end of the response. */
  finish(): void {
    if (this.response.destroyed) return;
    if (!this.live) this.goLive();
    for (const piece of this.ending) this.response.write(piece);
    this.ending = [];
    this.response.end();
  }

  /**
   * The events of one network read leave in one write: the socket is corked until the reads' events
   * are all handed over (a write per event costs more CPU than the events themselves).
   */
  private batch(): void {
    if (this.corked || !this.response.socket) return;
    this.corked = true;
    this.response.socket.cork();
    process.nextTick(() => {
      this.corked = false;
      this.response.socket?.uncork();
    });
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
