// Reads and verifies a ledger: whole records in order, torn lines reported and skipped, chain checked.
// Files are read in 1 MB pieces, so a ledger of millions of records never becomes one giant string.
import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { type LedgerRecord, type ParsedLine, parseLedgerLine } from "./ledger-record";

export interface LedgerProblem {
  line: number;
  message: string;
}

export interface LedgerContents {
  records: LedgerRecord[];
  /** Lines that are not whole records (a crash mid-write leaves at most one per crash). */
  skipped: LedgerProblem[];
}

const PIECE_BYTES = 1024 * 1024;
const SKIPPED_LINE = "incomplete or unreadable line (skipped)";
const BROKEN_LINK_OR_CONTENT = "its hash does not match its content and the record before it (the record was edited, or a record before it was removed, reordered or inserted)";

export interface LineVisit {
  /** The line's number (1-based) counted from `fromByte`. */
  lineNumber: number;
  /** Its content, parsed, or undefined when it is torn or unreadable. */
  parsed: ParsedLine | undefined;
  /** The byte offset just past this line's newline. */
  endByte: number;
}

/** Splits pieces of the file into lines and visits each whole one; what follows the last newline waits. */
class LineSplitter implements LedgerPieceSink {
  private carry = Buffer.alloc(0);
  consumed: number;
  lineNumber = 0;

  constructor(
    fromByte: number,
    private readonly visit: (line: LineVisit) => void,
  ) {
    this.consumed = fromByte;
  }

  push(bytes: Buffer): void {
    const piece = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : bytes;
    let start = 0;
    for (let newline = piece.indexOf(10, start); newline !== -1; newline = piece.indexOf(10, start)) {
      const text = piece.toString("utf8", start, newline);
      this.consumed += newline + 1 - start;
      start = newline + 1;
      this.lineNumber += 1;
      if (text.trim() === "") continue;
      this.visit({ lineNumber: this.lineNumber, parsed: parseLedgerLine(text), endByte: this.consumed });
    }
    this.carry = Buffer.from(piece.subarray(start));
  }

  end(size: number): { endByte: number; lines: number; unfinished: boolean } {
    return { endByte: this.consumed, lines: this.lineNumber, unfinished: size > this.consumed };
  }
}

/** Takes a ledger's bytes piece by piece, in order, and says where its last complete line ended. */
export interface LedgerPieceSink {
  push(bytes: Buffer): void;
  end(size: number): { endByte: number; lines: number; unfinished: boolean };
}

/** Feeds the file's bytes from `fromByte` to its current end to `sink`, in 1 MB pieces. */
export function readLedgerPieces(file: string, fromByte: number, sink: LedgerPieceSink): { endByte: number; lines: number; unfinished: boolean } {
  if (!existsSync(file)) return { endByte: fromByte, lines: 0, unfinished: false };
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(PIECE_BYTES);
    for (let position = fromByte; position < size; ) {
      const read = readSync(fd, buffer, 0, Math.min(PIECE_BYTES, size - position), position);
      if (read === 0) break;
      position += read;
      sink.push(buffer.subarray(0, read));
    }
    return sink.end(size);
  } finally {
    closeSync(fd);
  }
}

/**
 * readLedgerPieces off the event loop; `toByte` stops short of the file's end (a stretch of whole lines).
 * Each piece is parsed in one go: smaller pieces keep each turn of the event loop shorter.
 */
export async function readLedgerPiecesAsync(
  file: string,
  fromByte: number,
  sink: LedgerPieceSink,
  toByte = Number.POSITIVE_INFINITY,
  pieceBytes = PIECE_BYTES,
): Promise<{ endByte: number; lines: number; unfinished: boolean }> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch {
    return { endByte: fromByte, lines: 0, unfinished: false };
  }
  try {
    const size = Math.min((await handle.stat()).size, toByte);
    const buffer = Buffer.alloc(Math.min(pieceBytes, Math.max(size - fromByte, 1)));
    for (let position = fromByte; position < size; ) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      sink.push(buffer.subarray(0, bytesRead));
    }
    return sink.end(size);
  } finally {
    await handle.close();
  }
}

/**
 * Visits every complete (newline-terminated) line from `fromByte` on; a last line without its newline
 * is left for later (a writer may be mid-line). Returns the offset after the last complete line, the
 * lines visited, and whether bytes follow it (a line still being written, or torn by a crash).
 */
export function visitLedgerLines(file: string, fromByte: number, visit: (line: LineVisit) => void): { endByte: number; lines: number; unfinished: boolean } {
  return readLedgerPieces(file, fromByte, new LineSplitter(fromByte, visit));
}

/** visitLedgerLines off the event loop (the extension host and the gateway read new records this way). */
export function visitLedgerLinesAsync(file: string, fromByte: number, visit: (line: LineVisit) => void, pieceBytes = PIECE_BYTES): Promise<{ endByte: number; lines: number; unfinished: boolean }> {
  return readLedgerPiecesAsync(file, fromByte, new LineSplitter(fromByte, visit), Number.POSITIVE_INFINITY, pieceBytes);
}

/**
 * The last whole, parseable record ending at or before byte `end` of an open ledger (its hash and where
 * it ends; "" and 0 when there is none), and whether bytes follow the last newline before `end` (a torn
 * or unfinished line). Reads backwards in growing windows, so a long ledger costs one small read.
 */
