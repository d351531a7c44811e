// An eval run written out (--out, the matrix's exports): JSON keeps every result in the --json shape,
// Markdown and HTML show the totals and every answer; an answer's markup is shown as text, never run.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evalReport } from "../../src/core/eval/eval-report";
import type { CellResult, EvalSummary } from "../../src/core/eval/eval-run";

const cells: CellResult[] = [
  { row: 0, model: "openai/gpt-4.1-mini", text: "<img src=x onerror=alert(1)> | pipes", pass: false, checks: [{ name: "no markup", pass: false, detail: "matched <img" }], usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 5 }, costUsd: 0.00012, ttftMs: 90, durationMs: 400 },
  { row: 0, model: "demo/swift-mini", text: "", pass: false, checks: [], usage: null, costUsd: 0, ttftMs: null, durationMs: 0, error: "demo is cooling down" },
];
const summary: EvalSummary = {
  models: [
    { model: "openai/gpt-4.1-mini", passed: 0, failed: 1, errors: 0, passRate: 0, costUsd: 0.00012, costPerPassUsd: null, p50LatencyMs: 400 },
    { model: "demo/swift-mini", passed: 0, failed: 0, errors: 1, passRate: 0, costUsd: 0, costPerPassUsd: null, p50LatencyMs: null },
  ],
  judgeCostUsd: 0.00003,
  notRun: 0,
  skippedEvaluators: ["similarity (github/similarity)"],
};
const run = { file: "p.prompt.yml", name: "Markup <check>", cells, summary, generatedAt: "2026-11-26T12:00:00.000Z" };

describe("eval reports", () => {
  it("JSON: every cell in the --json result shape, and the summary", () => {
    const report = JSON.parse(evalReport(".json", run)) as { results: Array<Record<string, unknown>>; summary: EvalSummary };
    assert.deepEqual(Object.keys(report.results[0]!), ["type", "row", "model", "text", "pass", "checks", "usage", "costUsd", "ttftMs", "durationMs"]);
    assert.equal(report.results[1]!.error, "demo is cooling down");
    assert.deepEqual(report.summary, summary);
  });

  it("HTML: the answer's markup is escaped, and the page runs no script and loads nothing", () => {
    const html = evalReport(".html", run);
    assert.equal(html.includes("<img src=x"), false);
    assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
    assert.ok(html.includes("<title>Markup &lt;check&gt;: Switchboard eval</title>"));
    assert.match(html, /content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.equal(/<script/i.test(html), false);
    assert.match(html, /Judges cost \$0\.000030, not in the models&#39; cost\./);
    assert.match(html, /Not run here: similarity \(github\/similarity\)\./);
  });

  it("Markdown: the totals table, and answers with their pipes escaped", () => {
    const markdown = evalReport(".md", run);
    assert.match(markdown, /^# Markup <check>\n/);
    assert.match(markdown, /\| openai\/gpt-4\.1-mini \| 0 \| 1 \| 0 \| 0\.0% \| \$0\.000120 \| — \| 400 ms \|/);
    assert.match(markdown, /\\| pipes/);
    // Rows as a person counts them: the first is row 1 (the JSON keeps the 0-based index).
    assert.match(markdown, /\| 1 \| demo\/swift-mini \| error \| demo is cooling down \|/);
  });
});
