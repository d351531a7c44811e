// A prompt file's matrix in real Chromium: 200 rows × 4 models stream in with pass/fail badges, only the
// rows in view are in the page, the totals add up and sort, a cell opens its answer and checks, two
// cells go to the diff editor, and a file with problems cannot be run.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { EvalCellView, EvalFileView } from "../../src/protocol-eval";
import { WebviewHarness, type WebviewPage } from "./webview-host";

const MODELS = ["openai/gpt-4.1-mini", "anthropic/claude-haiku-4-5", "google/gemini-2.5-flash", "demo/swift-mini"];
const ROWS = 200;

function fileView(overrides: Partial<EvalFileView> = {}): EvalFileView {
  return {
    path: "prompts/summarize.prompt.yml",
    name: "Summarize",
    description: "Summaries that start with Summary -",
    rows: Array.from({ length: ROWS }, (_, row) => ({ input: `Text number ${row}` })),
    models: MODELS,
    evaluators: ["starts with Summary -"],
    problems: [],
    dirty: false,
    ...overrides,
  };
}

/** Model i passes rows whose index is not a multiple of (i + 2); costs i+1 micro-dollars × 100 per cell. */
function cell(row: number, modelIndex: number): EvalCellView {
  const pass = row % (modelIndex + 2) !== 0;
  return {
    row,
    model: MODELS[modelIndex]!,
    status: "done",
    text: `${pass ? "Summary -" : "A summary:"} text ${row} by ${MODELS[modelIndex]}`,
    pass,
    checks: [{ name: "starts with Summary -", pass, detail: pass ? 'startsWith "Summary -"' : 'expected the answer to start with "Summary -"' }],
    costUsd: (modelIndex + 1) * 0.0001,
    ttftMs: 100,
    durationMs: 500 + modelIndex * 100,
    inputTokens: 40,
    outputTokens: 20,
  };
}

describe("prompt file matrix", () => {
  let harness: WebviewHarness;
  let view: WebviewPage;

  before(async () => {
    harness = await WebviewHarness.start();
    view = await harness.open("vscode-dark", { width: 1400, height: 900 }, "eval");
    await view.waitForPosted("eval-ready");
  });
  after(() => harness.close());

  it("200 rows × 4 models stream in; only the rows in view are in the page; totals are the cells' sums", { timeout: 60_000 }, async () => {
    await view.send({ type: "eval-file", file: fileView(), modelOptions: [] });
    await view.send({ type: "eval-started", models: MODELS });
    // Streaming first, then the finished cells, as the host sends them.
    await view.send({ type: "eval-cell", cell: { ...cell(0, 0), status: "streaming", text: "Summ", pass: false, checks: [] } });
    for (let row = 0; row < ROWS; row++) for (let model = 0; model < MODELS.length; model++) await view.send({ type: "eval-cell", cell: cell(row, model) });
    await view.send({ type: "eval-done", judgeCostUsd: 0, notRun: 0, skippedEvaluators: [] });
    await view.page.waitForSelector("[data-testid=eval-done]");

    const rendered = await view.page.$$eval("[data-row]", (rows) => rows.length);
    assert.ok(rendered > 5 && rendered < 60, `virtualised: ${rendered} of ${ROWS} rows in the page`);
    const totals = await view.page.$$eval("[data-testid=eval-totals] tbody tr", (rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent)));
    // Model 0 fails rows 0, 2, 4, … (100 of 200); model 1 every third (67); model 2 every fourth (50); model 3 every fifth (40).
    assert.deepEqual(
      totals.map((row) => [row[0], row[1], row[2], row[3], row[4]]),
      [
        ["openai/gpt-4.1-mini", "100 / 100 / 0", "50.0%", "$0.0200", "$0.000200"],
        ["anthropic/claude-haiku-4-5", "133 / 67 / 0", "66.5%", "$0.0400", "$0.000301"],
        ["google/gemini-2.5-flash", "150 / 50 / 0", "75.0%", "$0.0600", "$0.000400"],
        ["demo/swift-mini", "160 / 40 / 0", "80.0%", "$0.0800", "$0.000500"],
      ],
    );
    assert.equal(await view.page.getAttribute("[data-testid='cell-3-openai/gpt-4.1-mini']", "aria-label"), "Row 4, openai/gpt-4.1-mini: pass");
    assert.equal(await view.page.getAttribute("[data-testid='cell-4-openai/gpt-4.1-mini']", "aria-label"), "Row 5, openai/gpt-4.1-mini: fail");
    assert.deepEqual(view.errors, []);
  });

  it("sorting the totals by pass rate puts the best model first, and the matrix columns follow", { timeout: 30_000 }, async () => {
    await view.page.click("[data-testid=eval-totals] thead button:has-text('Pass rate')");
    const order = await view.page.$$eval("[data-testid=eval-totals] tbody th", (cells) => cells.map((cell) => cell.textContent));
    assert.deepEqual(order, ["demo/swift-mini", "google/gemini-2.5-flash", "anthropic/claude-haiku-4-5", "openai/gpt-4.1-mini"]);
    const header = await view.page.$$eval(".eval-row-head > div", (cells) => cells.map((cell) => cell.textContent));
    assert.deepEqual(header, ["Row", ...order]);
  });

  it("scrolling to row 150 brings it into the page; a click shows its answer and checks; two ctrl-clicks compare", { timeout: 30_000 }, async () => {
    await view.page.$eval(".eval-scroll", (element) => {
      element.scrollTop = 150 * 64;
    });
    await view.page.waitForSelector("[data-testid='cell-150-openai/gpt-4.1-mini']");
    await view.page.click("[data-testid='cell-150-openai/gpt-4.1-mini']");
    const detail = await view.page.textContent("[data-testid=eval-detail]");
    assert.match(detail ?? "", /Row 151 · openai\/gpt-4\.1-mini/);
    assert.match(detail ?? "", /✗ starts with Summary -: expected the answer to start with "Summary -"/);
    assert.match(detail ?? "", /A summary: text 150 by openai\/gpt-4\.1-mini/);
    await view.page.click("[data-testid='cell-150-openai/gpt-4.1-mini']", { modifiers: ["Control"] });
    await view.page.click("[data-testid='cell-151-demo/swift-mini']", { modifiers: ["Control"] });
    await view.page.click("[data-testid=eval-compare]");
    const posted = (await view.posted()).filter((message) => (message as { type: string }).type === "eval-compare").at(-1);
    assert.deepEqual(posted, { type: "eval-compare", a: { row: 150, model: "openai/gpt-4.1-mini" }, b: { row: 151, model: "demo/swift-mini" } });
  });

  it("a file with problems lists them and cannot be run", { timeout: 30_000 }, async () => {
    const broken = await harness.open("vscode-light", { width: 1000, height: 700 }, "eval");
    await broken.waitForPosted("eval-ready");
    await broken.send({ type: "eval-file", file: fileView({ rows: [], problems: ["prompts/x.prompt.yml:3:11: messages.0.role: Invalid option"] }), modelOptions: [] });
    await broken.page.waitForSelector("[data-testid=eval-problems]");
    assert.match((await broken.page.textContent("[data-testid=eval-problems]")) ?? "", /x\.prompt\.yml:3:11: messages\.0\.role/);
    assert.equal(await broken.page.getAttribute("[data-testid=eval-run]", "disabled"), "");
    // Each problem takes the user to its line.
    await broken.page.click("[data-testid=eval-problems] button");
    const reveal = (await broken.posted()).filter((message) => (message as { type: string }).type === "eval-reveal").at(-1);
    assert.deepEqual(reveal, { type: "eval-reveal", line: 3, column: 11 });
  });
});
