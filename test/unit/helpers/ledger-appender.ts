// A ledger writer process for the crash test: appends COUNT records and prints "ack ID" after each
// append returns (an acknowledged record).
import { LedgerWriter } from "../../../src/core/spend/ledger-writer";

const [file, count, writer] = process.argv.slice(2);
const ledger = new LedgerWriter(file!);
for (let i = 0; i < Number(count); i++) {
  const requestId = `${writer}-${i}`;
  ledger.append({
    time: new Date().toISOString(), requestId, attempt: 1, project: "crash", feature: "test", provider: "p", model: "m",
    routingReason: "the requested model", outcome: "ok", status: 200, inputTokens: i, outputTokens: i, cachedInputTokens: 0,
    costUsd: 0.000001 * i, priceSource: "test", ttftMs: 1, durationMs: 2,
  });
  process.stdout.write(`ack ${requestId}\n`);
}
