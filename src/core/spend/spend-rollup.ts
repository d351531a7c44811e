// Spend totals per (day, provider, model, project, feature, caller, session), kept in a sidecar file next to the ledger
// so reports, budgets and the status bar read the rollup plus the records appended since, never the
// whole ledger. The rollup is a cache: it is checked against the ledger (size and last hash) and rebuilt
// from the records when they disagree, so deleting it loses nothing.
import { open, readFile, rename, stat, writeFile } from "node:fs/promises";
import { usdToPico } from "./cost";
import { isNotACall, type LedgerEntry } from "./ledger-record";
import { RecentRequests } from "./recent-requests";
import { findLastRecordAsync, readLedgerPiecesAsync } from "./ledger-reader";
import { cellFields, detached, type ScannedSpend } from "./spend-line-scan";
import { SpendLineSplitter } from "./spend-lines";

export const GROUPINGS = ["model", "provider", "project", "feature", "caller", "session", "member", "team", "day"] as const;
export type GroupBy = (typeof GROUPINGS)[number];

export interface SpendCell {
  day: string;
  provider: string;
  model: string;
  project: string | null;
  feature: string;
  /** The client that asked (a coding agent, an SDK, another extension), when known. */
  caller: string | null;
  /** The caller's own session (an agent's conversation), when it says which. */
  session: string | null;
  /** A team gateway's member and their team (records of member keys; null elsewhere). */
  member: string | null;
  team: string | null;
  /** Every call sent to a provider, fallbacks included. */
  attempts: number;
  /**
   * Requests whose latest attempt is in this cell: a request counts once, under the model that answered
   * it (or failed last), so every grouping's rows add up to the total.
   */
  requests: number;
  /** Attempts billed at Switchboard's estimate (the provider reported no usage, e.g. a stopped stream). */
  estimated: number;
  /** Attempts of models without a known price: their cost is unknown (counted as 0 in the sums). */
  unpriced: number;
  inputTokens: number;
  /** Of the input, tokens read from the provider's cache (the cache-read share). */
  cachedInputTokens: number;
  outputTokens: number;
  pico: bigint;
  /** Attempts whose provider reported its charge, with that charge and the price list's figure summed. */
  reported: number;
  reportedPico: bigint;
  catalogPico: bigint;
}

/** The provider's figure and the price list's for one record (its cost and extras), when the provider reported its charge. */
function reportedAndCatalog(costUsd: number, extras: Pick<LedgerEntry, "costSource" | "catalogCostUsd" | "providerCostUsd">): { reported: bigint; catalog: bigint } | undefined {
  if (extras.costSource === "provider" && extras.catalogCostUsd !== undefined) return { reported: usdToPico(costUsd), catalog: usdToPico(extras.catalogCostUsd) };
  // Records from before 0.2 kept the price list's figure as the cost and the provider's beside it.
  if (extras.costSource === undefined && extras.providerCostUsd !== undefined) return { reported: usdToPico(extras.providerCostUsd), catalog: usdToPico(costUsd) };
  return undefined;
}

export function groupKey(cell: Pick<SpendCell, "day" | "provider" | "model" | "project" | "feature" | "caller" | "session" | "member" | "team">, by: GroupBy): string {
  switch (by) {
    case "model":
      return `${cell.provider}/${cell.model}`;
    case "provider":
      return cell.provider;
    case "project":
      return cell.project ?? "(none)";
    case "feature":
      return cell.feature;
    case "caller":
      return cell.caller ?? "(none)";
    case "session":
      return cell.session ? `${cell.caller ?? "(unknown)"} ${cell.session}` : "(none)";
    case "member":
      return cell.member ?? "(none)";
    case "team":
      return cell.team ?? "(none)";
    case "day":
      return cell.day;
  }
}

