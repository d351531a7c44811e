// The built `switchboard` CLI against every recorded stream: what a script would see, exactly.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { costUsd } from "../../src/core/spend/cost";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { type Envelope, envelope, FixtureServer, fixtureLines } from "./fixture-server";
import { runCli } from "./run-cli";

const CANARY = "sk-canary-CLI-9f8e7d6c5b4a39281706";
const pricing = { input: 3, output: 15, cachedInput: 0.3 };

const cases: Array<{ fixture: string; kind: "openai-compatible" | "anthropic" | "gemini"; api?: "responses"; envelope: Envelope; path: string; usage: { inputTokens: number; outputTokens: number; cachedInputTokens: number; reasoningTokens?: number } }> = [
  { fixture: "openai-text.jsonl", kind: "openai-compatible", envelope: "openai", path: "/v1", usage: { inputTokens: 16, outputTokens: 300, cachedInputTokens: 0 } },
  { fixture: "mistral-text.jsonl", kind: "openai-compatible", envelope: "openai", path: "/v1", usage: { inputTokens: 13, outputTokens: 8, cachedInputTokens: 0 } },
  { fixture: "deepseek-reasoning.jsonl", kind: "openai-compatible", envelope: "openai", path: "/v1", usage: { inputTokens: 18, outputTokens: 219, cachedInputTokens: 0, reasoningTokens: 205 } },
  { fixture: "anthropic-text.jsonl", kind: "anthropic", envelope: "anthropic", path: "", usage: { inputTokens: 12, outputTokens: 30, cachedInputTokens: 0 } },
  { fixture: "anthropic-refusal.jsonl", kind: "anthropic", envelope: "anthropic", path: "", usage: { inputTokens: 18, outputTokens: 5, cachedInputTokens: 0 } },
  { fixture: "google-text.jsonl", kind: "gemini", envelope: "gemini", path: "/v1beta", usage: { inputTokens: 9, outputTokens: 208, cachedInputTokens: 0, reasoningTokens: 185 } },
  { fixture: "google-reasoning.jsonl", kind: "gemini", envelope: "gemini", path: "/v1beta", usage: { inputTokens: 9, outputTokens: 285, cachedInputTokens: 0, reasoningTokens: 256 } },
  { fixture: "openai-responses-reasoning.jsonl", kind: "openai-compatible", api: "responses", envelope: "responses", path: "/v1", usage: { inputTokens: 42, outputTokens: 2655, cachedInputTokens: 0, reasoningTokens: 2539 } },
  { fixture: "openai-responses-cached.jsonl", kind: "openai-compatible", api: "responses", envelope: "responses", path: "/v1", usage: { inputTokens: 51097, outputTokens: 2505, cachedInputTokens: 49792 } },
];

/** The text the recording carries, read the simplest way for each format. */
function recordedText(fixture: string, format: Envelope): string {
  return fixtureLines(fixture)
    .map((line) => JSON.parse(line))
    .map((chunk) => {
      if (format === "openai") return chunk.choices?.[0]?.delta?.content ?? "";
      if (format === "responses") return chunk.type === "response.output_text.delta" ? chunk.delta : "";
      if (format === "anthropic") return chunk.type === "content_block_delta" ? (chunk.delta.text ?? "") : "";
      return chunk.candidates[0].content.parts.map((part: { text?: string }) => part.text ?? "").join("");
    })
    .join("");
}

