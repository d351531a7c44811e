// Failover, data policy, price caps, timeouts and broken streams, end to end through the built CLI
// against several loopback providers that speak the real wire formats.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { envelope, FixtureServer, fixtureLines } from "./fixture-server";
import { runCli } from "./run-cli";

const KEY = "sk-canary-ROUTING-00112233445566";

describe("routing through the CLI", () => {
  const servers: Record<string, FixtureServer> = {};
  let dir: string;
  let config: string;
  let ledger: string;

  before(async () => {
    for (const name of ["limited", "down", "healthy", "trainer", "anthro", "gptlike"]) servers[name] = await FixtureServer.start();
    dir = mkdtempSync(join(tmpdir(), "switchboard-routing-"));
    config = join(dir, "config.json");
    const openai = (id: string, dataPolicy?: object) => ({ id, kind: "openai-compatible", baseUrl: `${servers[id]!.baseUrl}/v1`, apiKeyEnv: "TEST_KEY", ...(dataPolicy ? { dataPolicy } : {}) });
    writeFileSync(
      config,
      JSON.stringify({
        providers: [
          openai("limited", { trainsOnData: false, retainsData: false }),
          openai("down", { trainsOnData: false, retainsData: false }),
          openai("healthy", { trainsOnData: false, retainsData: true }),
          openai("trainer", { trainsOnData: true, retainsData: true }),
          openai("gptlike"),
          { id: "anthro", kind: "anthropic", baseUrl: servers.anthro!.baseUrl, apiKeyEnv: "TEST_KEY", dataPolicy: { trainsOnData: false, retainsData: false } },
        ],
        models: [
          { id: "limited/m", pricing: { input: 1, output: 2 } },
          { id: "down/m", pricing: { input: 1, output: 2 } },
          { id: "healthy/m", pricing: { input: 1, output: 2 } },
          { id: "trainer/m", pricing: { input: 0.1, output: 0.2 } },
          { id: "anthro/m", pricing: { input: 30, output: 60 } },
          { id: "gptlike/gpt-4o", pricing: { input: 2.5, output: 10 } },
        ],
      }),
    );
  });
  beforeEach(() => {
    ledger = join(dir, `ledger-${Math.random().toString(36).slice(2)}.jsonl`);
    for (const server of Object.values(servers)) server.requests.length = 0;
    servers.healthy!.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    servers.trainer!.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
  });
  after(() => Promise.all(Object.values(servers).map((server) => server.close())));

  const chat = (...args: string[]) => runCli(["chat", "--config", config, "--ledger", ledger, "--prompt", "hi", "--json", ...args], { TEST_KEY: KEY });
  const ledgerRecords = () => readLedger(ledger).records;

  it("429 (Retry-After one hour) then 503 then a healthy provider: answered by the healthy one, no wait, three ledger records", { timeout: 20_000 }, async () => {
    servers.limited!.serveStatus(429, JSON.stringify({ error: { message: "slow down" } }), { "retry-after": "3600" });
    servers.down!.serveStatus(503, JSON.stringify({ error: { message: "maintenance" } }));
    const result = await chat("--model", "limited/m", "--fallback", "down/m", "--fallback", "healthy/m");
    assert.equal(result.status, 0, result.stderr);
    const done = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    assert.equal(done.provider, "healthy");
    assert.match(done.text, /^Hello/);
    assert.deepEqual(
      done.attempts.map((a: { provider: string; outcome: string; status: number }) => [a.provider, a.outcome, a.status]),
      [["limited", "rate-limit", 429], ["down", "overloaded", 503], ["healthy", "ok", 200]],
    );
    const records = ledgerRecords();
    assert.deepEqual(records.map((r) => [r.attempt, r.provider, r.outcome, r.status]), [[1, "limited", "rate-limit", 429], [2, "down", "overloaded", 503], [3, "healthy", "ok", 200]]);
    assert.equal(new Set(records.map((r) => r.requestId)).size, 1, "one request, three attempts");
    assert.deepEqual(records.map((r) => r.costUsd > 0), [false, false, true], "failed attempts cost nothing");
    assert.ok(!readFileSync(ledger, "utf8").includes(KEY));
    const verify = await runCli(["ledger", "verify", "--ledger", ledger]);
    assert.equal(verify.status, 0);
    assert.match(verify.stdout, /OK, 3 records, hash chain intact/);
  });

  it("deny-training never contacts a provider that trains on data", async () => {
    const result = await chat("--model", "trainer/m", "--fallback", "healthy/m", "--data-policy", "deny-training");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(servers.trainer!.requests.length, 0, "the non-compliant provider saw no request");
    assert.equal(JSON.parse(result.stdout.trim().split("\n").at(-1)!).provider, "healthy");
  });

  it("zero-retention with no compliant model left refuses clearly and sends nothing", async () => {
    const result = await chat("--model", "trainer/m", "--fallback", "healthy/m", "--data-policy", "zero-retention");
    assert.equal(result.status, 1);
    const error = JSON.parse(result.stdout.trim());
    assert.equal(error.kind, "policy");
    assert.match(error.message, /trainer\/m: trainer may train on request data.*healthy\/m: healthy retains request data/);
    assert.equal(servers.trainer!.requests.length + servers.healthy!.requests.length, 0);
  });

  it("--max-cost holds on an OpenAI-family model's exact token count (the CLI loads the o200k tokenizer for chat)", async () => {
    servers.gptlike!.serveSse(envelope("openai", fixtureLines("openai-text.jsonl")));
    // " a" is one o200k token, so 2,000 of them are 2,006 prompt tokens with the message overhead: $0.005025 with
    // one output token. Four characters a token would say 1,006 ($0.002525), under the cap.
    const prompt = " a".repeat(2000);
    const result = await runCli(["chat", "--config", config, "--ledger", ledger, "--model", "gptlike/gpt-4o", "--max-tokens", "1", "--max-cost", "0.004", "--prompt", prompt], { TEST_KEY: KEY });
    assert.equal(result.status, 1, result.stdout);
    assert.match(result.stderr, /gptlike\/gpt-4o: estimated up to \$0\.005025, above the \$0\.004 per-request cap/);
    assert.equal(servers.gptlike!.requests.length, 0, "nothing was sent");
  });

  it("a max price excludes the expensive model and the request goes to the next", async () => {
    const result = await chat("--model", "anthro/m", "--fallback", "healthy/m", "--max-input-price", "10");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(servers.anthro!.requests.length, 0);
    assert.equal(JSON.parse(result.stdout.trim().split("\n").at(-1)!).provider, "healthy");
  });

  it("a hanging provider times out and falls back", { timeout: 20_000 }, async () => {
    servers.limited!.handle(() => {
      /* never answers */
    });
    const result = await chat("--model", "limited/m", "--fallback", "healthy/m", "--timeout-ms", "300");
    assert.equal(result.status, 0, result.stderr);
    const done = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    assert.deepEqual(done.attempts.map((a: { outcome: string }) => a.outcome), ["timeout", "ok"]);
  });

  it("a reset after the first token is surfaced with the partial text, and there is no fallback", async () => {
    servers.limited!.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "Partial answ" } }] })}\n\n`);
      setTimeout(() => res.socket?.destroy(), 50);
    });
    const result = await chat("--model", "limited/m", "--fallback", "healthy/m");
    assert.equal(result.status, 1);
    const lines = result.stdout.trim().split("\n").map((line) => JSON.parse(line));
    const error = lines.at(-1);
    assert.equal(error.type, "error");
    assert.equal(error.kind, "network");
    assert.equal(error.partialText, "Partial answ");
    assert.deepEqual(lines.filter((l) => l.type === "text-delta").map((l) => l.text), ["Partial answ"]);
    assert.equal(servers.healthy!.requests.length, 0, "no silent fallback after the first token");
    assert.equal(ledgerRecords().length, 1);
  });

  it("a malformed stream ends in a clear error, never a stack trace", async () => {
    servers.limited!.serveSse("data: {this is not json\n\n");
    const result = await runCli(["chat", "--config", config, "--ledger", ledger, "--prompt", "hi", "--model", "limited/m"], { TEST_KEY: KEY });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^switchboard: bad-response: limited sent a stream line that is not JSON/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it("an invalid team policy refuses every request (fail closed) and names the bad field", async () => {
    const policy = join(dir, "policy.json");
    writeFileSync(policy, JSON.stringify({ allowedProviders: ["healthy"], maxPrice: { input: "cheap" } }));
    const result = await chat("--model", "healthy/m", "--policy", policy);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /refusing to send anything until the policy file is fixed: .*policy\.json\.maxPrice\.input: /);
    assert.equal(servers.healthy!.requests.length, 0);
  });

  it("a team policy narrows the models, and spend reports read the ledger it leaves", async () => {
    const policy = join(dir, "team.json");
    writeFileSync(policy, JSON.stringify({ allowedModels: ["healthy/*"] }));
    const refused = await chat("--model", "trainer/m", "--policy", policy);
    assert.equal(refused.status, 1);
    assert.match(JSON.parse(refused.stdout.trim()).message, /team policy does not allow model trainer\/m/);
    const ok = await chat("--strategy", "cheapest", "--candidates", "trainer/m,healthy/m", "--policy", policy, "--feature", "nightly-eval");
    assert.equal(ok.status, 0, ok.stderr);
    const spend = await runCli(["spend", "--ledger", ledger, "--by", "feature", "--format", "json"]);
    const report = JSON.parse(spend.stdout);
    assert.equal(report.rows[0].key, "nightly-eval");
    assert.equal(report.total.costUsd, ledgerRecords().reduce((sum: number, r: { costUsd: number }) => sum + r.costUsd, 0));
  });

  it("a budget blocks a request that could overshoot, saying which and how much is left", async () => {
    const budgeted = join(dir, "budget.json");
    const base = JSON.parse(readFileSync(config, "utf8"));
    writeFileSync(budgeted, JSON.stringify({ ...base, budgets: { dailyUsd: 0.001 } }));
    const result = await runCli(["chat", "--config", budgeted, "--ledger", ledger, "--prompt", "hi", "--json", "--model", "anthro/m"], { TEST_KEY: KEY });
    assert.equal(result.status, 1);
    const error = JSON.parse(result.stdout.trim());
    assert.equal(error.kind, "budget");
    assert.match(error.message, /daily budget \(all projects\) \(\$0\.001000\) has \$0\.001000 left, and this request may cost up to \$/);
    assert.equal(servers.anthro!.requests.length, 0);
  });

  it("compare: each column is its own request, falls back along the chain and says why; a policy-excluded model is never called", { timeout: 30_000 }, async () => {
    servers.down!.serveStatus(503, JSON.stringify({ error: { message: "maintenance" } }));
    const compare = (...args: string[]) => runCli(["compare", "--config", config, "--ledger", ledger, "--prompt", "hi", "--data-policy", "deny-training", ...args], { TEST_KEY: KEY });
    const chained = await compare("--model", "down/m", "--model", "trainer/m", "--fallback", "healthy/m", "--json");
    assert.equal(chained.status, 0, chained.stderr);
    const [down, trainer] = chained.stdout.trim().split("\n").map((line) => JSON.parse(line));
    assert.equal(down.status, "done");
    assert.equal(down.answeredBy, "healthy/m");
    assert.match(down.route, /^down\/m failed \(overloaded\); healthy\/m: fallback 1/);
    assert.equal(trainer.answeredBy, "healthy/m");
    assert.match(trainer.route, /^trainer\/m not used: trainer may train on request data/);
    assert.equal(servers.trainer!.requests.length, 0, "the excluded model was never called");
    const records = ledgerRecords();
    assert.equal(new Set(records.map((r) => r.requestId)).size, 2, "one request per column");
    assert.deepEqual(records.map((r) => `${r.provider}:${r.outcome}`).sort(), ["down:overloaded", "healthy:ok", "healthy:ok"]);

    const alone = await compare("--model", "healthy/m", "--model", "trainer/m");
    assert.equal(alone.status, 1, "not every column finished");
    assert.match(alone.stdout, /── trainer\/m ──\n\n\[policy\] no model satisfies this request: trainer\/m: trainer may train on request data/);
    assert.match(alone.stdout, /healthy\/m\s+done/);
    assert.equal(servers.trainer!.requests.length, 0);
  });

  it("a provider set up without a key whose server asks for one: the error says so and how to give it a key (OpenAI and Anthropic wires)", async () => {
    const keyless = join(dir, "keyless.json");
    writeFileSync(
      keyless,
      JSON.stringify({
        providers: [
          { id: "lan", kind: "openai-compatible", baseUrl: `${servers.down!.baseUrl}/v1`, local: true },
          { id: "lan-claude", kind: "anthropic", baseUrl: servers.anthro!.baseUrl, local: true },
        ],
        models: [
          { id: "lan/m", pricing: { input: 0, output: 0 } },
          { id: "lan-claude/m", pricing: { input: 0, output: 0 } },
        ],
      }),
    );
    servers.down!.serveStatus(401, JSON.stringify({ error: { message: "Incorrect API key provided" } }));
    servers.anthro!.serveStatus(401, JSON.stringify({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }));
    for (const model of ["lan/m", "lan-claude/m"]) {
      const result = await runCli(["chat", "--config", keyless, "--ledger", ledger, "--prompt", "hi", "--model", model]);
      assert.equal(result.status, 1, result.stdout);
      assert.match(result.stderr, /answered HTTP 401.*set up without a key, but the server asks for one: give it an "apiKeyEnv" in the config's providers/, model);
    }
  });
});