/** How many recent requests are remembered to count each request once per group. */
const RECENT_REQUESTS = 2_000;
const ROLLUP_FORMAT = 7;
/** Unread stretches this long and longer are read by worker threads (parallel-scan.ts). */
const PARALLEL_FROM_BYTES = 32 * 1024 * 1024;
/** Save the sidecar once this many records were folded in since it was loaded or saved. */
export const SAVE_AFTER_RECORDS = 1_000;

const orNone = (value: string | null) => (value === null ? "\u0001" : value);
const cellKeyOf = (day: string, provider: string, model: string, project: string | null, feature: string, caller: string | null, session: string | null, member: string | null, team: string | null) =>
  `${day}\u0000${provider}\u0000${model}\u0000${orNone(project)}\u0000${feature}\u0000${orNone(caller)}\u0000${orNone(session)}\u0000${orNone(member)}\u0000${orNone(team)}`;

/** The cells one scanned cell text (project, feature, provider, model and the extras that name a cell) goes to, by day. */
interface CellsOfText {
  notACall: boolean;
  lastDay: string;
  lastCell: SpendCell | undefined;
  byDay: Map<string, SpendCell>;
}

/** What the counts read besides tokens and cost: a record's or a scanned line's extras. */
type CountedExtras = Pick<LedgerEntry, "estimated" | "costSource" | "catalogCostUsd" | "providerCostUsd">;

/** Folds ledger entries into cells, in order. Votes are not spend: they stay out of every count. */
export class SpendFolder {
  readonly cells = new Map<string, SpendCell>();
  /** requestId -> the cell its latest attempt went to (bounded, oldest first). */
  recent = new RecentRequests<SpendCell>(RECENT_REQUESTS);
  /** Scanned lines' cell texts -> their cells: most lines find theirs without decoding a field. */
  private readonly byText = new Map<string, CellsOfText>();
  /** The requests in the order they first appear, up to the memory's limit, when asked for (a stretch read apart: absorbRange in parallel-scan.ts). */
  readonly firstSeen: string[] = [];

  constructor(private readonly keepFirstSeen = false) {}

  add(entry: LedgerEntry): void {
    if (isNotACall(entry)) return;
    const cell = this.cellOf(entry.time.slice(0, 10), entry.provider, entry.model, entry.project, entry.feature, entry.caller ?? null, entry.session ?? null, entry.member ?? null, entry.team ?? null);
    this.count(cell, entry.requestId, entry.inputTokens, entry.outputTokens, entry.cachedInputTokens, entry.costUsd, entry);
  }

  /** The same as add() for a line read by the scanner (spend-line-scan.ts). */
  addScanned(line: ScannedSpend): void {
    const extras = line.extras as (Partial<Record<"caller" | "session" | "member" | "team", string>> & CountedExtras) | undefined;
    const named = extras !== undefined && (extras.caller !== undefined || extras.session !== undefined || extras.member !== undefined || extras.team !== undefined);
    const text = named ? `${line.cellText}\u0000${JSON.stringify([extras.caller ?? null, extras.session ?? null, extras.member ?? null, extras.team ?? null])}` : line.cellText;
    let cells = this.byText.get(text);
    if (!cells) {
      cells = { notACall: isNotACall(cellFields(line.cellText)), lastDay: "", lastCell: undefined, byDay: new Map() };
      this.byText.set(detached(text), cells);
    }
    if (cells.notACall) return;
    const day = line.day;
    let cell = cells.lastDay === day ? cells.lastCell : cells.byDay.get(day);
    if (!cell) {
      const { project, feature, provider, model } = cellFields(line.cellText);
      cell = this.cellOf(day, provider, model, project, feature, extras?.caller ?? null, extras?.session ?? null, extras?.member ?? null, extras?.team ?? null);
      cells.byDay.set(day, cell);
    }
    cells.lastDay = day;
    cells.lastCell = cell;
    this.count(cell, line.requestId, line.inputTokens, line.outputTokens, line.cachedInputTokens, line.costUsd, extras);
  }

