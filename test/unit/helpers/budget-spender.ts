// A Switchboard-like process for the machine-wide budget test: COUNT requests in parallel, each reserving
// ESTIMATE against a daily cap of CAP through the ledger's shared reservations, then recording what it
// cost in the ledger and settling. Prints one line per request ("spent ID" or "refused ID").
// With MODE "hold": reserves ESTIMATE once, prints "held", and waits to be killed.
import { machineBudgetGuard, spentFromCells } from "../../../src/core/spend/budget";
import { usdToPico } from "../../../src/core/spend/cost";
import { LedgerWriter } from "../../../src/core/spend/ledger-writer";
import { SyncSpendRollup } from "../../../src/core/spend/spend-rollup-sync";

const [file, mode, count, tag, cap, estimate] = process.argv.slice(2);
const spend = new SyncSpendRollup(file!);
const guard = machineBudgetGuard(file!, spend);
guard.addScope("(all projects)", null, { dailyUsd: Number(cap) }, spentFromCells(spend.read().cells, null));

if (mode === "hold") {
  void guard.reserve(Number(estimate), null, `${tag}-held`).then((held) => {
    process.stdout.write(held.ok ? "held\n" : `refused ${held.message}\n`);
    setInterval(() => {}, 60_000);
  });
} else {
  const ledger = new LedgerWriter(file!);
  const one = async (i: number) => {
    const requestId = `${tag}-${i}`;
    const reserved = await guard.reserve(Number(estimate), null, requestId);
    if (!reserved.ok) {
      process.stdout.write(`refused ${requestId}\n`);
      return;
    }
    // The call takes a while; other processes reserve meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 25));
    // As the pipeline does: the record is written as the reservation is dropped, in one step.
    await guard.settle(reserved.reservation, usdToPico(Number(estimate)), async () => {
      await ledger.append({
        time: new Date().toISOString(), requestId, attempt: 1, project: null, feature: "test", provider: "p", model: "m",
        routingReason: "the requested model", outcome: "ok", status: 200, inputTokens: 1, outputTokens: 1, cachedInputTokens: 0,
        costUsd: Number(estimate), priceSource: "test", ttftMs: 1, durationMs: 2,
      });
    });
    process.stdout.write(`spent ${requestId}\n`);
  };
  void Promise.all(Array.from({ length: Number(count) }, (_, i) => one(i)));
}
