// A scripted "model" on loopback, speaking one provider wire (Anthropic Messages, Gemini, OpenAI Chat
// Completions or OpenAI Responses): asked with the agent's file-writing tool on offer, it first calls that tool (with a
// thinking block or thought signature of its own, which the agent must send back unchanged), and once the
// tool's result is in the conversation it answers in text. Anything else the agent asks (a title, a JSON
// classification) gets a short answer in the shape asked for. Every request is recorded as it arrived.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedWire = "anthropic" | "gemini" | "openai" | "responses";

export interface RecordedCall {
  url: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

export interface FileTask {
  /** The tool the agent offers for writing files, and the arguments to call it with. */
  tool: string;
  args: Record<string, unknown>;
  /** The text of the final answer, once the tool has run. */
  answer: string;
}

type Reply = { kind: "tool"; name: string; args: Record<string, unknown> } | { kind: "text"; text: string } | { kind: "json"; value: unknown };

/** A value that satisfies a JSON schema's required shape (Gemini CLI asks some questions in JSON). */
function sampleOf(schema: Record<string, unknown> | undefined): unknown {
  const type = String(schema?.type ?? "object").toLowerCase();
  if (Array.isArray(schema?.enum) && schema.enum.length > 0) return schema.enum[0];
  if (type === "string") return "user";
  if (type === "integer" || type === "number") return 1;
  if (type === "boolean") return false;
  if (type === "array") return [];
  const properties = (schema?.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, sampleOf(value)]));
}

export class ScriptedModel {
  readonly calls: RecordedCall[] = [];
  /** The signatures this model put on its thinking / tool calls, in order. */
  readonly signatures: string[] = [];
  task: FileTask | undefined;

  private constructor(private readonly server: Server, readonly baseUrl: string, readonly wire: ScriptedWire) {}

