// A worker thread of parallel-scan.ts: folds one stretch of a ledger and posts it back.
import { parentPort, workerData } from "node:worker_threads";
import type { RangeJob } from "./parallel-scan";
import { foldRange } from "./spend-range";

foldRange(workerData as RangeJob).then((range) => parentPort!.postMessage(range));
