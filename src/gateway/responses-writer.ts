// A translated answer in the Responses API's own shapes: the typed event stream (response.created,
// output items added and done, text and argument deltas, response.completed) and the Response object,
// with usage in OpenAI's terms and Switchboard's cost. A custom tool's call goes back as custom_tool_call.
import { randomUUID } from "node:crypto";
import { CUSTOM_TOOL_INPUT } from "../core/providers/openai-responses-request";
import type { AttemptState } from "../core/run/attempt-state";
import { picoToUsd } from "../core/spend/cost";
import type { StreamEvent, ToolCall, Usage } from "../core/stream/events";
import type { GatewayError } from "./gateway-request";
import type { ClientTool } from "./responses-shapes";
import type { SseWriter } from "./sse-response";

const newId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, "")}`;

/** Usage in the Responses API's terms (input includes cached, output includes reasoning) plus the cost. */
export function responsesUsage(usage: Usage | undefined, costPico: bigint | undefined): Record<string, unknown> {
  const input = usage?.inputTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage?.cachedInputTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage?.reasoningTokens ?? 0 },
    total_tokens: input + output,
    ...(costPico === undefined ? {} : { cost: picoToUsd(costPico) }),
  };
}

export function responsesErrorBody(error: GatewayError): { code: string; message: string } {
  return { code: error.kind, message: error.message };
}

type OutputItem = Record<string, unknown>;

export class ResponsesWriter {
  readonly id = newId("resp");
  private readonly createdAt = Math.floor(Date.now() / 1000);
  private sequence = 0;
  private started = false;
  model = "";
  /** Output items in order; the one streaming now is the last. */
  private readonly output: OutputItem[] = [];
  private open: { kind: "message" | "reasoning"; item: OutputItem; text: string } | undefined;
  /** Call items by the call's id (every piece of a call and its completion carry it). */
  private readonly calls = new Map<string, { item: OutputItem; outputIndex: number }>();

  constructor(
    private readonly sse: SseWriter | undefined,
    private readonly tools: ReadonlyMap<string, ClientTool>,
    private readonly echo: Record<string, unknown>,
  ) {}

  private send(type: string, fields: Record<string, unknown>): void {
    this.sse?.send({ type, sequence_number: this.sequence++, ...fields }, type);
  }

  private response(status: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { id: this.id, object: "response", created_at: this.createdAt, status, model: this.model, output: status === "in_progress" ? [] : this.output, error: null, incomplete_details: null, ...this.echo, usage: null, ...extra };
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.send("response.created", { response: this.response("in_progress") });
    this.send("response.in_progress", { response: this.response("in_progress") });
  }

  private closeOpen(): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    const outputIndex = this.output.indexOf(open.item);
    if (open.kind === "message") {
      const part = { type: "output_text", text: open.text, annotations: [] };
      open.item.content = [part];
      open.item.status = "completed";
      this.send("response.output_text.done", { item_id: open.item.id, output_index: outputIndex, content_index: 0, text: open.text });
      this.send("response.content_part.done", { item_id: open.item.id, output_index: outputIndex, content_index: 0, part });
    } else {
      const part = { type: "summary_text", text: open.text };
      open.item.summary = [part];
      this.send("response.reasoning_summary_text.done", { item_id: open.item.id, output_index: outputIndex, summary_index: 0, text: open.text });
      this.send("response.reasoning_summary_part.done", { item_id: open.item.id, output_index: outputIndex, summary_index: 0, part });
    }
    this.send("response.output_item.done", { output_index: outputIndex, item: open.item });
  }

  private openItem(kind: "message" | "reasoning"): { item: OutputItem; outputIndex: number } {
    if (this.open?.kind === kind) return { item: this.open.item, outputIndex: this.output.indexOf(this.open.item) };
    this.closeOpen();
    const item: OutputItem = kind === "message" ? { id: newId("msg"), type: "message", status: "in_progress", role: "assistant", content: [] } : { id: newId("rs"), type: "reasoning", summary: [] };
    this.output.push(item);
    const outputIndex = this.output.length - 1;
    this.open = { kind, item, text: "" };
    this.send("response.output_item.added", { output_index: outputIndex, item: { ...item } });
    if (kind === "message") this.send("response.content_part.added", { item_id: item.id, output_index: outputIndex, content_index: 0, part: { type: "output_text", text: "", annotations: [] } });
    else this.send("response.reasoning_summary_part.added", { item_id: item.id, output_index: outputIndex, summary_index: 0, part: { type: "summary_text", text: "" } });
    return { item, outputIndex };
  }

  /** The client's own shape of a call: a function (in its namespace) or a custom tool's text. */
  private callItem(call: Pick<ToolCall, "id" | "name">, args: string, status: string): OutputItem {
    const client = this.tools.get(call.name);
    if (client?.kind === "custom") return { id: newId("ctc"), type: "custom_tool_call", status, call_id: call.id, name: client.name, input: customInput(args) };
    return { id: newId("fc"), type: "function_call", status, call_id: call.id, name: client?.name ?? call.name, ...(client?.namespace ? { namespace: client.namespace } : {}), arguments: args };
  }

  /** One normalised event, streamed in the API's events. */
  onEvent(event: StreamEvent): void {
    if (event.type === "text-delta" || event.type === "reasoning-delta") {
      this.start();
      const kind = event.type === "text-delta" ? "message" : "reasoning";
      const { item, outputIndex } = this.openItem(kind);
      this.open!.text += event.text;
      if (kind === "message") this.send("response.output_text.delta", { item_id: item.id, output_index: outputIndex, content_index: 0, delta: event.text });
      else this.send("response.reasoning_summary_text.delta", { item_id: item.id, output_index: outputIndex, summary_index: 0, delta: event.text });
    } else if (event.type === "tool-call-delta") {
      const call = this.callOpened(event);
      // A custom tool's text is known whole only once its call completes (it arrives as JSON here).
      if (call.item.type === "function_call" && event.argumentsDelta) this.send("response.function_call_arguments.delta", { item_id: call.item.id, output_index: call.outputIndex, delta: event.argumentsDelta });
    } else if (event.type === "tool-call") {
      // A call may arrive whole, with no pieces before it: its item opens now.
      const call = this.callOpened(event);
      if (call.item.status === "completed") return;
      const done = this.callItem(event, event.arguments, "completed");
      Object.assign(call.item, { ...done, id: call.item.id });
      if (call.item.type === "custom_tool_call") {
        this.send("response.custom_tool_call_input.delta", { item_id: call.item.id, output_index: call.outputIndex, delta: call.item.input });
        this.send("response.custom_tool_call_input.done", { item_id: call.item.id, output_index: call.outputIndex, input: call.item.input });
      } else {
        this.send("response.function_call_arguments.done", { item_id: call.item.id, output_index: call.outputIndex, arguments: event.arguments });
      }
      this.send("response.output_item.done", { output_index: call.outputIndex, item: call.item });
    }
  }

  /** The call's item, added (and announced) on its first piece. */
  private callOpened(call: Pick<ToolCall, "id" | "name">): { item: OutputItem; outputIndex: number } {
    this.start();
    const known = this.calls.get(call.id);
    if (known) return known;
    this.closeOpen();
    const item = this.callItem(call, "", "in_progress");
    this.output.push(item);
    const opened = { item, outputIndex: this.output.length - 1 };
    this.calls.set(call.id, opened);
    this.send("response.output_item.added", { output_index: opened.outputIndex, item: { ...item } });
    return opened;
  }

  /** The answer's end: open items closed, then response.completed (or .incomplete at the token limit). */
  finish(state: AttemptState, usage: Record<string, unknown>): Record<string, unknown> {
    if (!this.sse) this.fillFrom(state);
    this.start();
    this.closeOpen();
    const incomplete = state.finish?.reason === "length" || state.finish?.reason === "content-filter";
    const reason = state.finish?.reason === "length" ? "max_output_tokens" : "content_filter";
    const final = this.response(incomplete ? "incomplete" : "completed", { usage, ...(incomplete ? { incomplete_details: { reason } } : {}) });
    this.send(incomplete ? "response.incomplete" : "response.completed", { response: final });
    return final;
  }

  /** A failure after the stream began: response.failed with the error (never a silent end). */
  fail(error: GatewayError): void {
    this.start();
    this.send("response.failed", { response: this.response("failed", { error: responsesErrorBody(error) }) });
  }

  /** Unstreamed: the output items from the attempt's final state. */
  private fillFrom(state: AttemptState): void {
    if (state.reasoning) this.onEvent({ type: "reasoning-delta", text: state.reasoning });
    if (state.text) this.onEvent({ type: "text-delta", text: state.text });
    for (const call of state.toolCalls) this.onEvent({ type: "tool-call", ...call });
  }

  get isStarted(): boolean {
    return this.started;
  }
}

function customInput(args: string): string {
  try {
    const parsed = JSON.parse(args) as Record<string, unknown>;
    return typeof parsed[CUSTOM_TOOL_INPUT] === "string" ? (parsed[CUSTOM_TOOL_INPUT] as string) : args;
  } catch {
    return args;
  }
}
