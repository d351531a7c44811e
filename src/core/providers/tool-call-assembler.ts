// Puts streamed tool calls back together. Wires send a call's id and name once and its arguments in
// pieces (several calls may interleave by key); a call's arguments are whole JSON text when it completes.
import type { StreamEvent, ToolCall } from "../stream/events";

interface PartialCall {
  index: number;
  id: string;
  name: string;
  arguments: string;
  /** Used when no argument pieces came (Anthropic's content_block_start input). */
  initialArguments?: string;
  done: boolean;
}

export class ToolCallAssembler {
  private readonly calls = new Map<string | number, PartialCall>();

  constructor(private readonly makeId: (index: number) => string = (index) => `call_${index}`) {}

  get count(): number {
    return this.calls.size;
  }

  has(key: string | number): boolean {
    return this.calls.has(key);
  }

  /** A new call (or more of an existing one, whose id and name are kept). */
  start(key: string | number, id: string | undefined, name: string | undefined, initialArguments?: string): StreamEvent {
    let call = this.calls.get(key);
    if (!call) {
      const index = this.calls.size;
      call = { index, id: id || this.makeId(index), name: name ?? "", arguments: "", initialArguments, done: false };
      this.calls.set(key, call);
    } else if (name && !call.name) {
      call.name = name;
    }
    return this.delta(call, "");
  }

  append(key: string | number, piece: string): StreamEvent | undefined {
    const call = this.calls.get(key);
    if (!call) return undefined;
    call.arguments += piece;
    return this.delta(call, piece);
  }

  private delta(call: PartialCall, argumentsDelta: string): StreamEvent {
    return { type: "tool-call-delta", index: call.index, id: call.id, name: call.name, argumentsDelta };
  }

  /** Completes one call: an empty argument stream means no arguments, "{}". */
  complete(key: string | number): StreamEvent | undefined {
    const call = this.calls.get(key);
    if (!call || call.done) return undefined;
    call.done = true;
    const text = call.arguments.trim() !== "" ? call.arguments : call.initialArguments && call.initialArguments !== "{}" ? call.initialArguments : "{}";
    const done: ToolCall = { id: call.id, name: call.name, arguments: text };
    return { type: "tool-call", ...done };
  }

  /** Completes every call still open, in index order. */
  completeAll(): StreamEvent[] {
    return [...this.calls.entries()]
      .sort(([, a], [, b]) => a.index - b.index)
      .flatMap(([key]) => {
        const event = this.complete(key);
        return event ? [event] : [];
      });
  }
}
