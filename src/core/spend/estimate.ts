// Pre-flight estimate of a request's tokens and worst-case cost, for max-price and budget checks before
// anything is sent. OpenAI-family models are counted with their real tokenizer (gpt-tokenizer, o200k_base,
// registered by ./openai-tokenizer.ts: it is 2 MB, so the extension loads it after start-up); for other
// providers' tokenizers there is no public offline equivalent, so ~4 characters per token is used, the
// rule of thumb those providers document, which is close for English prose and code.
import type { ModelInfo } from "../catalog/model-info";
import type { ChatMessage, ToolDefinition } from "../stream/events";
import { contentParts } from "../stream/messages";
import { costPicoUsd, picoToUsd } from "./cost";
import { CountedTexts } from "./counted-texts";

/** Chat formatting adds a few tokens per message (role markers) on every provider. */
const PER_MESSAGE_OVERHEAD = 4;
/**
 * An image's tokens depend on its size and the provider; this is an upper bound for the sizes they
 * accept without downscaling (Anthropic documents ~1,600 for a 1092x1092 image, OpenAI 765-1,105).
 */
export const IMAGE_TOKEN_ESTIMATE = 1_600;

/** The usual rough estimate: about four characters a token, at least one for any text. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export type TokenCounter = "o200k_base" | "approx-4-chars";

let o200kCount: ((text: string) => number) | undefined;
/** Up to 8M characters of counted text (about 8-16 MB): several agents' conversations. */
const countedO200k = new CountedTexts(8 * 1024 * 1024);

/** Makes OpenAI-family estimates exact; until then they use the approximation too. */
export function registerO200kTokenizer(count: (text: string) => number): void {
  o200kCount = count;
}

let loadO200k: (() => void) | undefined;

/**
 * Registers the tokenizer (through `load`) the first time an OpenAI-family model is estimated: for a
 * one-shot command that may never meet one. Loading blocks for about 0.3 s, so only where nothing is in
 * flight yet; a long-lived process registers the tokenizer at start instead.
 */
export function registerO200kTokenizerOnFirstUse(load: () => void): void {
  loadO200k = load;
}

function o200kAvailable(): boolean {
  if (!o200kCount && loadO200k) {
    const load = loadO200k;
    loadO200k = undefined;
    load();
  }
  return o200kCount !== undefined;
}

export function tokenCounterFor(modelId: string): TokenCounter {
  const openAIFamily = /^(openai|azure)\//.test(modelId) || /\/(gpt-|o[134]-?|chatgpt)/.test(modelId);
  return openAIFamily && o200kAvailable() ? "o200k_base" : "approx-4-chars";
}

export function countTextTokens(text: string, counter: TokenCounter): number {
  if (text === "") return 0;
  return counter === "o200k_base" && o200kCount ? countedO200k.count(text, o200kCount) : Math.ceil(text.length / 4);
}

export interface PreflightEstimate {
  inputTokens: number;
  maxOutputTokens: number;
  counter: TokenCounter;
  /** Prompt at the input price plus the whole output allowance at the output price: an upper bound. */
  maxCostUsd: number;
}

/** A message's prompt tokens: its text, its images, and the tool calls it carries. */
export function countMessageTokens(message: ChatMessage, counter: TokenCounter): number {
  let tokens = PER_MESSAGE_OVERHEAD;
  for (const part of contentParts(message)) tokens += part.type === "text" ? countTextTokens(part.text, counter) : IMAGE_TOKEN_ESTIMATE;
  if (message.role === "assistant") for (const call of message.toolCalls ?? []) tokens += countTextTokens(call.name + call.arguments, counter);
  return tokens;
}

export function estimateRequest(model: ModelInfo, messages: readonly ChatMessage[], maxOutputTokens?: number, tools?: readonly ToolDefinition[]): PreflightEstimate {
  const counter = tokenCounterFor(model.id);
  const toolTokens = tools?.length ? countTextTokens(JSON.stringify(tools), counter) : 0;
  const inputTokens = messages.reduce((sum, message) => sum + countMessageTokens(message, counter), 2 + toolTokens);
  const output = Math.min(maxOutputTokens ?? model.maxOutputTokens, model.maxOutputTokens);
  const pico = costPicoUsd({ inputTokens, cachedInputTokens: 0, outputTokens: output }, model.pricing);
  return { inputTokens, maxOutputTokens: output, counter, maxCostUsd: picoToUsd(pico) };
}
