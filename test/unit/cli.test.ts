import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { costUsd } from "../../src/core/spend/cost";
import { readLedger } from "../../src/core/spend/ledger-reader";

const cli = join(__dirname, "..", "..", "dist", "cli.js");
const run = (args: string[], input?: string) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", input });

describe("switchboard CLI (built bundle)", () => {
  it("every command's --help (or -h) prints that command's usage and exits 0", () => {
    for (const [command, shown] of [["serve", /switchboard serve/], ["chat", /switchboard chat/], ["spend", /switchboard spend/], ["eval", /switchboard eval/], ["ledger", /switchboard ledger verify/]] as const) {
      for (const flag of ["--help", "-h"]) {
        const result = run([command, flag]);
        assert.equal(result.status, 0, `${command} ${flag}: ${result.stderr}`);
        assert.match(result.stdout, /^Usage:\n {2}/);
        assert.match(result.stdout, shown);
        assert.equal(result.stderr, "");
      }
    }
  });

  it("lists the catalog with prices", () => {
    const result = run(["models"]);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /demo\/sage-large\s+\$3\/1M in \(\$0.3 cached\)\s+\$15\/1M out\s+200000 ctx {2}tools, images \(simulated\)/);
    assert.match(result.stdout, /demo\/swift-mini\s+.* 128000 ctx {2}tools \(simulated\)/, "what each model accepts");
    assert.match(result.stdout, /anthropic\/claude-sonnet-4-5\s+\$3\/1M in/);
  });

  it("streams a chat as JSON events ending in done, with usage and exact cost", () => {
    const result = run(["chat", "--model", "demo/swift-mini", "--prompt", "hello there", "--json"]);
    assert.equal(result.status, 0, result.stderr);
    const events = result.stdout.trim().split("\n").map((line) => JSON.parse(line));
    const done = events.at(-1);
    assert.equal(done.type, "done");
    const streamed = events.filter((e) => e.type === "text-delta").map((e) => e.text).join("");
    assert.equal(done.text, streamed);
    assert.equal(done.provider, "demo");
    assert.equal(done.model, "swift-mini");
    assert.equal(done.costUsd, costUsd(done.usage, { input: 0.15, output: 0.6, cachedInput: 0.075 }));
    assert.ok(done.usage.outputTokens > 5);
  });

  it("an answer cut off by --max-tokens says so: finishReason length in done, a line on stderr, and in the ledger", () => {
    const ledger = join(mkdtempSync(join(tmpdir(), "switchboard-cli-limit-")), "ledger.jsonl");
    const json = run(["chat", "--model", "demo/swift-mini", "--prompt", "Explain routing in detail.", "--max-tokens", "5", "--json", "--ledger", ledger]);
    assert.equal(json.status, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout.trim().split("\n").at(-1)!).finishReason, "length");
    const plain = run(["chat", "--model", "demo/swift-mini", "--prompt", "Explain routing in detail.", "--max-tokens", "5", "--ledger", ledger]);
    assert.match(plain.stderr, /the answer stopped at the token limit and is cut off/);
    const full = run(["chat", "--model", "demo/swift-mini", "--prompt", "Hi", "--ledger", ledger]);
    assert.doesNotMatch(full.stderr, /token limit/);
    const records = readLedger(ledger).records;
    assert.deepEqual(records.map((record) => record.finishReason), ["length", "length", undefined]);
  });

  it("reads the prompt from stdin with --prompt -", () => {
    const result = run(["chat", "--model", "demo/swift-mini", "--prompt", "-", "--json"], "piped question");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /piped question/);
  });

  it("answers bad flags and unknown models with one clear line and exit 2, no stack trace", () => {
    const cases: Array<[string[], RegExp]> = [
      [["chat", "--model", "demo/swift-mini"], /--prompt is required/],
      [["chat", "--prompt", "hi", "--model", "demo/nope"], /unknown model "demo\/nope"/],
      [["chat", "--prompt", "hi", "--model", "acme/x"], /unknown provider "acme"/],
      [["chat", "--prompt", "hi", "--model", "demo/swift-mini", "--bogus"], /Unknown option '--bogus'/],
      [["frobnicate"], /unknown command "frobnicate"/],
    ];
    for (const [args, expected] of cases) {
      const result = run(args);
      assert.equal(result.status, 2, args.join(" "));
      const [firstLine] = result.stderr.split("\n");
      assert.match(firstLine ?? "", expected);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    }
  });

  it("policy check lists every problem of a team policy with its path, exit 2; a good one passes (for CI)", () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-policy-"));
    const bad = join(dir, "policy.json");
    writeFileSync(bad, JSON.stringify({ allowedModels: ["openai/*", 7], maxPrice: { input: -1 }, budget: { dailyUsd: 5 }, colour: "blue" }));
    const failed = run(["policy", "check", bad]);
    assert.equal(failed.status, 2);
    const lines = failed.stderr.trim().split("\n");
    assert.equal(lines.length, 3, failed.stderr);
    assert.ok(lines.some((line) => line.startsWith(`switchboard: ${bad}.allowedModels[1]: `)));
    assert.ok(lines.some((line) => line.startsWith(`switchboard: ${bad}.maxPrice.input: `)));
    assert.ok(lines.some((line) => /colour/.test(line)), "an unknown field is named");
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify({ allowedProviders: ["openai", "anthropic"], budget: { dailyUsd: 5 }, minimumDataPolicy: "deny-training" }));
    const passed = run(["policy", "check", good]);
    assert.equal(passed.status, 0, passed.stderr);
    assert.match(passed.stdout, /OK, a valid Switchboard team policy/);
    const missing = run(["policy", "check", join(dir, "missing.json")]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, `switchboard: cannot read ${join(dir, "missing.json")}: no such file\n`);
  });

  it("exits quietly when the reader of its output hangs up early (models | head)", async () => {
    const child = spawn(process.execPath, [cli, "models"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (data) => (stderr += data));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on("close", resolve));
    // Only the price-age warning may be said; no EPIPE error or stack trace.
    assert.doesNotMatch(stderr, /EPIPE|Error|\n\s+at /, "no EPIPE crash");
    assert.equal(code, 0);
  });
});
