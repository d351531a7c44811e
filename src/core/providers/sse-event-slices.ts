// Cuts a server-sent event stream's bytes at event boundaries (a blank line: LF LF, CRLF CRLF or CR CR),
// so each event's own bytes can be relayed the moment it is read, and held back until its meaning is
// known (before the first output, or once the answer has ended). The bytes are never changed: the
// slices of a stream, joined, are the stream.

const LF = 0x0a;
const CR = 0x0d;

export class SseEventSlicer {
  /** Bytes of the event still being read. */
  private current: Buffer[] = [];
  /** Nothing but a line terminator since the last one (so the next terminator ends the event). */
  private lineEmpty = true;
  /** The last byte of the previous chunk was a CR: a leading LF belongs to it. */
  private afterCr = false;
  /** That CR ended an event, which is complete once we know whether its LF follows. */
  private endsAfterCr = false;

  /** The events this chunk completes, each as its bytes (with any part read in earlier chunks). */
  push(chunk: Buffer): Buffer[][] {
    // Most providers end lines with LF alone: then the line ends are found by the native search, not byte by byte.
    if (!this.afterCr && !this.endsAfterCr && chunk.indexOf(CR) === -1) return this.pushLfOnly(chunk);
    const events: Buffer[][] = [];
    let start = 0;
    let i = 0;
    if (this.afterCr && chunk[0] === LF) i = 1;
    if (this.endsAfterCr) {
      if (i === 1) this.current.push(chunk.subarray(0, 1));
      events.push(this.current);
      this.current = [];
      start = i;
    }
    this.afterCr = false;
    this.endsAfterCr = false;
    for (; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== LF && byte !== CR) {
        this.lineEmpty = false;
        continue;
      }
      let end = i + 1;
      if (byte === CR) {
        if (i + 1 < chunk.length) {
          if (chunk[i + 1] === LF) end = i + 2;
        } else {
          this.afterCr = true;
        }
      }
      if (this.lineEmpty) {
        this.current.push(chunk.subarray(start, end));
        start = end;
        // A CR closing the chunk may be half of a CRLF: the event ends with the next chunk's first byte.
        if (this.afterCr) {
          this.endsAfterCr = true;
          break;
        }
        events.push(this.current);
        this.current = [];
      }
      this.lineEmpty = true;
      i = end - 1;
    }
    if (start < chunk.length) this.current.push(chunk.subarray(start));
    return events;
  }

  /** `push` for a chunk without CR, when no CR from the previous chunk is pending. */
  private pushLfOnly(chunk: Buffer): Buffer[][] {
    const events: Buffer[][] = [];
    let start = 0;
    let from = 0;
    for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, from)) {
      if (lf > from) this.lineEmpty = false;
      if (this.lineEmpty) {
        this.current.push(chunk.subarray(start, lf + 1));
        events.push(this.current);
        this.current = [];
        start = lf + 1;
      }
      this.lineEmpty = true;
      from = lf + 1;
    }
    if (from < chunk.length) this.lineEmpty = false;
    if (start < chunk.length) this.current.push(chunk.subarray(start));
    return events;
  }

  /** What is left at the end of the stream (an event without its blank line), if anything. */
  rest(): Buffer[] {
    this.endsAfterCr = false;
    const rest = this.current;
    this.current = [];
    return rest;
  }
}