  /** Gives the latest `count` remembered request ids storage of their own (scanned ones share a whole piece of the ledger's text). */
  detachRecent(count: number): void {
    this.recent.copyLatest(count, detached);
  }

  private cellOf(day: string, provider: string, model: string, project: string | null, feature: string, caller: string | null, session: string | null, member: string | null, team: string | null): SpendCell {
    const key = cellKeyOf(day, provider, model, project, feature, caller, session, member, team);
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { day, provider, model, project, feature, caller, session, member, team, attempts: 0, requests: 0, estimated: 0, unpriced: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, pico: 0n, reported: 0, reportedPico: 0n, catalogPico: 0n };
      this.cells.set(key, cell);
    }
    return cell;
  }

  private count(cell: SpendCell, requestId: string, inputTokens: number, outputTokens: number, cachedInputTokens: number, costUsd: number, extras: CountedExtras | undefined): void {
    cell.attempts += 1;
    if (extras?.estimated) cell.estimated += 1;
    if (extras?.costSource === "unpriced") cell.unpriced += 1;
    cell.inputTokens += inputTokens;
    cell.cachedInputTokens += cachedInputTokens;
    cell.outputTokens += outputTokens;
    cell.pico += usdToPico(costUsd);
    const both = extras && reportedAndCatalog(costUsd, extras);
    if (both) {
      cell.reported += 1;
      cell.reportedPico += both.reported;
      cell.catalogPico += both.catalog;
    }
    // A further attempt of a request (a fallback) moves the request to where it was answered.
    cell.requests += 1;
    const earlier = this.recent.remember(requestId, cell);
    if (earlier) earlier.requests -= 1;
    // Until the memory is full nothing was forgotten: not remembered means seen for the first time.
    else if (this.keepFirstSeen && this.firstSeen.length < RECENT_REQUESTS) this.firstSeen.push(requestId);
  }

  keyOf(cell: SpendCell): string {
    return cellKeyOf(cell.day, cell.provider, cell.model, cell.project, cell.feature, cell.caller, cell.session, cell.member, cell.team);
  }
}

/** What a fold reports besides the cells: each record taken (its hash and where it ends) and each unreadable line. */
export interface FoldListener {
  folded(hash: string, endByte: number, scanned: boolean): void;
  skipped(): void;
}

/** Splits a ledger's bytes from `fromByte` into lines and folds them into `folder`. */
export function foldingSplitter(folder: SpendFolder, fromByte: number, skipImported: boolean, listener: FoldListener): SpendLineSplitter {
  return new SpendLineSplitter(fromByte, {
    scanned: (line, endByte) => {
      if (!(skipImported && line.extras?.imported)) folder.addScanned(line);
      listener.folded(line.hash, endByte, true);
    },
    parsed: (parsed, endByte) => {
      if (!parsed) return listener.skipped();
      if (!(skipImported && parsed.record.imported)) folder.add(parsed.record);
      listener.folded(parsed.record.hash, endByte, false);
    },
  });
}

export function cellsFromEntries(entries: Iterable<LedgerEntry>): SpendCell[] {
  const folder = new SpendFolder();
  for (const entry of entries) folder.add(entry);
  return [...folder.cells.values()];
}

interface SavedRollup {
  format: number;
  ledgerBytes: number;
  lastHash: string;
  lastHashEnd: number;
  skippedLines: number;
  cells: Array<[string, string, string, string | null, string, number, number, number, number, number, string, number, string, string, number, string | null, string | null, number, string | null, string | null]>;
  recent: Array<[string, string]>;
}

export interface LedgerSpend {
  cells: SpendCell[];
  /** Torn or unreadable lines met (run `ledger verify` for their line numbers). */
  skippedLines: number;
}

