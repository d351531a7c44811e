// Run by ledger-scale.ts as a built bundle beside the built scan worker, as the CLI and the extension run
// it: a spend summary (by model and by day) of a ledger with no rollup yet, timed from the read's start.
// Prints {ms, attempts, threads}.
import { SpendRollup } from "../src/core/spend/spend-rollup";
import { spendReport } from "../src/core/spend/spend-report";

const [file, rollupFile] = process.argv.slice(2) as [string, string];
const start = performance.now();
const rollup = new SpendRollup(file, rollupFile);
rollup.readAsync().then(({ cells }) => {
  const byModel = spendReport(cells, "model");
  spendReport(cells, "day");
  process.stdout.write(JSON.stringify({ ms: performance.now() - start, attempts: byModel.total.attempts, threads: rollup.threadsOfLastRead }));
});
