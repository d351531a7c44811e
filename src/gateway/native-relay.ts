// The provider's own answer, relayed to a client of the same wire byte for byte. Nothing leaves before the
// first output (text, thinking, a tool call): until then a failed attempt's bytes are dropped and a
// fallback stays invisible. The bytes holding the answer's end leave only once the attempt is recorded,
// so a client that has read the whole answer can count on the ledger having it. An answer cut short after
// its first output (a reset, a stream that stopped before its end) closes with the wire's own error event,
// never a clean end the client would take for a whole answer.
import type { ServerResponse } from "node:http";
import type { NativeSink } from "../core/providers/native-request";

export class NativeRelay implements NativeSink {
  private head: { status: number; headers: Record<string, string> } | undefined;
  private held: Buffer[] = [];
  private ending: Buffer[] = [];
  private live = false;
  /** The provider's own error event went to the client: its failure needs no words of ours. */
  private providerFailed = false;
  /** Bytes of a live answer waiting for this turn's one write. */
  private pending: Buffer[] = [];
  private flushing = false;
  /** The last event handed over: what a closing error event of ours follows (its sequence number). */
  private last: readonly Buffer[] = [];

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
    this.providerFailed = false;
    this.last = [];
  }

  accepted(status: number, headers: Record<string, string>): void {
    this.head = { status, headers };
  }

  /** The last event's bytes handed over in this attempt (none yet: empty). */
  get lastEvent(): Buffer {
    return Buffer.concat(this.last);
  }

  write(bytes: readonly Buffer[], meaning: { output: boolean; ended: boolean; failed: boolean }): void {
    if (meaning.failed) this.providerFailed = true;
    if (bytes.length > 0) this.last = bytes;
    if (meaning.ended || this.ending.length > 0) {
      if (meaning.output && !this.live) this.goLive();
      this.ending.push(...bytes);
    } else if (this.live) {
      if (this.response.destroyed) return;
      this.pending.push(...bytes);
      this.flushSoon();
    } else {
      this.held.push(...bytes);
      if (meaning.output) this.goLive();
    }
  }

  /**
   * After the attempt is recorded: the rest of the answer, and the end of the response. `failure`: the
   * wire's error event for an answer that failed after its first output, sent unless the provider's was.
   */
  finish(failure?: string): void {
    if (this.response.destroyed) return;
    if (!this.live) this.goLive();
    this.flush();
    if (failure !== undefined && !this.providerFailed) this.ending.push(Buffer.from(failure));
    this.response.end(this.ending.length === 0 ? undefined : Buffer.concat(this.ending));
    this.ending = [];
  }

  /**
   * The events of one network read leave in one write, once they are all handed over (this turn of the
   * event loop): a write per event costs more CPU than the events themselves, and the bytes are the same.
   */
  private flushSoon(): void {
    if (this.flushing) return;
    this.flushing = true;
    process.nextTick(() => {
      this.flushing = false;
      this.flush();
    });
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0 || this.response.destroyed) return;
    this.response.write(pending.length === 1 ? pending[0]! : Buffer.concat(pending));
  }

  private goLive(): void {
    if (!this.head || this.response.destroyed) return;
    this.live = true;
    this.response.writeHead(this.head.status, this.head.headers);
    if (this.held.length > 0) this.response.write(Buffer.concat(this.held));
    this.held = [];
    // Node corks a response's socket until the next tick; the first token should not wait for it.
    this.response.socket?.uncork();
  }
}