/** Keeps a ledger's spend cells current, reading only what was appended since the last look. */
export class SpendRollup {
  protected folder = new SpendFolder();
  protected ledgerBytes = 0;
  protected lastHash = "";
  /** Where the record with `lastHash` ends in the ledger. */
  protected lastHashEnd = 0;
  protected skippedLines = 0;
  protected foldedSinceSave = 0;
  protected loaded = false;

  constructor(
    readonly ledgerFile: string,
    readonly rollupFile = `${ledgerFile}.rollup.json`,
    /** Leave out records merged in from another ledger (that ledger is still read on its own). */
    readonly skipImported = false,
    /** Unread stretches this long and longer are read by worker threads (only readAsync). */
    private readonly parallelFromBytes = PARALLEL_FROM_BYTES,
  ) {}

  /** The read under way (readAsync), so that reads happen one at a time. */
  protected reading: Promise<LedgerSpend> | undefined;

  /** The cells as of now, read off the event loop one read at a time: a caller that arrives during a read waits, then reads on. Saves the sidecar when enough new records were folded in. */
  async readAsync(): Promise<LedgerSpend> {
    while (this.reading) await this.reading.catch(() => undefined);
    this.reading = this.readOnceAsync();
    try {
      return await this.reading;
    } finally {
      this.reading = undefined;
    }
  }

  private async readOnceAsync(): Promise<LedgerSpend> {
    if (!this.loaded) {
      this.loaded = true;
      const text = await readFile(this.rollupFile, "utf8").catch(() => undefined);
      if (text !== undefined) this.restore(text);
    }
    // One look at the size serves the check, the choice of threads and where this read stops: what is
    // appended meanwhile is the next read's (a long stretch then goes to the threads too).
    const size = (await stat(this.ledgerFile).catch(() => undefined))?.size ?? 0;
    if (!(await this.stillMatchesLedgerAsync(size))) this.reset();
    await this.readInParallel(size);
    const lines = this.lineSplitter();
    const end = await readLedgerPiecesAsync(this.ledgerFile, this.ledgerBytes, lines, size);
    this.afterRead(end.endByte);
    if (this.foldedSinceSave >= SAVE_AFTER_RECORDS) await this.saveAsync();
    return this.snapshot(end.unfinished);
  }

  /** Scanned lines since the read began: their request ids and last hash still share the ledger's text. */
  private scannedInRead = 0;

  /** Folds the lines read from where the last read stopped. */
  protected lineSplitter(): SpendLineSplitter {
    this.scannedInRead = 0;
    return foldingSplitter(this.folder, this.ledgerBytes, this.skipImported, {
      folded: (hash, endByte, scanned) => {
        if (scanned) this.scannedInRead += 1;
        this.folded(hash, endByte);
      },
      skipped: () => {
        this.skippedLines += 1;
      },
    });
  }

  /** How many threads the last read used (more than one for a long unread stretch: parallel-scan.ts). */
  threadsOfLastRead = 1;

  /** A long unread stretch is folded by worker threads; what they leave (a line still being written) is read on as usual. */
  private async readInParallel(size: number): Promise<void> {
    this.threadsOfLastRead = 1;
    if (size - this.ledgerBytes < this.parallelFromBytes) return;
    // Its own file beside the bundle (esbuild.mjs): only a long read loads it.
    const { absorbRange, scanInParallel } = require("./parallel-scan.js") as typeof import("./parallel-scan");
    const ranges = await scanInParallel(this.ledgerFile, this.ledgerBytes, size, this.skipImported);
    if (!ranges) return;
    for (const range of ranges) {
      absorbRange(this.folder, range);
      this.skippedLines += range.skippedLines;
      if (range.folded > 0) {
        this.lastHash = range.lastHash;
        this.lastHashEnd = range.lastHashEnd;
        this.foldedSinceSave += range.folded;
      }
      this.ledgerBytes = range.endByte;
    }
    this.threadsOfLastRead = ranges.length;
  }

  private folded(hash: string, endByte: number): void {
    this.lastHash = hash;
    this.lastHashEnd = endByte;
    this.foldedSinceSave += 1;
  }

