// Splits a ledger's bytes into lines for a spend summary: plain format-2 lines are read by the scanner
// (spend-line-scan.ts), every other line by the full parser, with the same rules as the line splitter
// of ledger-reader.ts (blank lines skipped, a last line without its newline left for later).
import type { LedgerPieceSink } from "./ledger-reader";
import { type ParsedLine, parseLedgerLine } from "./ledger-record";
import { emptyScan, type ScannedSpend, scanSpendLine } from "./spend-line-scan";

export interface SpendLineVisitor {
  /** A plain line, scanned (the object is reused for the next line); `endByte` is just past its newline. */
  scanned(line: ScannedSpend, endByte: number): void;
  /** Any other non-blank line: its record, or undefined when it is torn or unreadable. */
  parsed(line: ParsedLine | undefined, endByte: number): void;
}

export class SpendLineSplitter implements LedgerPieceSink {
  /** The text of a line still being read; latin1 keeps one character per byte, so offsets are bytes. */
  private carry = "";
  /** The file offset of the carry's first byte. */
  private base: number;
  private readonly scan = emptyScan();
  private lines = 0;

  constructor(
    fromByte: number,
    private readonly visitor: SpendLineVisitor,
  ) {
    this.base = fromByte;
  }

  push(bytes: Buffer): void {
    const text = this.carry + bytes.toString("latin1");
    let start = 0;
    for (;;) {
      const next = scanSpendLine(text, start, this.scan);
      if (next !== -1) {
        this.lines += 1;
        this.visitor.scanned(this.scan, this.base + next);
        start = next;
        continue;
      }
      const newline = text.indexOf("\n", start);
      if (newline === -1) break;
      this.lines += 1;
      // Back to the line's bytes, then to its UTF-8 text, for the parser.
      const line = Buffer.from(text.slice(start, newline), "latin1").toString("utf8");
      start = newline + 1;
      if (line.trim() !== "") this.visitor.parsed(parseLedgerLine(line), this.base + start);
    }
    this.carry = text.slice(start);
    this.base += start;
  }

  end(size: number): { endByte: number; lines: number; unfinished: boolean } {
    return { endByte: this.base, lines: this.lines, unfinished: size > this.base };
  }
}
