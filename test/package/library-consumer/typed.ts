// Type-checked against the package's .d.ts alone (strict; none of Switchboard's dependencies installed).
import { type ChatEvent, type ChatReply, createRouter, NoRouteError, type Router } from "switchboard";

const router: Router = createRouter({ config: "./switchboard.json", policy: { allowedProviders: ["openai"] }, ledger: "ledger.jsonl", project: "billing" });

export async function summarise(text: string, signal: AbortSignal): Promise<string> {
  const reply: ChatReply = await router.chat({
    model: "anthropic/claude-sonnet-4-5",
    fallback: ["openai/gpt-5-mini"],
    maxPrice: { input: 5, output: 20 },
    messages: [{ role: "system", content: "Summarise." }, { role: "user", content: [{ type: "text", text }] }],
    dataPolicy: "zero-retention",
    feature: "summaries",
    signal,
  });
  const cost: number | null = reply.costUsd;
  return `${reply.text} (${reply.model}, ${cost ?? "unpriced"}; ${reply.route.attempts.length} attempts)`;
}

export async function streamed(): Promise<string> {
  let text = "";
  for await (const event of router.stream({ strategy: "cheapest", candidates: ["openai/gpt-5-mini"], messages: [{ role: "user", content: "hi" }] })) {
    const seen: ChatEvent = event;
    if (seen.type === "text-delta") text += seen.text;
  }
  return text;
}

export function cheapest(): string | undefined {
  return router.models().sort((a, b) => a.pricing.output - b.pricing.output)[0]?.id;
}

export function isNoRoute(error: unknown): boolean {
  return error instanceof NoRouteError && error.excluded.length > 0;
}

// @ts-expect-error: a message needs a role the API knows
router.chat({ model: "a/b", messages: [{ role: "wizard", content: "hi" }] });
// @ts-expect-error: maxPrice is USD per 1M tokens as numbers
router.chat({ model: "a/b", messages: [], maxPrice: { input: "5" } });
