// Streaming: text as it arrives, then the reply with its cost once its record is in the ledger.
import { createRouter } from "switchboard";

const router = createRouter({ project: "examples", feature: "streaming" });
for await (const event of router.stream({ model: process.env.MODEL ?? "demo/swift-mini", messages: [{ role: "user", content: "Explain a circuit breaker in three sentences." }] })) {
  if (event.type === "text-delta") process.stdout.write(event.text);
  if (event.type === "done") console.log(`\n\n${event.reply.model} · $${event.reply.costUsd ?? "?"}`);
}
await router.close();
