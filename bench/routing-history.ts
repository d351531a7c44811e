// 7b: the routing history a request ordered by speed or quality reads (fastest, quality, balanced, the
// gateway's switchboard/auto), on the 1,000,000-record ledger: the first read of a process (the window,
// the last 2 MB), then per request (one record appended before each, as requests do) the records appended
// since; side by side with what every such request did before 0.2: read and parse the whole window.
import { stat } from "node:fs/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { HISTORY_WINDOW_BYTES, RecentHistory } from "../src/core/routing/recent-history";
import { visitLedgerLinesAsync } from "../src/core/spend/ledger-reader";
import type { LedgerEntry } from "../src/core/spend/ledger-record";
import { LedgerWriter } from "../src/core/spend/ledger-writer";
import { median } from "./stats";

export interface RoutingHistoryResults {
  routingHistoryFirstReadMs: number;
  routingHistoryPerRequestMs: number;
  routingHistoryLagMaxMs: number;
  routingHistoryWholeWindowMs: number;
}

/** The reading before: every record of the window parsed, for each request. */
async function wholeWindow(file: string): Promise<number> {
  const { size } = await stat(file);
  let records = 0;
  await visitLedgerLinesAsync(file, Math.max(0, size - HISTORY_WINDOW_BYTES), ({ parsed }) => {
    if (parsed) records += 1;
  });
  return records;
}

export async function measureRoutingHistory(file: string, entry: (i: number) => LedgerEntry, model: string): Promise<RoutingHistoryResults> {
  const history = new RecentHistory(file);
  // Appended as requests append (off the event loop), so the delay measured is the history's own.
  const writer = new LedgerWriter(file);
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const first = performance.now();
  await history.update();
  const routingHistoryFirstReadMs = performance.now() - first;
  const perRequest: number[] = [];
  for (let i = 0; i < 200; i++) {
    await writer.append(entry(2_000_000 + i));
    const start = performance.now();
    await history.update();
    history.health(model);
    perRequest.push(performance.now() - start);
  }
  lag.disable();
  await writer.close();
  if (history.health(model) === undefined) throw new Error("the routing history measured nothing");
  const before: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    if ((await wholeWindow(file)) < 1000) throw new Error("the window held too few records");
    before.push(performance.now() - start);
  }
  return { routingHistoryFirstReadMs, routingHistoryPerRequestMs: median(perRequest), routingHistoryLagMaxMs: lag.max / 1e6, routingHistoryWholeWindowMs: median(before) };
}
