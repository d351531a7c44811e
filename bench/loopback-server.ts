// The provider side of the benchmarks, in its own process so the client's CPU time and event loop are
// measured alone. Replays the recorded OpenAI stream (test/fixtures/wire) with no delay; prints the
// URLs it serves as one JSON line on stdout.
import { envelope, FixtureServer, fixtureLines } from "../test/wire/fixture-server";

/** The recorded Anthropic thinking stream with its thinking and text deltas repeated: an agent's long turn. */
export function longAnthropicRecording(times: number): string[] {
  const lines = fixtureLines("anthropic-thinking-signature.jsonl");
  const isDelta = (line: string) => (JSON.parse(line) as { type: string; delta?: { type: string } }).delta?.type?.endsWith("_delta") === true && !line.includes("signature_delta");
  return lines.flatMap((line) => (isDelta(line) ? Array.from({ length: times }, () => line) : [line]));
}

/** The recording with its content chunks repeated `times` times: a long stream of real chunks. */
export function longRecording(times: number): string[] {
  const lines = fixtureLines("openai-text.jsonl");
  const content = lines.slice(1, -2);
  return [lines[0]!, ...Array.from({ length: times }, () => content).flat(), ...lines.slice(-2)];
}

async function main() {
  const short = await FixtureServer.start();
  short.serveSse(envelope("openai", fixtureLines("openai-text.jsonl")));
  const long = await FixtureServer.start();
  long.serveSse(envelope("openai", longRecording(10)));
  const tiny = await FixtureServer.start();
  tiny.serveSse(envelope("openai", longRecording(0).toSpliced(1, 0, fixtureLines("openai-text.jsonl")[1]!)));
  const failing = await FixtureServer.start();
  failing.serveStatus(503, "{}");
  const anthropic = await FixtureServer.start();
  anthropic.serveSse(envelope("anthropic", longAnthropicRecording(20)));
  // The servers keep no request log here: the benchmark sends hundreds of thousands of requests.
  setInterval(() => {
    for (const server of [short, long, tiny, failing, anthropic]) server.requests.length = 0;
  }, 1000).unref();
  process.stdout.write(`${JSON.stringify({ short: short.baseUrl, long: long.baseUrl, tiny: tiny.baseUrl, failing: failing.baseUrl, anthropic: anthropic.baseUrl })}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => process.exit(0));
}

if (require.main === module) void main();
