// The spend reports, the status bar and budgets read: the user's one ledger, and while an older ledger
// waits to be merged into it, that one too (records a merge already copied are counted once).
import { rm } from "node:fs/promises";
import { type LedgerSpend, SpendRollup } from "./spend-rollup";

const combine = (spends: LedgerSpend[]): LedgerSpend => ({
  cells: spends.flatMap((spend) => spend.cells),
  skippedLines: spends.reduce((sum, spend) => sum + spend.skippedLines, 0),
});

export class LedgerSpendSources {
  private main: SpendRollup;
  private old: SpendRollup | undefined;

  constructor(readonly ledgerFile: string) {
    this.main = new SpendRollup(ledgerFile);
  }

  /** The older ledger read beside the one ledger, if any. */
  get oldFile(): string | undefined {
    return this.old?.ledgerFile;
  }

  /** Reads `file` too until it is merged; the one ledger's copies of its records are then left out. */
  includeOld(file: string): void {
    this.old = new SpendRollup(file);
    this.main = new SpendRollup(this.ledgerFile, this.unmergedRollupFile, true);
  }

  /** The old ledger was merged (or moved): the one ledger alone holds everything again. */
  async dropOld(): Promise<void> {
    this.old = undefined;
    this.main = new SpendRollup(this.ledgerFile);
    await rm(this.unmergedRollupFile, { force: true });
  }

  private get unmergedRollupFile(): string {
    return `${this.ledgerFile}.rollup-unmerged.json`;
  }

  /** The most threads one read has used (a long unread stretch is read on worker threads). */
  mostThreads = 1;

  /** Off the event loop, one read at a time per ledger. */
  async readAsync(): Promise<LedgerSpend> {
    const rollups = [this.main, ...(this.old ? [this.old] : [])];
    const spends = await Promise.all(rollups.map((rollup) => rollup.readAsync()));
    this.mostThreads = Math.max(this.mostThreads, ...rollups.map((rollup) => rollup.threadsOfLastRead));
    return combine(spends);
  }
}
