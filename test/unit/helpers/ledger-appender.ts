// A ledger writer process for the crash test: appends COUNT records, three at a time (as parallel requests
// finish together, so they share one write), and prints "ack ID" once each append resolves (acknowledged).
import { LedgerWriter } from "../../../src/core/spend/ledger-writer";

const [file, count, writer] = process.argv.slice(2);

async function main(): Promise<void> {
  const ledger = new LedgerWriter(file!);
  for (let i = 0; i < Number(count); i += 3) {
    const group = [i, i + 1, i + 2].filter((n) => n < Number(count));
    await Promise.all(
      group.map(async (n) => {
        const requestId = `${writer}-${n}`;
        await ledger.append({
          time: new Date().toISOString(), requestId, attempt: 1, project: "crash", feature: "test", provider: "p", model: "m",
          routingReason: "the requested model", outcome: "ok", status: 200, inputTokens: n, outputTokens: n, cachedInputTokens: 0,
          costUsd: 0.000001 * n, priceSource: "test", ttftMs: 1, durationMs: 2,
        });
        process.stdout.write(`ack ${requestId}\n`);
      }),
    );
  }
}

void main();
