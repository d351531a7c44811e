// The library as a user gets it: `npm pack`, installed into a new project, imported from ESM and CommonJS,
// type-checked against its .d.ts alone, calling providers on loopback (recorded real streams).
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readLedger, verifyLedger } from "../../src/core/spend/ledger-reader";
import { envelope, FixtureServer, fixtureLines, recordedOpenAIText } from "../wire/fixture-server";

const root = join(__dirname, "..", "..");
const consumerFiles = join(__dirname, "library-consumer");

describe("the switchboard package as a library", () => {
  let project: string;
  let up: FixtureServer;
  let down: FixtureServer;
  let tools: FixtureServer;
  let ledger: string;
  // Asynchronous: the loopback providers answer from this process's event loop.
  const run = async (file: string) =>
    (await promisify(execFile)(process.execPath, [file], { cwd: project, encoding: "utf8", env: { ...process.env, SWITCHBOARD_TEST: JSON.stringify({ up: up.baseUrl, down: down.baseUrl, tools: tools.baseUrl, ledger }) }, timeout: 60_000 })).stdout;

  before(async () => {
    [up, down, tools] = await Promise.all([FixtureServer.start(), FixtureServer.start(), FixtureServer.start()]);
    up.serveSse(envelope("openai", fixtureLines("openai-text.jsonl")), 17);
    down.serveStatus(503, JSON.stringify({ error: { message: "The server is overloaded" } }));
    tools.serveSse(envelope("openai", fixtureLines("groq-tool-call.jsonl")));
    // What a user does: pack, and install the tarball into a project of their own.
    const packs = mkdtempSync(join(tmpdir(), "switchboard-pack-"));
    execFileSync(process.execPath, [join(root, "scripts", "build-library-types.mjs")], { cwd: root, stdio: "pipe" });
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", packs], { cwd: root, stdio: "pipe" });
    const tarball = join(packs, readdirSync(packs).find((name) => name.endsWith(".tgz"))!);
    project = mkdtempSync(join(tmpdir(), "switchboard-consumer-"));
    ledger = join(project, "ledger.jsonl");
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    execFileSync("npm", ["install", tarball, "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: project, stdio: "pipe" });
    cpSync(consumerFiles, project, { recursive: true });
  });
  after(() => Promise.all([up?.close(), down?.close(), tools?.close()]));

  it("the package holds the library, its types and the CLI, and no dependency to install", () => {
    const installed = JSON.parse(execFileSync("npm", ["ls", "--all", "--json"], { cwd: project, encoding: "utf8" })) as { dependencies: Record<string, { dependencies?: object }> };
    assert.deepEqual(Object.keys(installed.dependencies), ["switchboard"]);
    assert.equal(installed.dependencies.switchboard!.dependencies, undefined, "everything is bundled");
    const files = readdirSync(join(project, "node_modules", "switchboard", "dist")).sort();
    assert.deepEqual(files, ["cli.js", "library-types", "library.cjs", "library.mjs", "telemetry.js", "tokenizer.js"]);
  });

  it("from ESM: a fallback past a 503, a refused maxPrice, a failing provider, every model failing, a stream, a tool call, a team-policy and a budget refusal, models and spend", async () => {
    const results = Object.fromEntries((await run("scenarios.mjs")).trim().split("\n").map((line) => JSON.parse(line)).map((result) => [result.name, result]));
    const text = recordedOpenAIText("openai-text.jsonl");

    const fallback = results.fallback;
    assert.equal(fallback.text, text);
    assert.equal(fallback.model, "up/m");
    assert.deepEqual(fallback.attempts.map((a: { model: string; outcome: string; status: number | null }) => [a.model, a.outcome, a.status]), [["down/m", "overloaded", 503], ["up/m", "ok", 200]]);
    assert.ok(fallback.costUsd > 0 && fallback.usage.outputTokens > 0);

    assert.equal(results["max-price"].threw, "NoRouteError");
    assert.equal(results["max-price"].isSwitchboardError, true);
    assert.equal(results["max-price"].excluded[0].reason, "output costs $2/1M, above your cap of $1/1M");
    assert.deepEqual([results["provider-error"].threw, results["provider-error"].kind], ["ProviderError", "overloaded"]);
    assert.equal(results["all-failed"].threw, "AllFallbacksFailedError");
    assert.deepEqual(results["all-failed"].attempts.map((a: { model: string; status: number | null }) => [a.model, a.status]), [["down/m", 503], ["down2/m", 503]]);

    assert.ok(results.stream.deltas > 1, "the answer arrived in pieces");
    assert.equal(results.stream.text, text);
    assert.equal(results.stream.done, text);

    assert.equal(results["tool-call"].finishReason, "tool-calls");
    assert.equal(results["tool-call"].toolCalls[0].name, "weather");
    assert.doesNotThrow(() => JSON.parse(results["tool-call"].toolCalls[0].arguments));

    assert.equal(results.policy.threw, "PolicyError");
    assert.deepEqual(results.policy.excluded.map((e: { model: string }) => e.model), ["up/m"]);
    assert.match(results.policy.excluded[0].reason, /team policy/);
    assert.equal(results.budget.threw, "BudgetError");
    assert.match(results.budget.message, /daily budget/i);
    assert.deepEqual(results.models.up.pricing, { input: 1, output: 2 });
    assert.equal(results.models.up.available, true);
    assert.equal(results["typed-errors"].ok, true);

    // Every attempt is in the ledger, chained, tagged as the calls asked; spend() adds them up.
    const { records } = readLedger(ledger);
    assert.equal(verifyLedger(ledger).ok, true);
    const byRequest = records.filter((record) => record.requestId === fallback.requestId);
    assert.deepEqual(byRequest.map((r) => [r.provider, r.outcome, r.project, r.feature]), [["down", "overloaded", "billing", "summaries"], ["up", "ok", "billing", "summaries"]]);
    const spent = records.reduce((sum, record) => sum + record.costUsd, 0);
    assert.ok(Math.abs(results.spend.total.costUsd - spent) < 1e-9);
    assert.deepEqual(results.spend.rows.map((row: { key: string }) => row.key).sort(), ["library", "summaries"]);
  });

  it("from CommonJS: the same module as the ESM entry, recording to the same ledger", async () => {
    const before = readLedger(ledger).records.length;
    const result = JSON.parse(await run("require.cjs"));
    assert.equal(result.text, recordedOpenAIText("openai-text.jsonl"));
    assert.equal(result.sameModule, true, "import and require give one module (one ledger writer per file)");
    const records = readLedger(ledger).records;
    assert.equal(records.length, before + 1);
    assert.equal(records.at(-1)!.feature, "from-cjs");
    assert.equal(verifyLedger(ledger).ok, true);
  });

  it("the examples run as documented (offline, on the demo models) and land in the CLI's ledger", () => {
    const home = mkdtempSync(join(tmpdir(), "switchboard-examples-home-"));
    const example = (name: string) => {
      cpSync(join(root, "examples", name), join(project, name));
      return execFileSync(process.execPath, [name], { cwd: project, encoding: "utf8", env: { ...process.env, XDG_CONFIG_HOME: home, OTEL_EXPORTER_OTLP_ENDPOINT: "" }, timeout: 60_000 });
    };
    assert.match(example("fallback-and-price-cap.mjs"), /\ndemo\/sage-large · \d+ in \/ \d+ out · \$[\d.e-]+ · /);
    assert.match(example("streaming.mjs"), /\n\ndemo\/swift-mini · \$[\d.e-]+\n$/);
    const tools = example("tools.mjs");
    assert.match(tools, /^the model calls get_weather\(\{"city":"/);
    assert.match(tools, /The tool answered: San Francisco: 7 °C, overcast/, "the result went back to the model");
    const records = readLedger(join(home, "switchboard", "ledger.jsonl")).records;
    assert.deepEqual([...new Set(records.map((record) => record.feature))].sort(), ["fallback", "streaming", "tools"]);
    assert.ok(records.every((record) => record.project === "examples"));
  });

  it("the installed CLI counts an OpenAI model's prompt exactly: its tokenizer ships beside it", async () => {
    const cli = join(project, "node_modules", "switchboard", "dist", "cli.js");
    // " a" is one o200k token: 2,000 of them are $0.005025 with one output token at gpt-4o's prices, where
    // ~4 characters a token would say $0.002525 and the request would go out.
    const args = [cli, "chat", "--model", "openai/gpt-4o", "--max-cost", "0.004", "--max-tokens", "1", "--prompt", " a".repeat(2000)];
    const home = mkdtempSync(join(tmpdir(), "switchboard-cli-home-"));
    const result = await promisify(execFile)(process.execPath, args, { cwd: project, encoding: "utf8", env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: home, OPENAI_API_KEY: "sk-test-not-sent" }, timeout: 60_000 }).then(
      () => assert.fail("the request was not refused"),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /openai\/gpt-4o: estimated up to \$0\.005025, above the \$0\.004 per-request cap/);
    assert.doesNotMatch(result.stderr, /did not load/);
  });

  it("type-checks a user's TypeScript against the package's .d.ts, and rejects wrong calls", () => {
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "node16", moduleResolution: "node16", target: "es2022", lib: ["es2022", "dom"], types: [], skipLibCheck: false }, files: ["typed.ts"] }),
    );
    execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", project], { cwd: project, encoding: "utf8" });
  });
});