  /** Where the next read starts; what is kept of this one no longer holds on to the text it was read from. */
  protected afterRead(endByte: number): void {
    this.ledgerBytes = endByte;
    if (this.scannedInRead === 0) return;
    this.lastHash = detached(this.lastHash);
    this.folder.detachRecent(Math.min(this.scannedInRead, RECENT_REQUESTS));
  }

  protected snapshot(unfinished: boolean): LedgerSpend {
    return { cells: [...this.folder.cells.values()], skippedLines: this.skippedLines + (unfinished ? 1 : 0) };
  }

  protected reset(): void {
    this.folder = new SpendFolder();
    this.ledgerBytes = 0;
    this.lastHash = "";
    this.lastHashEnd = 0;
    this.skippedLines = 0;
  }

  private async stillMatchesLedgerAsync(size: number): Promise<boolean> {
    if (this.lastHashEnd === 0) return this.ledgerBytes === 0 || size >= this.ledgerBytes;
    if (size < this.ledgerBytes) return false;
    const handle = await open(this.ledgerFile, "r");
    try {
      const last = await findLastRecordAsync(handle, this.lastHashEnd);
      return last.endByte === this.lastHashEnd && last.hash === this.lastHash;
    } finally {
      await handle.close();
    }
  }

  /** Takes up the saved sidecar's cells and where it stopped in the ledger. */
  protected restore(text: string): void {
    try {
      const saved = JSON.parse(text) as SavedRollup;
      if (saved.format !== ROLLUP_FORMAT) return;
      const folder = new SpendFolder();
      for (const [day, provider, model, project, feature, attempts, requests, estimated, inputTokens, outputTokens, pico, reported, reportedPico, catalogPico, unpriced, caller, session, cachedInputTokens, member, team] of saved.cells) {
        const cell: SpendCell = { day, provider, model, project, feature, caller, session, member, team, attempts, requests, estimated, inputTokens, cachedInputTokens, outputTokens, pico: BigInt(pico), reported, reportedPico: BigInt(reportedPico), catalogPico: BigInt(catalogPico), unpriced };
        folder.cells.set(cellKeyOf(day, provider, model, project, feature, caller, session, member, team), cell);
      }
      for (const [id, key] of saved.recent) {
        const cell = folder.cells.get(key);
        if (cell) folder.recent.set(id, cell);
      }
      this.folder = folder;
      this.ledgerBytes = saved.ledgerBytes;
      this.lastHash = saved.lastHash;
      this.lastHashEnd = saved.lastHashEnd;
      this.skippedLines = saved.skippedLines;
    } catch {
      // An unreadable rollup is only a cache: start over from the ledger.
      this.reset();
    }
  }

  private async saveAsync(): Promise<void> {
    const temporary = `${this.rollupFile}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, this.serialize());
      await rename(temporary, this.rollupFile);
      this.foldedSinceSave = 0;
    } catch {
      // A read-only directory only costs speed: the ledger itself is untouched.
    }
  }

  protected serialize(): string {
    const saved: SavedRollup = {
      format: ROLLUP_FORMAT,
      ledgerBytes: this.ledgerBytes,
      lastHash: this.lastHash,
      lastHashEnd: this.lastHashEnd,
      skippedLines: this.skippedLines,
      cells: [...this.folder.cells.values()].map((c) => [c.day, c.provider, c.model, c.project, c.feature, c.attempts, c.requests, c.estimated, c.inputTokens, c.outputTokens, c.pico.toString(), c.reported, c.reportedPico.toString(), c.catalogPico.toString(), c.unpriced, c.caller, c.session, c.cachedInputTokens, c.member, c.team]),
      recent: [...this.folder.recent.entries()].map(([id, cell]) => [id, this.folder.keyOf(cell)]),
    };
    return JSON.stringify(saved);
  }
}
