// 8: the pre-flight estimate of a coding agent's turn on an OpenAI-family model (exact o200k_base counts),
// which the planner makes for every candidate before anything is sent: a conversation resent whole every
// turn, 40 turns growing to about 190 KB of text (this repository's sources as the files the agent read).
// Switchboard's estimate (counts remembered per text, so a turn counts what is new) side by side with
// counting every message again, as before 0.2. Median of the last 10 turns.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ModelCatalog } from "../src/core/catalog/catalog";
import "../src/core/spend/openai-tokenizer";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { estimateRequest } from "../src/core/spend/estimate";
import type { ChatMessage } from "../src/core/stream/events";
import { median } from "./stats";

const SOURCES = ["src/gateway/openai-api.ts", "src/core/run/run-request.ts", "src/gateway/gateway-server.ts", "src/core/routing/planner.ts", "src/core/spend/ledger-writer.ts"];

export function measurePreflightEstimate(): Record<string, number> {
  const root = join(__dirname, "..");
  const files = SOURCES.map((file) => readFileSync(join(root, file), "utf8"));
  const model = new ModelCatalog().find("openai/gpt-4.1");
  if (!model) throw new Error("openai/gpt-4.1 is not in the catalog");
  const messages: ChatMessage[] = [{ role: "system", content: readFileSync(join(root, "README.md"), "utf8").slice(0, 30_000) }];
  const remembered: number[] = [];
  const everyMessage: number[] = [];
  for (let turn = 0; turn < 40; turn++) {
    messages.push({ role: "assistant", content: `Reading ${SOURCES[turn % SOURCES.length]} (step ${turn}).` }, { role: "user", content: `${files[turn % files.length]!.slice(0, 4000)}\n(turn ${turn})` });
    let start = performance.now();
    const estimate = estimateRequest(model, messages);
    const ms = performance.now() - start;
    start = performance.now();
    const counted = messages.reduce((sum, message) => sum + 4 + countTokens(message.content as string), 2);
    const msEvery = performance.now() - start;
    if (counted !== estimate.inputTokens) throw new Error(`the estimate counted ${estimate.inputTokens} tokens, the tokenizer ${counted}`);
    if (turn >= 30) {
      remembered.push(ms);
      everyMessage.push(msEvery);
    }
  }
  const chars = messages.reduce((sum, message) => sum + (message.content as string).length, 0);
  return { agentTurnEstimateMs: median(remembered), agentTurnEstimateEveryMessageMs: median(everyMessage), agentTurnConversationKB: chars / 1024 };
}

if (require.main === module) console.log(measurePreflightEstimate());
