// `switchboard eval` end to end: the built CLI runs prompt files (GitHub's documentation example
// unchanged, and one with Switchboard's own evaluators and judges) against loopback providers serving
// recorded real streams; exact costs in the results match the ledger; --min-pass-rate and --max-cost gate
// CI; a bad file runs nothing.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { envelope, FixtureServer, fixtureLines } from "./fixture-server";
import { runCli } from "./run-cli";

const KEY = "sk-canary-EVAL-0011223344556677";

interface ResultLine {
  type: "result";
  row: number;
  model: string;
  text: string;
  pass: boolean;
  checks: Array<{ name: string; pass: boolean; detail: string }>;
  usage: { inputTokens: number; outputTokens: number } | null;
  costUsd: number | null;
  ttftMs: number | null;
  durationMs: number;
}
interface SummaryLine {
  type: "summary";
  models: Array<{ model: string; passed: number; failed: number; errors: number; passRate: number; costUsd: number; costPerPassUsd: number | null; p50LatencyMs: number | null }>;
  judgeCostUsd: number;
  stopped?: string;
  notRun: number;
}

const lines = (stdout: string) => stdout.trim().split("\n").map((line) => JSON.parse(line) as ResultLine | SummaryLine);

describe("switchboard eval", () => {
  let openai: FixtureServer;
  let mistral: FixtureServer;
  /** A judge: the recorded Mistral stream with its first word replaced by a score ("4, world! …"). */
  let judge: FixtureServer;
  let dir: string;
  let config: string;
  let ledger: string;

  before(async () => {
    openai = await FixtureServer.start();
    mistral = await FixtureServer.start();
    judge = await FixtureServer.start();
    dir = mkdtempSync(join(tmpdir(), "switchboard-eval-"));
    config = join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        providers: [
          // The built-in openai provider pointed at a loopback server (the file's model is a bare gh name).
          { id: "openai", kind: "openai-compatible", api: "chat", baseUrl: `${openai.baseUrl}/v1`, apiKeyEnv: "OPENAI_API_KEY" },
          { id: "mistral", kind: "openai-compatible", baseUrl: `${mistral.baseUrl}/v1`, apiKeyEnv: "MISTRAL_API_KEY" },
          { id: "judge", kind: "openai-compatible", baseUrl: `${judge.baseUrl}/v1`, apiKeyEnv: "MISTRAL_API_KEY" },
        ],
        models: [
          { id: "mistral/mistral-small", pricing: { input: 0.1, output: 0.3 } },
          { id: "judge/grader", pricing: { input: 1, output: 2 } },
        ],
      }),
    );
    copyFileSync(join(__dirname, "..", "fixtures", "prompts", "text-summarizer.prompt.yml"), join(dir, "text-summarizer.prompt.yml"));
  });
  beforeEach(() => {
    ledger = join(dir, `ledger-${Math.random().toString(36).slice(2)}.jsonl`);
    openai.requests.length = 0;
    mistral.requests.length = 0;
    openai.serveSse(envelope("openai", fixtureLines("openai-text.jsonl")));
    mistral.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    judge.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl").map((line) => line.replace('"content":"Hello"', '"content":"4"'))));
  });
  after(() => Promise.all([openai.close(), mistral.close(), judge.close()]));

  const evalCli = (...args: string[]) => runCli(["eval", ...args, "--config", config, "--ledger", ledger], { OPENAI_API_KEY: KEY, MISTRAL_API_KEY: KEY });

  it("GitHub's documentation example runs unchanged: its bare model name, its row filled in, its startsWith check, the cost as in the ledger", { timeout: 30_000 }, async () => {
    const file = join(dir, "text-summarizer.prompt.yml");
    const result = await evalCli(file, "--json");
    assert.equal(result.status, 0, result.stderr);
    const [cell, summary] = lines(result.stdout) as [ResultLine, SummaryLine];
    const [record] = readLedger(ledger).records;
    assert.deepEqual([record?.feature, record?.provider, record?.model], ["eval", "openai", "gpt-4o-mini"]);
    assert.equal(cell.model, "openai/gpt-4o-mini");
    assert.equal(cell.row, 0);
    assert.match(cell.text, /^\*\*Holiday Name:\*\* Harmony Day/);
    assert.deepEqual(cell.checks.map((check) => [check.name, check.pass]), [["Output should start with 'Summary -'", false]]);
    assert.equal(cell.pass, false);
    assert.deepEqual([cell.usage?.inputTokens, cell.usage?.outputTokens, cell.costUsd], [record!.inputTokens, record!.outputTokens, record!.costUsd]);
    const body = openai.requests[0]!.body as { model: string; temperature: number; messages: Array<{ role: string; content: string }> };
    assert.equal(body.model, "gpt-4o-mini");
    assert.equal(body.temperature, 0.5);
    assert.match(body.messages[1]!.content, /<text>\nThe quick brown fox jumped over the lazy dog\.\nThe dog was too tired to react\.\n\n<\/text>/);
    assert.deepEqual(summary.models, [{ model: "openai/gpt-4o-mini", passed: 0, failed: 1, errors: 0, passRate: 0, costUsd: record!.costUsd, costPerPassUsd: null, p50LatencyMs: cell.durationMs }]);

    const gated = await evalCli(file, "--min-pass-rate", "0.5");
    assert.equal(gated.status, 1);
    assert.match(gated.stderr, /openai\/gpt-4o-mini passed 0\.0%, below --min-pass-rate 50\.0%/);
    assert.match(gated.stdout, /✗ row 1 openai\/gpt-4o-mini: Output should start with 'Summary -': expected the answer to start with "Summary -"/);
  });

  it("rows × models with Switchboard's checks and two judges: judges' costs apart, the ledger's features eval and eval-judge, --out reports", { timeout: 40_000 }, async () => {
    const file = join(dir, "matrix.prompt.yml");
    writeFileSync(
      file,
      `name: Greeting
modelParameters:
  topP: 0.9
  maxTokens: 64
messages:
  - role: user
    content: "Greet {{who}}."
testData:
  - who: the world
  - who: the team
evaluators:
  - name: says hello
    string:
      contains: hello
  - name: judge agrees
    llm:
      modelId: mistral/mistral-small
      prompt: "Is this a greeting? {{completion}} Answer hello for yes."
      choices:
        - choice: hello
          score: 1
        - choice: "no"
          score: 0
x-owner: platform-team
switchboard:
  models: [mistral/mistral-small, openai/gpt-4.1-mini]
  evaluators:
    - name: ends with a full stop
      regex: '\\.$'
    - name: cheap enough
      max-cost: 0.01
    - name: rubric
      llm-judge:
        model: judge/grader
        rubric: A friendly greeting.
`,
    );
    const out = join(dir, "run.md");
    const result = await evalCli(file, "--json", "--concurrency", "2", "--out", out);
    assert.equal(result.status, 0, result.stderr);
    const parsed = lines(result.stdout);
    const cells = parsed.filter((line): line is ResultLine => line.type === "result");
    const summary = parsed.at(-1) as SummaryLine;
    assert.deepEqual(cells.map((cell) => [cell.row, cell.model]).sort(), [[0, "mistral/mistral-small"], [0, "openai/gpt-4.1-mini"], [1, "mistral/mistral-small"], [1, "openai/gpt-4.1-mini"]]);
    const mistralCell = cells.find((cell) => cell.model === "mistral/mistral-small")!;
    assert.equal(mistralCell.text, "Hello, world! This is a test response.");
    assert.deepEqual(mistralCell.checks.map((check) => [check.name, check.pass]), [["says hello", true], ["judge agrees", true], ["ends with a full stop", true], ["cheap enough", true], ["rubric", true]]);
    assert.equal(mistralCell.checks.at(-1)?.detail, "the judge scored 4/5 (passes at 4)");
    const graded = judge.requests.map((request) => (request.body as { messages: Array<{ content: string }> }).messages[0]!.content);
    assert.ok(graded.some((prompt) => prompt.includes("Rubric:\nA friendly greeting.") && prompt.includes("The answer:\nHello, world! This is a test response.")));
    const openaiCell = cells.find((cell) => cell.model === "openai/gpt-4.1-mini")!;
    assert.equal(openaiCell.checks.find((check) => check.name === "says hello")?.pass, false);

    const records = readLedger(ledger).records;
    const sum = (feature: string, provider?: string) => records.filter((r) => r.feature === feature && (!provider || r.provider === provider)).reduce((total, r) => total + r.costUsd, 0);
    assert.equal(records.filter((r) => r.feature === "eval").length, 4);
    assert.equal(records.filter((r) => r.feature === "eval-judge").length, 8, "two judges per cell");
    // Each judged answer's verdict, the evidence the quality strategy orders models by; nothing spent.
    const verdicts = records.filter((r) => r.feature === "eval-result");
    assert.deepEqual(verdicts.map((r) => `${r.provider}/${r.model} ${r.outcome}`).sort(), ["mistral/mistral-small pass", "mistral/mistral-small pass", "openai/gpt-4.1-mini fail", "openai/gpt-4.1-mini fail"]);
    assert.ok(verdicts.every((r) => r.costUsd === 0 && /^prompt file Greeting row [12]: \d of 5 checks passed$/.test(r.routingReason)), verdicts.map((r) => r.routingReason).join("\n"));
    assert.ok(Math.abs(summary.judgeCostUsd - sum("eval-judge")) < 1e-12);
    const mistralSummary = summary.models.find((model) => model.model === "mistral/mistral-small")!;
    assert.deepEqual([mistralSummary.passed, mistralSummary.failed, mistralSummary.passRate], [2, 0, 1]);
    assert.ok(Math.abs(mistralSummary.costUsd - sum("eval", "mistral")) < 1e-12, "the answers' cost, without the judges'");
    assert.ok(Math.abs((mistralSummary.costPerPassUsd ?? 0) - mistralSummary.costUsd / 2) < 1e-12);
    assert.equal(summary.models.find((model) => model.model === "openai/gpt-4.1-mini")?.passRate, 0);

    const sent = mistral.requests[0]!.body as { top_p?: number; max_tokens?: number };
    assert.deepEqual([sent.top_p, sent.max_tokens], [0.9, 64], "modelParameters are sent as given");
    const markdown = readFileSync(out, "utf8");
    assert.match(markdown, /^# Greeting\n/);
    assert.match(markdown, /\| mistral\/mistral-small \| 2 \| 0 \| 0 \| 100\.0% \|/);
    assert.match(markdown, /Judges cost \$/);
  });

  it("--max-cost stops before exceeding it: nothing more is sent, the summary says so, exit 1", { timeout: 30_000 }, async () => {
    const file = join(dir, "many.prompt.yml");
    writeFileSync(file, `messages:\n  - role: user\n    content: "Say {{n}}"\nmodelParameters:\n  maxTokens: 20\ntestData:\n${Array.from({ length: 12 }, (_, n) => `  - n: ${n}`).join("\n")}\n`);
    const result = await evalCli(file, "--model", "mistral/mistral-small", "--json", "--concurrency", "1", "--max-cost", "0.00003");
    assert.equal(result.status, 1, result.stderr);
    const parsed = lines(result.stdout);
    const summary = parsed.at(-1) as SummaryLine;
    const ran = parsed.filter((line) => line.type === "result").length;
    assert.equal(summary.stopped, "max-cost");
    assert.ok(ran >= 1 && ran < 12, `some cells ran, not all (${ran})`);
    assert.equal(summary.notRun, 12 - ran);
    assert.equal(mistral.requests.length, ran, "nothing sent after the stop");
    const spent = readLedger(ledger).records.reduce((total, record) => total + record.costUsd, 0);
    assert.ok(spent <= 0.00003, `spent ${spent}`);
    assert.match(result.stderr, /stopped before exceeding --max-cost \$0\.00003: \d+ cell\(s\) not sent/);
  });

  it("a rate limit with Retry-After: the cell waits as asked and is sent again, and both calls are in the ledger", { timeout: 30_000 }, async () => {
    const file = join(dir, "limited.prompt.yml");
    writeFileSync(file, 'messages:\n  - role: user\n    content: "Greet"\nevaluators:\n  - name: says hello\n    string:\n      contains: hello\n');
    const answer = envelope("openai", fixtureLines("mistral-text.jsonl"));
    let calls = 0;
    mistral.handle((_request, response) => {
      calls += 1;
      if (calls === 1) return void response.writeHead(429, { "content-type": "application/json", "retry-after": "1" }).end(JSON.stringify({ error: { message: "slow down" } }));
      response.writeHead(200, { "content-type": "text/event-stream" }).end(answer);
    });
    const started = Date.now();
    const result = await evalCli(file, "--model", "mistral/mistral-small", "--json");
    assert.equal(result.status, 0, result.stderr);
    const [cell] = lines(result.stdout) as [ResultLine];
    assert.equal(cell.pass, true);
    assert.ok(Date.now() - started >= 1000, "it waited the second the provider asked for");
    assert.deepEqual(readLedger(ledger).records.map((record) => [record.feature, record.outcome]), [["eval", "rate-limit"], ["eval", "ok"], ["eval-result", "pass"]]);
  });

  it("a bad file: every problem with line and column, exit 2, nothing sent", { timeout: 20_000 }, async () => {
    const file = join(dir, "bad.prompt.yml");
    writeFileSync(file, "model: mistral/mistral-small\nmessages:\n  - role: user\ntestData: nope\n");
    const result = await evalCli(file);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /bad\.prompt\.yml:3:5: messages\.0\.content: /);
    assert.match(result.stderr, /bad\.prompt\.yml:4:11: testData: /);
    assert.match(result.stderr, /2 problems, nothing was run/);
    assert.equal(mistral.requests.length + openai.requests.length, 0);
    const missing = await evalCli(join(dir, "missing.prompt.yml"));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /switchboard: cannot read .*missing\.prompt\.yml: no such file/);
    const flags = await evalCli(file, "--min-pass-rate", "90");
    assert.equal(flags.status, 2);
    assert.match(flags.stderr, /--min-pass-rate takes a number from 0 to 1 \(0\.9 is 90%\), got "90"/);
  });
});
