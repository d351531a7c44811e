// One ledger per user: the extension used to keep its own (in VS Code's global storage). On first start
// it moves that file to the user's one ledger when the latter holds nothing yet; otherwise both are read
// for reports until the user merges them: the old records are appended to the one ledger, each marked
// with its hash in the old file, the result verified, and the old file kept beside it under a new name.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, rename, rm, stat, truncate } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { withLockAsync } from "./file-lock";
import { verifyLedgerAsync, type VerifyResult, visitLedgerLinesAsync } from "./ledger-reader";
import type { LedgerEntry, LedgerRecord } from "./ledger-record";
import type { LedgerWriter } from "./ledger-writer";

export type OldLedgerState =
  /** No old ledger with records (or it is the one ledger itself). */
  | { kind: "none" }
  /** Moved, byte for byte, into the one ledger, which had no records. */
  | { kind: "moved"; from: string; to: string; lines: number }
  /** Both hold records: reports read both until the user merges them. */
  | { kind: "pending"; file: string };

/** What sits beside a ledger and describes only it: rebuilt or recreated when needed. */
const sidecars = (file: string) => [`${file}.rollup.json`, `${file}.reservations.json`];

const sizeOf = async (file: string) => (await stat(file).catch(() => undefined))?.size;

/** The file's SHA-256 and line count, read in pieces. */
async function digest(file: string): Promise<{ sha256: string; lines: number }> {
  const hash = createHash("sha256");
  let lines = 0;
  for await (const piece of createReadStream(file)) {
    const bytes = piece as Buffer;
    hash.update(bytes);
    for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines += 1;
  }
  return { sha256: hash.digest("hex"), lines };
}

/**
 * Moves `oldFile` into `sharedFile` when the shared one is missing or empty, under the shared ledger's
 * lock (another window, the CLI or the gateway may be starting too). The copy must be byte-identical,
 * so the hash chain carries over intact; only then is the old file removed.
 */
export async function adoptOldLedger(oldFile: string, sharedFile: string): Promise<OldLedgerState> {
  if (resolve(oldFile) === resolve(sharedFile)) return { kind: "none" };
  if (!(await sizeOf(oldFile))) return { kind: "none" };
  await mkdir(dirname(sharedFile), { recursive: true });
  return withLockAsync(sharedFile, async (): Promise<OldLedgerState> => {
    // Checked again under the lock: another window may have moved it meanwhile.
    if (!(await sizeOf(oldFile))) return { kind: "none" };
    if (await sizeOf(sharedFile)) return { kind: "pending", file: oldFile };
    // Into the same file (a writer elsewhere may hold it open): copyFile truncates and fills it in place.
    await copyFile(oldFile, sharedFile);
    const [copied, original] = await Promise.all([digest(sharedFile), digest(oldFile)]);
    if (copied.sha256 !== original.sha256) {
      await truncate(sharedFile, 0);
      return { kind: "pending", file: oldFile };
    }
    await rm(oldFile);
    await Promise.all(sidecars(oldFile).map((file) => rm(file, { force: true })));
    return { kind: "moved", from: oldFile, to: sharedFile, lines: original.lines };
  });
}

export interface MergeResult {
  /** Records appended to the one ledger. */
  imported: number;
  /** Records an earlier, interrupted merge had already appended. */
  alreadyImported: number;
  /** Torn or unreadable lines of the old file (not records; left out). */
  skippedLines: number;
  /** The one ledger's check after the merge. */
  verified: VerifyResult;
  /** Where the old file now is (kept, renamed, as evidence of the original chain). */
  keptAs: string;
}

export class LedgerMergeError extends Error {}

function importedEntry(record: LedgerRecord): LedgerEntry {
  const { hash, ...entry } = record;
  return { ...entry, imported: hash };
}

async function freeName(base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if ((await sizeOf(candidate)) === undefined) return candidate;
  }
}

/**
 * Appends the old ledger's records to `writer`'s (the one ledger), each marked as imported with its
 * hash in the old file, so a merge interrupted midway is finished without duplicates by running it
 * again. Refuses an old ledger whose chain is broken: re-sealing its records would hide the break.
 */
export async function mergeLedger(oldFile: string, writer: LedgerWriter, today = new Date()): Promise<MergeResult> {
  if ((await sizeOf(oldFile)) === undefined) throw new LedgerMergeError(`there is no ledger at ${oldFile} to merge`);
  if (resolve(oldFile) === resolve(writer.file)) throw new LedgerMergeError(`${oldFile} is the ledger itself`);
  const old = await verifyLedgerAsync(oldFile);
  if (!old.ok && old.broken) {
    throw new LedgerMergeError(
      `the ledger ${oldFile} is broken at record ${old.broken.index} (request ${old.broken.requestId}): ${old.broken.reason}. It was not merged; its records still count in reports`,
    );
  }
  const done = new Set<string>();
  await visitLedgerLinesAsync(writer.file, 0, ({ parsed }) => {
    if (parsed?.record.imported) done.add(parsed.record.imported);
  });
  let imported = 0;
  let alreadyImported = 0;
  let failure: unknown;
  let last: Promise<unknown> = Promise.resolve();
  // Records are handed to the writer as they are read; it writes those that are waiting together.
  await visitLedgerLinesAsync(oldFile, 0, ({ parsed }) => {
    if (!parsed) return;
    if (done.has(parsed.record.hash)) {
      alreadyImported += 1;
      return;
    }
    imported += 1;
    last = writer.append(importedEntry(parsed.record)).catch((error: unknown) => {
      failure ??= error;
    });
  });
  await last;
  if (failure) throw failure;
  const verified = await verifyLedgerAsync(writer.file);
  if (!verified.ok) throw new LedgerMergeError(`after the merge, ${writer.file} does not verify at record ${verified.broken?.index}: ${verified.broken?.reason}`);
  const keptAs = await freeName(`${oldFile}.merged-${today.toISOString().slice(0, 10)}`);
  await rename(oldFile, keptAs);
  await Promise.all(sidecars(oldFile).map((file) => rm(file, { force: true })));
  return { imported, alreadyImported, skippedLines: old.skipped.length, verified, keptAs };
}
