import * as assert from "node:assert/strict";
import { appendFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { type LedgerEntry, sealLine } from "../../src/core/spend/ledger-record";
import { activateSwitchboard, state, waitForState } from "./helpers";

describe("the packaged VSIX", () => {
  it("is installed from the extensions folder, not from the sources", async () => {
    const extension = await activateSwitchboard();
    assert.ok(extension.extensionPath.includes("extensions"), extension.extensionPath);
    assert.ok(!extension.extensionPath.startsWith(process.env.SWITCHBOARD_REPO ?? "\0"), "not the development folder");
    assert.equal(extension.isActive, true);
  });

  it("registers its commands and opens a working playground from the bundled webview", async () => {
    const extension = await activateSwitchboard();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command } of extension.packageJSON.contributes.commands as Array<{ command: string }>) {
      assert.ok(registered.has(command), `${command} is registered`);
    }
    await vscode.commands.executeCommand("switchboard.openPlayground");
    await waitForState((current) => current.playgroundReady, "the packaged playground webview to post ready");
  });

  it("loads the bundles it ships apart on first use: a prompt file runs, and Show Spend saves its HTML report", async () => {
    await activateSwitchboard();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const file = vscode.Uri.joinPath(folder, "vsix-check.prompt.yml");
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('messages:\n  - role: user\n    content: "Say {{word}}"\ntestData:\n  - word: hi\nswitchboard:\n  models: [demo/swift-mini]\n'));
    try {
      const opened = await vscode.commands.executeCommand<{ models: string[]; problems: string[] }>("switchboard.openPromptFile", file);
      assert.deepEqual([opened.models, opened.problems], [["demo/swift-mini"], []], "dist/eval.js loaded from the VSIX");
      const ran = await vscode.commands.executeCommand<{ cells: Array<{ status: string }> }>("switchboard.internal.promptFileMessage", file, { type: "eval-run" });
      assert.deepEqual(ran.cells.map((cell) => cell.status), ["done"]);
      const report = vscode.Uri.joinPath(folder, "vsix-spend.html");
      await vscode.commands.executeCommand("switchboard.showSpend", "model", "html", report.fsPath);
      const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(report));
      assert.match(html, /<script>.{1000,}<\/script>/s, "dist/spend-report.js is inlined");
      await vscode.workspace.fs.delete(report);
    } finally {
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      await vscode.workspace.fs.delete(file);
    }
  });

  it("loads the gateway it ships apart when the gateway starts: a Responses request answered from the VSIX's dist/gateway.js", async () => {
    await activateSwitchboard();
    await vscode.workspace.getConfiguration("switchboard").update("gateway.port", 0, vscode.ConfigurationTarget.Global);
    try {
      const info = await vscode.commands.executeCommand<{ url: string; token: string }>("switchboard.startGateway");
      const response = await fetch(`${info.url}/v1/responses`, {
        method: "POST",
        headers: { authorization: `Bearer ${info.token}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "demo/swift-mini", input: "What is a router?", store: false }),
      });
      assert.equal(response.status, 200);
      const answer = (await response.json()) as { status: string; output: Array<{ type: string }> };
      assert.equal(answer.status, "completed");
      assert.ok(answer.output.some((item) => item.type === "message"));
    } finally {
      await vscode.commands.executeCommand("switchboard.stopGateway");
      await vscode.workspace.getConfiguration("switchboard").update("gateway.port", undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("sums a long ledger on worker threads from the VSIX's dist/parallel-scan.js: Show Spend counts every record once", async function () {
    this.timeout(120_000);
    await activateSwitchboard();
    const { ledgerFile } = await state();
    // 38 MB appended at once (another process's records, a ledger merged in): more than one read's worth.
    let prevHash = readLedger(ledgerFile).records.at(-1)?.hash ?? "";
    for (let batch = 0; batch < 18; batch++) {
      const lines: string[] = [];
      for (let i = batch * 10_000; i < (batch + 1) * 10_000; i++) {
        // Every fifth request falls back: its second attempt follows two records later.
        const fallback = i % 5 === 3;
        const entry: LedgerEntry = { time: "2026-02-01T10:00:00.000Z", requestId: `long-${fallback ? i - 2 : i}`, attempt: fallback ? 2 : 1, project: "long-ledger", feature: "chat", provider: "openai", model: "gpt-4o", routingReason: "the requested model", outcome: "ok", status: 200, inputTokens: 1200, outputTokens: 350, cachedInputTokens: 0, costUsd: 0.001, priceSource: "bundled 2025-11-15", ttftMs: 400, durationMs: 2200 };
        const { line, record } = sealLine(entry, prevHash);
        lines.push(line);
        prevHash = record.hash;
      }
      appendFileSync(ledgerFile, `${lines.join("\n")}\n`);
    }
    const report = join(tmpdir(), `switchboard-long-ledger-${Date.now()}.json`);
    await vscode.commands.executeCommand("switchboard.showSpend", "project", "json", report);
    const rows = (JSON.parse(readFileSync(report, "utf8")) as { rows: Array<{ key: string; requests: number; attempts: number }> }).rows;
    assert.deepEqual(rows.filter((row) => row.key === "long-ledger").map((row) => [row.requests, row.attempts]), [[144_000, 180_000]]);
    assert.ok(((await state()).ledgerReadThreads ?? 1) > 1, "the extension host read it on worker threads");
  });
});
