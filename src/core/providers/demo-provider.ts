// The built-in demo provider: simulated models that stream at a realistic pace, offline and without a key.
import { DEMO_PROVIDER_ID, demoModels } from "../catalog/demo-models";
import type { ChatProvider, ChatRequest, StreamEvent } from "../stream/events";
import { estimateRequest } from "../spend/estimate";
import { composeDemoAnswer, splitIntoTokens } from "./demo-answer";
import { demoJson, demoPrompt, demoToolCall } from "./demo-tools";

export interface DemoProviderOptions {
  /** 1 = realistic pace; 0 = no waiting at all (unit tests, benchmarks). */
  timeScale?: number;
}

/** Resolves after ms, or rejects at once when the signal aborts. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return signal.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export class DemoProvider implements ChatProvider {
  readonly id = DEMO_PROVIDER_ID;
  private readonly timeScale: number;
  private calls = 0;

  constructor(options: DemoProviderOptions = {}) {
    this.timeScale = options.timeScale ?? 1;
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    const model = demoModels.find((candidate) => candidate.id === `${DEMO_PROVIDER_ID}/${request.model}`);
    if (!model) {
      yield {
        type: "error",
        kind: "not-found",
        retryable: false,
        status: 404,
        message: `The demo provider has no model "${request.model}". Try one of: ${demoModels.map((m) => m.id).join(", ")}.`,
      };
      return;
    }
    const { behaviour } = model;
    const toolCall = demoToolCall(request, ++this.calls);
    const composed = composeDemoAnswer(demoPrompt(request), behaviour.style);
    const answer = toolCall ? { reasoning: composed.reasoning, text: "" } : request.responseFormat ? { ...composed, text: demoJson(composed.text) } : composed;
    const { inputTokens } = estimateRequest(model, request.messages, undefined, request.tools);
    const limit = request.maxOutputTokens ?? model.maxOutputTokens;
    const perTokenMs = (1000 / behaviour.tokensPerSecond) * this.timeScale;

    let outputTokens = 0;
    let finish: "stop" | "length" | "tool-calls" = "stop";
    try {
      await delay(behaviour.ttftMs * this.timeScale, signal);
      const pieces: Array<["reasoning-delta" | "text-delta", string]> = [
        ...splitIntoTokens(answer.reasoning).map((t): ["reasoning-delta", string] => ["reasoning-delta", t]),
        ...splitIntoTokens(answer.text).map((t): ["text-delta", string] => ["text-delta", t]),
      ];
      for (const [type, text] of pieces) {
        if (outputTokens >= limit) {
          finish = "length";
          break;
        }
        if (outputTokens > 0) await delay(perTokenMs, signal);
        outputTokens += 1;
        yield { type, text };
      }
      if (toolCall && finish === "stop") {
        await delay(perTokenMs, signal);
        yield { type: "tool-call-delta", index: 0, id: toolCall.id, name: toolCall.name, argumentsDelta: toolCall.arguments };
        yield { type: "tool-call", ...toolCall };
        outputTokens += Math.ceil(toolCall.arguments.length / 4) + 5;
        finish = "tool-calls";
      }
    } catch {
      yield { type: "error", kind: "cancelled", retryable: false, message: "Cancelled." };
      return;
    }
    // Like most real providers, usage arrives once, at the end, and counts reasoning as output.
    const cachedInputTokens = 0;
    yield { type: "usage", usage: { inputTokens, cachedInputTokens, outputTokens } };
    yield { type: "finish", reason: finish, rawReason: finish === "tool-calls" ? "tool_calls" : finish };
  }
}
