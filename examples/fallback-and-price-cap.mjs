// A routed answer with fallback and a price cap. Runs offline on the demo models; with a key set
// (ANTHROPIC_API_KEY, OPENAI_API_KEY, …) pass real models: MODEL=anthropic/claude-sonnet-5 FALLBACK=openai/gpt-5-mini
import { createRouter, NoRouteError } from "switchboard";

const router = createRouter({ project: "examples", feature: "fallback" });
try {
  const reply = await router.chat({
    model: process.env.MODEL ?? "demo/sage-large",
    fallback: (process.env.FALLBACK ?? "demo/swift-mini").split(","),
    maxPrice: { input: 5, output: 20 }, // USD per 1M tokens: dearer models are not used
    messages: [{ role: "user", content: "In one sentence: why route between model vendors?" }],
  });
  console.log(reply.text);
  console.log(`\n${reply.model} · ${reply.usage.inputTokens} in / ${reply.usage.outputTokens} out · $${reply.costUsd ?? "?"} · ${reply.route.reason}`);
} catch (error) {
  // Every model excluded (price cap, data policy) or no key: the error says which and why.
  if (error instanceof NoRouteError) console.error(`No model fits: ${error.excluded.map((e) => `${e.model} (${e.reason})`).join("; ")}`);
  else throw error;
  process.exitCode = 1;
}
await router.close();
