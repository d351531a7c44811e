// The relay cuts a provider's stream at event boundaries to send each event's own bytes: whatever the
// network's chunking and the provider's line endings, the slices join to the stream unchanged and each
// is one whole event.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { SseEventSlicer } from "../../src/core/providers/sse-event-slices";

const events = ['event: message_start\ndata: {"type":"message_start"}', "data: {\"text\":\"héllo ✓\"}", ": ping", 'data: {"a":1}\ndata: {"b":2}'];

function slice(stream: Buffer, cuts: number[]): { slices: Buffer[]; rest: Buffer } {
  const slicer = new SseEventSlicer();
  const slices: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < stream.length).sort((a, b) => a - b), stream.length]) {
    if (cut <= start) continue;
    for (const event of slicer.push(stream.subarray(start, cut))) slices.push(Buffer.concat(event));
    start = cut;
  }
  return { slices, rest: Buffer.concat(slicer.rest()) };
}

/** However the stream is cut into reads, its slices join to the stream and are the events `events` are. */
function assertAnyCutsGive(stream: Buffer, events: Buffer[], runs: { seed: number; numRuns: number }): void {
  const expected = events.map((event) => event.toString("utf8"));
  fc.assert(
    fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 60 }), (cuts) => {
      const { slices, rest } = slice(stream, cuts);
      assert.deepEqual(Buffer.concat([...slices, rest]), stream);
      assert.deepEqual(slices.map((s) => s.toString("utf8")), expected);
    }),
    runs,
  );
}

describe("SSE event slices", () => {
  for (const [name, eol] of [["LF", "\n"], ["CRLF", "\r\n"], ["CR", "\r"]] as const) {
    it(`${name} line endings: every chunking gives the same events, joined they are the stream`, () => {
      const text = events.map((event) => `${event.replaceAll("\n", eol)}${eol}${eol}`).join("");
      const stream = Buffer.from(`${text}data: unfinished`, "utf8");
      const whole = slice(stream, []);
      assert.equal(whole.slices.length, events.length);
      assert.deepEqual(
        whole.slices.map((s) => s.toString("utf8")),
        events.map((event) => `${event.replaceAll("\n", eol)}${eol}${eol}`),
      );
      assertAnyCutsGive(stream, whole.slices, { seed: 23, numRuns: 300 });
    });
  }

  it("mixed line endings, cut anywhere (chunks with and without CR take different paths): the events of the whole stream", () => {
    const eols = ["\n", "\r\n", "\r", "\n", "\n"];
    // Each event's lines end one way and the event another (its blank line), so the stream mixes all three.
    const text = events.map((event, i) => `${event.replaceAll("\n", eols[(i + 1) % eols.length]!)}${eols[i % eols.length]!.repeat(2)}`).join("");
    const stream = Buffer.from(`${text}${text}data: unfinished`, "utf8");
    const whole = slice(stream, []);
    assert.equal(whole.slices.length, 2 * events.length);
    assertAnyCutsGive(stream, whole.slices, { seed: 29, numRuns: 500 });
  });
});
