// A cold read of a large ledger, split across worker threads: each folds a stretch of whole lines into
// spend cells (spend-scan-worker.ts), and the main thread takes the stretches in order (absorbRange), so
// the totals are exactly those of one read from start to end. Only for reads of many megabytes: a worker
// takes tens of milliseconds to start. Any failure falls back to the one read. Built as its own file
// (dist/parallel-scan.js), so the extension's start-up bundle does not carry it.
import { existsSync } from "node:fs";
import { open } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { RecentRequests } from "./recent-requests";
import type { SpendCell, SpendFolder } from "./spend-rollup";

/** What to fold: the whole lines from `from` (a line's start) to `to`. */
export interface RangeJob {
  file: string;
  from: number;
  to: number;
  /** Leave out records merged in from another ledger (see SpendRollup). */
  skipImported: boolean;
}

/** One stretch, folded as if from an empty start. */
export interface ScannedRange {
  cells: SpendCell[];
  /** The requests it remembers at its end, oldest first: [request id, cell key]. */
  recent: Array<[string, string]>;
  /** Its requests in the order they first appear, up to the memory's limit (see absorbRange). */
  firstSeen: string[];
  skippedLines: number;
  /** Records folded, and the last one's hash and end. */
  folded: number;
  lastHash: string;
  lastHashEnd: number;
  /** Just past its last complete line. */
  endByte: number;
}

const MAX_THREADS = 4;

/** The worker's code: the built one beside the bundle, or the source through tsx when running from it (tests, bench). */
function workerCode(): string | undefined {
  const built = join(__dirname, "spend-scan-worker.js");
  if (existsSync(built)) return `require(${JSON.stringify(built)})`;
  const source = join(__dirname, "spend-scan-worker.ts");
  if (existsSync(source)) return `require("tsx/cjs"); require(${JSON.stringify(source)})`;
  return undefined;
}

/** The stretches, or undefined when workers cannot help (one core) or failed (then read in one go). */
export async function scanInParallel(file: string, from: number, to: number, skipImported: boolean, threads = Math.min(availableParallelism(), MAX_THREADS)): Promise<ScannedRange[] | undefined> {
  const script = workerCode();
  if (threads < 2 || script === undefined) return undefined;
  try {
    const starts = await lineStarts(file, from, to, threads);
    const jobs = starts.map((start, index): RangeJob => ({ file, from: start, to: starts[index + 1] ?? to, skipImported }));
    return await Promise.all(jobs.map((job) => inWorker(script, job)));
  } catch {
    return undefined;
  }
}

/** `from` and up to `parts - 1` more line starts, evenly spread before `to`. */
export async function lineStarts(file: string, from: number, to: number, parts: number): Promise<number[]> {
  const handle = await open(file, "r");
  try {
    const starts = [from];
    const window = Buffer.alloc(64 * 1024);
    for (let part = 1; part < parts; part++) {
      let position = Math.max(from + Math.floor(((to - from) * part) / parts), starts.at(-1)!);
      let start: number | undefined;
      while (start === undefined && position < to) {
        const { bytesRead } = await handle.read(window, 0, Math.min(window.length, to - position), position);
        if (bytesRead === 0) break;
        const newline = window.subarray(0, bytesRead).indexOf(10);
        if (newline === -1) position += bytesRead;
        else start = position + newline + 1;
      }
      if (start === undefined || start >= to) break;
      if (start > starts.at(-1)!) starts.push(start);
    }
    return starts;
  } finally {
    await handle.close();
  }
}

function inWorker(script: string, job: RangeJob): Promise<ScannedRange> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { eval: true, workerData: job });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the ledger scan worker stopped (exit code ${code})`)));
  });
}

/**
 * Takes in a stretch of the ledger that follows what `folder` has read, folded apart from an empty start:
 * afterwards the cells and the remembered requests are exactly those of reading on. A request whose
 * earlier attempt is in the folder and a later one in the stretch counts once, where it was answered: the
 * stretch's first appearances of requests are replayed over what the folder remembers, forgetting as one
 * read would.
 */
export function absorbRange(folder: SpendFolder, range: Pick<ScannedRange, "cells" | "recent" | "firstSeen">): void {
  for (const cell of range.cells) {
    const key = folder.keyOf(cell);
    const mine = folder.cells.get(key);
    if (mine) addCounts(mine, cell);
    else folder.cells.set(key, { ...cell });
  }
  const replay = new RecentRequests<SpendCell | undefined>(folder.recent.limit);
  for (const [id, cell] of folder.recent.entries()) replay.set(id, cell);
  for (const id of range.firstSeen) {
    const earlier = replay.get(id);
    if (earlier) earlier.requests -= 1;
    replay.set(id, undefined);
  }
  folder.recent = new RecentRequests<SpendCell>(folder.recent.limit);
  for (const [id, cell] of replay.entries()) if (cell) folder.recent.set(id, cell);
  for (const [id, key] of range.recent) folder.recent.set(id, folder.cells.get(key)!);
}

function addCounts(into: SpendCell, from: SpendCell): void {
  into.attempts += from.attempts;
  into.requests += from.requests;
  into.estimated += from.estimated;
  into.unpriced += from.unpriced;
  into.inputTokens += from.inputTokens;
  into.cachedInputTokens += from.cachedInputTokens;
  into.outputTokens += from.outputTokens;
  into.pico += from.pico;
  into.reported += from.reported;
  into.reportedPico += from.reportedPico;
  into.catalogPico += from.catalogPico;
}
