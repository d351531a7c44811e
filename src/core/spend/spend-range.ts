// Folds one stretch of a ledger's lines from an empty start, for parallel-scan.ts's workers.
import { readLedgerPiecesAsync } from "./ledger-reader";
import type { RangeJob, ScannedRange } from "./parallel-scan";
import { foldingSplitter, SpendFolder } from "./spend-rollup";

export async function foldRange(job: RangeJob): Promise<ScannedRange> {
  const folder = new SpendFolder(true);
  const range = { skippedLines: 0, folded: 0, lastHash: "", lastHashEnd: 0 };
  const splitter = foldingSplitter(folder, job.from, job.skipImported, {
    folded: (hash, endByte) => {
      range.folded += 1;
      range.lastHash = hash;
      range.lastHashEnd = endByte;
    },
    skipped: () => {
      range.skippedLines += 1;
    },
  });
  const { endByte } = await readLedgerPiecesAsync(job.file, job.from, splitter, job.to);
  return {
    ...range,
    cells: [...folder.cells.values()],
    recent: [...folder.recent.entries()].map(([id, cell]) => [id, folder.keyOf(cell)]),
    firstSeen: folder.firstSeen,
    endByte,
  };
}