export function findLastRecord(fd: number, end: number): LastRecord {
  if (end === 0) return { hash: "", endByte: 0, endsMidLine: false };
  for (let window = 4096; ; window *= 4) {
    const length = Math.min(end, window);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, end - length);
    const found = searchWindow(buffer, end);
    if (found !== "read-more") return found;
  }
}

/** The same, reading through a FileHandle off the event loop (the ledger writer's path). */
export async function findLastRecordAsync(handle: FileHandle, end: number): Promise<LastRecord> {
  if (end === 0) return { hash: "", endByte: 0, endsMidLine: false };
  for (let window = 4096; ; window *= 4) {
    const length = Math.min(end, window);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, end - length);
    const found = searchWindow(buffer, end);
    if (found !== "read-more") return found;
  }
}

export interface LastRecord {
  hash: string;
  endByte: number;
  endsMidLine: boolean;
}

/** The last whole record in the window that ends the file at `end`, or "read-more" when it may lie further back. */
function searchWindow(buffer: Buffer, end: number): LastRecord | "read-more" {
  const length = buffer.length;
  const endsMidLine = buffer[length - 1] !== 10;
  let lineEnd = endsMidLine ? buffer.lastIndexOf(10) + 1 : length;
  while (lineEnd > 0) {
    const previous = lineEnd === 1 ? -1 : buffer.lastIndexOf(10, lineEnd - 2);
    // Unless the window starts the file, a line without a newline before it may be cut: read more.
    if (previous === -1 && length < end) return "read-more";
    const text = buffer.toString("utf8", previous + 1, lineEnd - 1);
    // A torn line from an earlier crash does not parse: keep looking further back.
    const parsed = text.trim() === "" ? undefined : parseLedgerLine(text);
    if (parsed) return { hash: parsed.record.hash, endByte: end - length + lineEnd, endsMidLine };
    lineEnd = previous + 1;
  }
  return length === end ? { hash: "", endByte: 0, endsMidLine } : "read-more";
}

export function readLedger(file: string): LedgerContents {
  const records: LedgerRecord[] = [];
  const skipped: LedgerProblem[] = [];
  const end = visitLedgerLines(file, 0, ({ lineNumber, parsed }) => {
    if (parsed) records.push(parsed.record);
    else skipped.push({ line: lineNumber, message: SKIPPED_LINE });
  });
  // A last line with no newline is a torn write (or one in progress): report it like the others.
  if (end.unfinished) skipped.push({ line: end.lines + 1, message: SKIPPED_LINE });
  return { records, skipped };
}

export interface VerifyResult {
  ok: boolean;
  records: number;
  skipped: LedgerProblem[];
  /** The first record whose hash or link does not hold. */
  broken?: { index: number; requestId: string; reason: string };
}

/** Follows the hash chain line by line: the first break, and the lines that are not whole records. */
class ChainCheck {
  private prevHash = "";
  private index = 0;
  private broken: VerifyResult["broken"];
  private readonly skipped: LedgerProblem[] = [];

  readonly visit = ({ lineNumber, parsed }: LineVisit): void => {
    if (!parsed) {
      this.skipped.push({ line: lineNumber, message: SKIPPED_LINE });
      return;
    }
    this.index += 1;
    if (this.broken) return;
    const { record } = parsed;
    if (parsed.storedPrevHash !== undefined && parsed.storedPrevHash !== this.prevHash) {
      this.broken = { index: this.index, requestId: record.requestId, reason: "its previous-hash link does not match the record before it (a record was removed, reordered or inserted)" };
    } else if (parsed.expectedHash(this.prevHash) !== record.hash) {
      // Format 2 stores no separate link: the hash covers both, so an edit and a removal look alike.
      const reason = parsed.storedPrevHash === undefined ? BROKEN_LINK_OR_CONTENT : "its content does not match its hash (the record was edited)";
      this.broken = { index: this.index, requestId: record.requestId, reason };
    }
    this.prevHash = record.hash;
  };

  result(end: { lines: number; unfinished: boolean }): VerifyResult {
    const skipped = end.unfinished ? [...this.skipped, { line: end.lines + 1, message: SKIPPED_LINE }] : this.skipped;
    return this.broken ? { ok: false, records: this.index, skipped, broken: this.broken } : { ok: true, records: this.index, skipped };
  }
}

export function verifyLedger(file: string): VerifyResult {
  const check = new ChainCheck();
  return check.result(visitLedgerLines(file, 0, check.visit));
}

/** verifyLedger off the event loop (a merge checks both ledgers, which may hold millions of records). */
export async function verifyLedgerAsync(file: string): Promise<VerifyResult> {
  const check = new ChainCheck();
  return check.result(await visitLedgerLinesAsync(file, 0, check.visit));
}

/** Verifies records given as lines in order (a team database's ledger rows), the way a file's are. */
export async function verifyLedgerLines(lines: AsyncIterable<string>): Promise<VerifyResult> {
  const check = new ChainCheck();
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    check.visit({ lineNumber, parsed: parseLedgerLine(line), endByte: 0 });
  }
  return check.result({ lines: lineNumber, unfinished: false });
}