describe("switchboard chat on recorded streams", () => {
  let server: FixtureServer;
  let dir: string;
  before(async () => {
    server = await FixtureServer.start();
    dir = mkdtempSync(join(tmpdir(), "switchboard-cli-"));
  });
  after(() => server.close());

  function writeConfig(kind: string, path: string, api?: string): string {
    const file = join(dir, `${kind}${api ?? ""}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        providers: [{ id: "rec", kind, ...(api ? { api } : {}), baseUrl: `${server.baseUrl}${path}`, apiKeyEnv: "REC_API_KEY" }],
        models: [{ id: "rec/recorded-model", pricing }],
      }),
    );
    return file;
  }

  for (const c of cases) {
    it(`${c.fixture}: text, tokens and cost exact; ledger line written; key never shown`, async () => {
      server.serveSse(envelope(c.envelope, fixtureLines(c.fixture)), 13);
      const ledger = join(dir, `${c.fixture}.ledger.jsonl`);
      const config = writeConfig(c.kind, c.path, c.api);
      const result = await runCli(
        ["chat", "--config", config, "--model", "rec/recorded-model", "--prompt", "hi", "--json", "--ledger", ledger],
        { REC_API_KEY: CANARY },
      );
      assert.equal(result.status, 0, result.stderr);
      const done = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
      assert.equal(done.type, "done");
      assert.equal(done.text, recordedText(c.fixture, c.envelope));
      assert.deepEqual(done.usage, c.usage);
      assert.equal(done.costUsd, costUsd(c.usage, pricing));
      assert.deepEqual(done.attempts, [{ provider: "rec", model: "recorded-model", outcome: "ok", status: 200, reason: "the requested model" }]);
      const { records } = readLedger(ledger);
      assert.equal(records.length, 1);
      const record = records[0]!;
      assert.equal(record.costUsd, done.costUsd);
      assert.equal(record.outputTokens, c.usage.outputTokens);
      assert.equal(record.feature, "cli");
      const everything = result.stdout + result.stderr + readFileSync(ledger, "utf8");
      assert.ok(!everything.includes(CANARY), "the key appears nowhere");
      assert.ok(!readFileSync(ledger, "utf8").includes("hi\""), "the prompt is not stored in the ledger");
    });
  }

  it("prints plain text and a cost line without --json", async () => {
    server.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    const result = await runCli(["chat", "--config", writeConfig("openai-compatible", "/v1"), "--model", "rec/recorded-model", "--prompt", "hi"], { REC_API_KEY: CANARY });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${recordedText("mistral-text.jsonl", "openai")}\n`);
    assert.match(result.stderr, /\[rec\/recorded-model\] 13 in \(0 cached\), 8 out, \$0\.000159/);
  });

  it("a provider error is a JSON error line and exit 1, with the echoed key redacted", async () => {
    server.serveStatus(401, JSON.stringify({ error: { message: `Incorrect API key provided: ${CANARY}` } }));
    const result = await runCli(["chat", "--config", writeConfig("openai-compatible", "/v1"), "--model", "rec/recorded-model", "--prompt", "hi", "--json"], { REC_API_KEY: CANARY });
    assert.equal(result.status, 1);
    const error = JSON.parse(result.stdout.trim());
    assert.equal(error.type, "error");
    assert.equal(error.kind, "auth");
    assert.deepEqual(error.attempts, [{ provider: "rec", model: "recorded-model", outcome: "auth", status: 401, reason: "the requested model" }]);
    assert.ok(!(result.stdout + result.stderr).includes(CANARY));
  });

  it("--timeout-ms bounds the wait for the first byte", async () => {
    server.handle(() => {
      /* never answers */
    });
    const result = await runCli(
      ["chat", "--config", writeConfig("openai-compatible", "/v1"), "--model", "rec/recorded-model", "--prompt", "hi", "--json", "--timeout-ms", "300"],
      { REC_API_KEY: CANARY },
    );
    assert.equal(result.status, 1);
    assert.equal(JSON.parse(result.stdout.trim()).kind, "timeout");
  });

  it("compare runs models side by side and sums the cost", async () => {
    server.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    const result = await runCli(
      ["compare", "--config", writeConfig("openai-compatible", "/v1"), "--model", "rec/recorded-model", "--model", "demo/swift-mini", "--prompt", "hi"],
      { REC_API_KEY: CANARY },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /── rec\/recorded-model ──\nHello/);
    assert.match(result.stdout, /MODEL\s+STATUS\s+IN\s+OUT\s+COST\s+TTFT\s+TOK\/S/);
    assert.match(result.stdout, /rec\/recorded-model\s+done\s+13\s+8\s+\$0\.000159/);
    assert.match(result.stdout, /demo\/swift-mini\s+done/);
    assert.match(result.stdout, /Total: \$0\.000\d+/);
  });

  it("configuration mistakes: one line naming what to fix, exit 2", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ providers: [{ id: "x", kind: "openai-compatible", baseUrl: "not a url" }] }));
    const badConfig = await runCli(["chat", "--config", bad, "--model", "x/m", "--prompt", "hi"]);
    assert.equal(badConfig.status, 2);
    assert.match(badConfig.stderr, /^switchboard: .*bad\.json\.providers\[0\]\.baseUrl: /);
    assert.equal(badConfig.stderr.trim().split("\n").length, 1);

    const missingKey = await runCli(["chat", "--config", writeConfig("openai-compatible", "/v1"), "--model", "rec/recorded-model", "--prompt", "hi"]);
    assert.equal(missingKey.status, 2);
    assert.equal(missingKey.stderr.trim(), "switchboard: no API key for rec: set the environment variable REC_API_KEY");

    const notJson = join(dir, "broken.json");
    writeFileSync(notJson, "{ providers: ");
    const broken = await runCli(["models", "--config", notJson]);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /broken\.json is not valid JSON/);
  });

  it("a bad model entry is reported with its path and skipped; the rest still load", async () => {
    const file = join(dir, "partial.json");
    writeFileSync(file, JSON.stringify({ models: [{ id: "demo/extra", pricing: { input: -1, output: 1 } }, { id: "openai/my-tuned", pricing: { input: 1, output: 2 } }] }));
    const result = await runCli(["models", "--config", file]);
    assert.equal(result.status, 0);
    assert.match(result.stderr, /warning: .*partial\.json models\[0\]\.pricing\.input: .* \(skipped\)/);
    assert.match(result.stdout, /openai\/my-tuned\s+\$1\/1M in\s+\$2\/1M out/);
    assert.doesNotMatch(result.stdout, /demo\/extra/);
  });

  it("models --openrouter lists OpenRouter's models with exactly converted prices", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({ data: [{ id: "meta-llama/llama-3.3-70b-instruct", name: "Llama 3.3 70B", context_length: 131072, pricing: { prompt: "0.00000013", completion: "0.0000004" } }] }),
      );
    });
    const result = await runCli(["models", "--openrouter", "--openrouter-url", `${server.baseUrl}/api/v1`]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(server.requests.at(-1)?.url, "/api/v1/models");
    assert.match(result.stdout, /openrouter\/meta-llama\/llama-3\.3-70b-instruct\s+\$0\.13\/1M in\s+\$0\.4\/1M out\s+131072 ctx/);
  });
});
