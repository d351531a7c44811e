// The built-in demo provider's simulated models: offline, no key, realistic prices and speeds.
import type { ModelInfo } from "./model-info";

export interface DemoModelBehaviour {
  /** Time to first token in ms at normal speed. */
  ttftMs: number;
  tokensPerSecond: number;
  style: "concise" | "thorough" | "reasoning";
}

export const DEMO_PROVIDER_ID = "demo";

export const demoModels: ReadonlyArray<ModelInfo & { behaviour: DemoModelBehaviour }> = [
  {
    id: "demo/swift-mini",
    displayName: "Swift Mini (simulated)",
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    pricing: { input: 0.15, output: 0.6, cachedInput: 0.075 },
    simulated: true,
    reasoning: false,
    imageInput: false,
    toolCalling: true,
    behaviour: { ttftMs: 250, tokensPerSecond: 110, style: "concise" },
  },
  {
    id: "demo/sage-large",
    displayName: "Sage Large (simulated)",
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    pricing: { input: 3, output: 15, cachedInput: 0.3 },
    simulated: true,
    reasoning: false,
    imageInput: true,
    toolCalling: true,
    behaviour: { ttftMs: 700, tokensPerSecond: 55, style: "thorough" },
  },
  {
    id: "demo/ponder-reasoner",
    displayName: "Ponder Reasoner (simulated)",
    contextWindow: 128_000,
    maxOutputTokens: 65_536,
    pricing: { input: 1.1, output: 4.4, cachedInput: 0.55 },
    simulated: true,
    reasoning: true,
    imageInput: false,
    toolCalling: true,
    behaviour: { ttftMs: 1_100, tokensPerSecond: 80, style: "reasoning" },
  },
];
