// Exact token counts of texts already counted. A coding agent sends its whole conversation again every
// turn, and the planner estimates each candidate model: counting 50 KB with o200k_base takes 20-50 ms of
// the event loop (200 KB, about 50-100), so each text is counted once and later turns count only what
// is new. Bounded by the characters it remembers; the least recently used go first.

/** Texts shorter than this are counted each time: the lookup would cost about as much. */
const MIN_CHARS = 64;

export class CountedTexts {
  private readonly counts = new Map<string, number>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  count(text: string, counter: (text: string) => number): number {
    if (text.length < MIN_CHARS) return counter(text);
    const known = this.counts.get(text);
    if (known !== undefined) {
      // Most recently used last.
      this.counts.delete(text);
      this.counts.set(text, known);
      return known;
    }
    const tokens = counter(text);
    if (text.length > this.maxChars) return tokens;
    this.counts.set(text, tokens);
    this.chars += text.length;
    for (const oldest of this.counts.keys()) {
      if (this.chars <= this.maxChars) break;
      this.counts.delete(oldest);
      this.chars -= oldest.length;
    }
    return tokens;
  }

  get size(): number {
    return this.counts.size;
  }
}
