// Spend at a glance, in real Chromium: the report `switchboard spend --format html` writes (one file, no
// network, a strict CSP) draws its stacked bars and budget line and lists the ledger's totals; the same
// report inside VS Code's webview (Show Spend) asks the host to regroup it.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium, type Page } from "playwright-core";
import { spendDashboard, utcDay } from "../../src/core/spend/spend-dashboard";
import type { LedgerEntry } from "../../src/core/spend/ledger-record";
import { SyncLedgerWriter } from "../../src/core/spend/ledger-writer-sync";
import { cellsFromEntries } from "../../src/core/spend/spend-rollup";
import { runCli } from "../wire/run-cli";
import { readableOn } from "../../webview/spend/chart-contrast";
import { WebviewHarness } from "./webview-host";

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

function entry(time: string, provider: string, model: string, costUsd: number, project = "web"): LedgerEntry {
  return {
    time,
    requestId: `r-${Math.random().toString(36).slice(2)}`,
    attempt: 1,
    project,
    feature: "cli",
    provider,
    model,
    routingReason: "the requested model",
    outcome: "ok",
    status: 200,
    inputTokens: 1000,
    outputTokens: 200,
    cachedInputTokens: 0,
    costUsd,
    priceSource: "test",
    ttftMs: 300,
    durationMs: 900,
  };
}

const ENTRIES = [
  entry(daysAgo(3), "anthropic", "claude-sonnet-4-5", 0.25),
  entry(daysAgo(3), "openai", "gpt-4.1-mini", 0.05),
  entry(daysAgo(1), "anthropic", "claude-sonnet-4-5", 0.5),
  entry(daysAgo(0), "openai", "gpt-4.1-mini", 0.1, "api"),
  // Outside the 30 days shown: in neither the chart nor the table.
  entry(daysAgo(45), "openai", "gpt-4.1-mini", 9),
];

/** Pixels of the canvas within a small distance of the colour (#rrggbb). */
async function pixelsOf(page: Page, color: string): Promise<number> {
  return page.evaluate((hex) => {
    const canvas = document.querySelector<HTMLCanvasElement>("[data-testid=spend-chart]")!;
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! > 200 && Math.abs(data[i]! - r!) < 12 && Math.abs(data[i + 1]! - g!) < 12 && Math.abs(data[i + 2]! - b!) < 12) count++;
    }
    return count;
  }, color);
}

describe("spend report", () => {
  let dir: string;
  let ledger: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "switchboard-spend-"));
    ledger = join(dir, "ledger.jsonl");
    const writer = new SyncLedgerWriter(ledger);
    for (const record of ENTRIES) writer.appendSync(record);
    writer.close();
  });

  it("`spend --format html` writes one self-contained file: the totals table, stacked bars, the daily budget line, no error and no CSP violation", { timeout: 60_000 }, async () => {
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ budgets: { dailyUsd: 0.6, monthlyUsd: 20 } }));
    const result = await runCli(["spend", "--ledger", ledger, "--format", "html", "--config", config]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(/<script[^>]+src=|<link[^>]+href=/.test(result.stdout), false, "no script or stylesheet comes from elsewhere");
    const file = join(dir, "report.html");
    writeFileSync(file, result.stdout);

    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 800 }, colorScheme: "dark" });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on("request", (request) => requests.push(request.url()));
      page.on("pageerror", (error) => problems.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      await page.goto(`file://${file}`);
      await page.waitForSelector("[data-testid=spend-table] tbody tr");
      assert.deepEqual(problems, []);
      assert.deepEqual(requests, [`file://${file}`], "the file asks for nothing else");
      const rows = await page.$$eval("[data-testid=spend-table] tbody tr", (trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));
      assert.deepEqual(
        rows.map((row) => [row[0], row[1], row.at(-1)]),
        [
          ["anthropic/claude-sonnet-4-5", "2", "$0.7500"],
          ["openai/gpt-4.1-mini", "2", "$0.1500"],
        ],
      );
      assert.equal(await page.textContent("[data-testid=spend-total]"), "$0.9000");
      assert.match((await page.textContent("main")) ?? "", /this month \$\d+\.\d{2,4} of \$20\.00/);
      // The dark theme's first series colour (charts-blue) and the budget's (charts-red) are drawn.
      assert.ok((await pixelsOf(page, "#3794ff")) > 200, "the largest group's bars");
      assert.ok((await pixelsOf(page, "#d18616")) > 50, "the second group's bars");
      assert.ok((await pixelsOf(page, "#f14c4c")) > 100, "the dashed budget lines");
    } finally {
      await browser.close();
    }
  });

  it("bad flag combinations say what to use", { timeout: 20_000 }, async () => {
    const byDay = await runCli(["spend", "--ledger", ledger, "--format", "html", "--by", "day"]);
    assert.equal(byDay.status, 2);
    assert.match(byDay.stderr, /--format html charts spend per day in bands --by model, provider, project, feature, caller or session/);
    const configElsewhere = await runCli(["spend", "--ledger", ledger, "--config", "x.json"]);
    assert.equal(configElsewhere.status, 2);
    assert.match(configElsewhere.stderr, /--config is read only for --format html/);
  });

  describe("Show Spend in the webview", () => {
    let harness: WebviewHarness;
    before(async () => {
      harness = await WebviewHarness.start();
    });
    after(() => harness.close());

    it("in Dark Modern the second band (charts.orange, 33 % alpha in the theme) is drawn opaque and visible (regression)", { timeout: 60_000 }, async () => {
      const view = await harness.open("vscode-dark", { width: 1100, height: 800 }, "spend");
      await view.page.addStyleTag({ content: "body.vscode-dark { --vscode-editor-background: #1F1F1F; --vscode-charts-blue: #59a4f9; --vscode-charts-orange: #EA5C0055; --vscode-charts-red: #F14C4C; }" });
      await view.waitForPosted("spend-ready");
      const dashboard = spendDashboard(cellsFromEntries(ENTRIES), { by: "model", until: utcDay(new Date()), days: 30, budgets: {}, source: "ledger.jsonl" });
      await view.send({ type: "spend", dashboard, days: 30 });
      await view.page.waitForSelector("[data-testid=spend-table] tbody tr");
      await view.page.waitForTimeout(300);
      const orange = readableOn("#EA5C0055", "#1F1F1F");
      assert.equal(orange, "#ea5c00");
      assert.ok((await pixelsOf(view.page, orange)) > 50, "the second group's bars are drawn in the opaque orange");
      assert.ok((await pixelsOf(view.page, "#59a4f9")) > 200, "the first group's bars");
    });

    it("asks for its figures, shows them, and regrouping asks the host again", { timeout: 60_000 }, async () => {
      const view = await harness.open("vscode-light", { width: 1100, height: 800 }, "spend");
      await view.waitForPosted("spend-ready");
      const dashboard = spendDashboard(cellsFromEntries(ENTRIES), { by: "model", until: utcDay(new Date()), days: 30, budgets: { dailyUsd: 0.6 }, source: "ledger.jsonl" });
      await view.send({ type: "spend", dashboard, days: 30 });
      await view.page.waitForSelector("[data-testid=spend-table] tbody tr");
      assert.equal(await view.page.textContent("[data-testid=spend-total]"), "$0.9000");
      await view.page.click("[data-testid=spend-by]");
      await view.page.click("vscode-option:has-text('By project')");
      const query = (await view.posted()).filter((message) => (message as { type: string }).type === "spend-query").at(-1);
      assert.deepEqual(query, { type: "spend-query", by: "project", days: 30 });
      assert.deepEqual(view.errors, []);
    });
  });
});
