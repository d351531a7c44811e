// Tools: the model asks for a call, your code runs it, and the conversation goes on with the result.
import { createRouter } from "switchboard";

const router = createRouter({ project: "examples", feature: "tools" });
const model = process.env.MODEL ?? "demo/sage-large";
const tools = [{ name: "get_weather", description: "Current weather in a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }];
const messages = [{ role: "user", content: "What is the weather in Oslo?" }];

const first = await router.chat({ model, tools, messages });
for (const call of first.toolCalls) console.log(`the model calls ${call.name}(${call.arguments})`);
if (first.toolCalls.length > 0) {
  // Run the tools (here: a made-up answer) and send their results back, tied by the call's id.
  messages.push({ role: "assistant", content: first.text, toolCalls: first.toolCalls });
  for (const call of first.toolCalls) messages.push({ role: "tool", toolCallId: call.id, content: `${JSON.parse(call.arguments).city}: 7 °C, overcast` });
  const answer = await router.chat({ model, tools, messages });
  console.log(answer.text);
}
console.log(`\nspent so far on tools: $${router.spend({ by: "feature" }).rows.find((row) => row.key === "tools")?.costUsd ?? 0}`);
await router.close();
