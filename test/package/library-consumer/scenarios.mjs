// A user's ESM script against the installed package: every scenario the library test checks, each result
// printed as one JSON line. URLs and the ledger come from SWITCHBOARD_TEST (set by library.test.ts).
import { AllFallbacksFailedError, BudgetError, createRouter, NoRouteError, PolicyError, SwitchboardError } from "switchboard";

const { up, down, tools, ledger } = JSON.parse(process.env.SWITCHBOARD_TEST);
const provider = (id, url) => ({ id, kind: "openai-compatible", baseUrl: `${url}/v1`, local: true });
const config = {
  providers: [provider("up", up), provider("down", down), provider("down2", down), provider("tools", tools)],
  models: [
    { id: "up/m", pricing: { input: 1, output: 2 } },
    { id: "down/m", pricing: { input: 1, output: 2 } },
    { id: "down2/m", pricing: { input: 1, output: 2 } },
    { id: "tools/m", pricing: { input: 1, output: 2 }, toolCalling: true },
  ],
};
const messages = [{ role: "user", content: "Say hello." }];
const print = (name, value) => console.log(JSON.stringify({ name, ...value }));
const failure = async (name, call) => {
  try {
    await call();
    print(name, { threw: null });
  } catch (error) {
    print(name, { threw: error.constructor.name, kind: error.kind, isSwitchboardError: error instanceof SwitchboardError, message: error.message, excluded: error.excluded, attempts: error.attempts });
  }
};

const router = createRouter({ config, ledger, project: "billing", env: {} });
const reply = await router.chat({ model: "down/m", fallback: ["up/m"], messages, feature: "summaries" });
print("fallback", { text: reply.text, model: reply.model, attempts: reply.route.attempts, costUsd: reply.costUsd, usage: reply.usage, requestId: reply.requestId });

await failure("max-price", () => router.chat({ model: "up/m", maxPrice: { input: 5, output: 1 }, messages }));
await failure("provider-error", () => router.chat({ model: "down2/m", messages }));
await failure("all-failed", () => router.chat({ model: "down/m", fallback: ["down2/m"], messages }));

const streamed = [];
let done;
for await (const event of router.stream({ model: "up/m", messages })) {
  if (event.type === "done") done = event.reply;
  else streamed.push(event);
}
print("stream", { deltas: streamed.filter((e) => e.type === "text-delta").length, text: streamed.map((e) => e.text ?? "").join(""), done: done?.text, last: done ? "done" : null });

const weather = { name: "weather", description: "Weather in a city", parameters: { type: "object", properties: { location: { type: "string" } } } };
const called = await router.chat({ model: "tools/m", messages: [{ role: "user", content: "Weather in Oslo?" }], tools: [weather] });
print("tool-call", { toolCalls: called.toolCalls, finishReason: called.finishReason });

// A second router on the same ledger with a budget that nothing fits.
const capped = createRouter({ config: { ...config, budgets: { dailyUsd: 0.000000001 } }, ledger, env: {} });
await failure("budget", () => capped.chat({ model: "up/m", messages }));

// A team policy that allows only the "down" provider refuses a request for up/m.
const narrowed = createRouter({ config, policy: { allowedProviders: ["down"] }, ledger, env: {} });
await failure("policy", () => narrowed.chat({ model: "up/m", messages }));

print("models", { up: router.models().find((model) => model.id === "up/m") });
print("spend", router.spend({ by: "feature" }));
await router.close();
print("typed-errors", { ok: [AllFallbacksFailedError, BudgetError, NoRouteError, PolicyError].every((type) => typeof type === "function") });