  static async start(wire: ScriptedWire): Promise<ScriptedModel> {
    let self: ScriptedModel | undefined;
    const server = createServer((request, response) => {
      let text = "";
      request.on("data", (chunk) => {
        text += chunk;
      });
      request.on("end", () => {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(text || "{}") as Record<string, unknown>;
        } catch {
          // recorded as empty
        }
        self!.calls.push({ url: request.url ?? "", headers: request.headers, body });
        const { contentType, payload } = self!.answer(request.url ?? "", body);
        response.writeHead(200, { "content-type": contentType, "request-id": `req_${randomUUID()}` }).end(payload);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    self = new ScriptedModel(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, wire);
    return self;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private signature(): string {
    const signature = Buffer.from(`scripted-signature-${randomUUID()}`).toString("base64");
    this.signatures.push(signature);
    return signature;
  }

  /** What the model does with this request. */
  private decide(body: Record<string, unknown>): Reply {
    const text = JSON.stringify(body);
    if (this.wire === "gemini") {
      const config = body.generationConfig as { responseMimeType?: string; responseJsonSchema?: Record<string, unknown>; responseSchema?: Record<string, unknown> } | undefined;
      if (config?.responseMimeType === "application/json") return { kind: "json", value: sampleOf(config.responseJsonSchema ?? config.responseSchema) };
    }
    const task = this.task;
    if (!task || !text.includes(`"${task.tool}"`)) return { kind: "text", text: "OK." };
    const toolRan =
      this.wire === "anthropic"
        ? text.includes('"tool_result"')
        : this.wire === "gemini"
          ? text.includes('"functionResponse"')
          : this.wire === "responses"
            ? /"(custom_tool_call|function_call)_output"/.test(text)
            : text.includes('"role":"tool"');
    return toolRan ? { kind: "text", text: task.answer } : { kind: "tool", name: task.tool, args: task.args };
  }

  private answer(url: string, body: Record<string, unknown>): { contentType: string; payload: string } {
    if (url.includes("count_tokens")) return { contentType: "application/json", payload: JSON.stringify({ input_tokens: 1000 }) };
    if (url.includes(":countTokens")) return { contentType: "application/json", payload: JSON.stringify({ totalTokens: 1000 }) };
    const reply = this.decide(body);
    if (this.wire === "anthropic") return this.anthropic(reply, body.stream === true, String(body.model ?? ""));
    if (this.wire === "gemini") return this.gemini(reply, url.includes("streamGenerateContent"));
    if (this.wire === "responses") return this.responses(reply, String(body.model ?? ""), body);
    return this.openai(reply, String(body.model ?? ""));
  }

  private anthropic(reply: Reply, stream: boolean, model: string): { contentType: string; payload: string } {
    const usage = { input_tokens: 900, cache_creation_input_tokens: 2000, cache_read_input_tokens: 30000, output_tokens: 60 };
    const blocks: Array<Record<string, unknown>> =
      reply.kind === "tool"
        ? [
            { type: "thinking", thinking: "The user wants a file: I will write it.", signature: this.signature() },
            { type: "tool_use", id: `toolu_${randomUUID().replace(/-/g, "").slice(0, 24)}`, name: reply.name, input: reply.args },
          ]
        : [{ type: "text", text: reply.kind === "json" ? JSON.stringify(reply.value) : reply.text }];
    const stopReason = reply.kind === "tool" ? "tool_use" : "end_turn";
    const message = { id: `msg_${randomUUID().replace(/-/g, "")}`, type: "message", role: "assistant", model, content: blocks, stop_reason: stopReason, stop_sequence: null, usage };
    if (!stream) return { contentType: "application/json", payload: JSON.stringify(message) };
    const event = (data: Record<string, unknown>) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
    let payload = event({ type: "message_start", message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } });
    blocks.forEach((block, index) => {
      if (block.type === "thinking") {
        payload += event({ type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } });
        payload += event({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: block.thinking } });
        payload += event({ type: "content_block_delta", index, delta: { type: "signature_delta", signature: block.signature } });
      } else if (block.type === "tool_use") {
        payload += event({ type: "content_block_start", index, content_block: { ...block, input: {} } });
        payload += event({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) } });
      } else {
        payload += event({ type: "content_block_start", index, content_block: { type: "text", text: "" } });
        payload += event({ type: "content_block_delta", index, delta: { type: "text_delta", text: block.text } });
      }
      payload += event({ type: "content_block_stop", index });
    });
    payload += event({ type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage });
    payload += event({ type: "message_stop" });
    return { contentType: "text/event-stream", payload };
  }

  private gemini(reply: Reply, stream: boolean): { contentType: string; payload: string } {
    const parts =
      reply.kind === "tool"
        ? [{ text: "Writing the file.", thought: true }, { functionCall: { name: reply.name, args: reply.args }, thoughtSignature: this.signature() }]
        : [{ text: reply.kind === "json" ? JSON.stringify(reply.value) : reply.text }];
    const chunk = {
      candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
      usageMetadata: { promptTokenCount: 5000, cachedContentTokenCount: 4000, candidatesTokenCount: 40, thoughtsTokenCount: 12, totalTokenCount: 5052 },
      modelVersion: "scripted-gemini",
    };
    return stream ? { contentType: "text/event-stream", payload: `data: ${JSON.stringify(chunk)}\r\n\r\n` } : { contentType: "application/json", payload: JSON.stringify(chunk) };
  }

  private openai(reply: Reply, model: string): { contentType: string; payload: string } {
    const base = { id: `chatcmpl-${randomUUID()}`, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model };
    const delta =
      reply.kind === "tool"
        ? { role: "assistant", content: null, tool_calls: [{ index: 0, id: `call_${randomUUID().slice(0, 8)}`, type: "function", function: { name: reply.name, arguments: JSON.stringify(reply.args) } }] }
        : { role: "assistant", content: reply.kind === "json" ? JSON.stringify(reply.value) : reply.text };
    const chunks = [
      { ...base, choices: [{ index: 0, delta, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: reply.kind === "tool" ? "tool_calls" : "stop" }] },
      { ...base, choices: [], usage: { prompt_tokens: 3000, completion_tokens: 50, total_tokens: 3050, prompt_tokens_details: { cached_tokens: 2048 } } },
    ];
    return { contentType: "text/event-stream", payload: `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("")}data: [DONE]\n\n` };
  }

  /**
   * A reasoning item with encrypted content of its own (the client must send it back unchanged), then the
   * call: a custom tool's call carries its `input` text, a function's its JSON arguments.
   */
  private responses(reply: Reply, model: string, body: Record<string, unknown>): { contentType: string; payload: string } {
    const custom = (body.tools as Array<{ type?: string; name?: string }> | undefined)?.some((tool) => tool.type === "custom" && reply.kind === "tool" && tool.name === reply.name);
    const output: Array<Record<string, unknown>> =
      reply.kind === "tool"
        ? [
            { id: `rs_${randomUUID().replace(/-/g, "")}`, type: "reasoning", summary: [{ type: "summary_text", text: "The user wants a file: I will write it." }], encrypted_content: this.signature() },
            custom
              ? { id: `ctc_${randomUUID().replace(/-/g, "")}`, type: "custom_tool_call", status: "completed", call_id: `call_${randomUUID().slice(0, 8)}`, name: reply.name, input: String(reply.args.input ?? "") }
              : { id: `fc_${randomUUID().replace(/-/g, "")}`, type: "function_call", status: "completed", call_id: `call_${randomUUID().slice(0, 8)}`, name: reply.name, arguments: JSON.stringify(reply.args) },
          ]
        : [{ id: `msg_${randomUUID().replace(/-/g, "")}`, type: "message", status: "completed", role: "assistant", content: [{ type: "output_text", text: reply.kind === "json" ? JSON.stringify(reply.value) : reply.text, annotations: [] }] }];
    const usage = { input_tokens: 3000, input_tokens_details: { cached_tokens: 2048 }, output_tokens: 50, output_tokens_details: { reasoning_tokens: 20 }, total_tokens: 3050 };
    const response = { id: `resp_${randomUUID().replace(/-/g, "")}`, object: "response", created_at: Math.floor(Date.now() / 1000), status: "completed", model, output, usage };
    let sequence = 0;
    const event = (data: Record<string, unknown>) => `event: ${data.type}\ndata: ${JSON.stringify({ ...data, sequence_number: sequence++ })}\n\n`;
    let payload = event({ type: "response.created", response: { ...response, status: "in_progress", output: [], usage: null } });
    output.forEach((item, index) => {
      payload += event({ type: "response.output_item.added", output_index: index, item });
      if (item.type === "message") payload += event({ type: "response.output_text.delta", item_id: item.id, output_index: index, content_index: 0, delta: (item.content as Array<{ text: string }>)[0]!.text });
      if (item.type === "function_call") payload += event({ type: "response.function_call_arguments.delta", item_id: item.id, output_index: index, delta: item.arguments });
      if (item.type === "custom_tool_call") payload += event({ type: "response.custom_tool_call_input.delta", item_id: item.id, output_index: index, delta: item.input });
      payload += event({ type: "response.output_item.done", output_index: index, item });
    });
    payload += event({ type: "response.completed", response });
    return { contentType: "text/event-stream", payload };
  }
}
