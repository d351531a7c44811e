// One ledger per user, as a user upgrading meets it: the harness (scripts/run-vscode-server-tests.mjs)
// put records in the extension's earlier ledger (global storage) and in the CLI's (~/.config, here
// $XDG_CONFIG_HOME), from test/fixtures/ledgers. The extension records to the CLI's ledger, reads the
// earlier one beside it, follows what the real CLI appends, and merges without changing any total.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { activateSwitchboard, EXTENSION_ID, state, waitForState } from "./helpers";

type Row = [string, number, number];

describe("one ledger per user", function () {
  this.timeout(60_000);
  const configHome = process.env.XDG_CONFIG_HOME ?? "";
  const shared = join(configHome, "switchboard", "ledger.jsonl");
  const earlier = join(process.env.SWITCHBOARD_USER_DATA_DIR ?? "", "User", "globalStorage", EXTENSION_ID, "ledger.jsonl");
  let cliPath = "";

  before(async function () {
    // Only the VS Code server harness seeds both ledgers (the desktop runner cannot reach global storage first).
    if (!process.env.SWITCHBOARD_USER_DATA_DIR || !configHome) this.skip();
    const extension = await activateSwitchboard();
    cliPath = join(extension.extensionPath, "dist", "cli.js");
  });

  const cli = (...args: string[]) => {
    const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  };
  const rows = (json: string): Row[] =>
    (JSON.parse(json) as { rows: Array<{ key: string; costUsd: number; requests: number }> }).rows.map((row): Row => [row.key, row.costUsd, row.requests]).sort((a, b) => a[0].localeCompare(b[0]));
  const cliSpend = (by: string) => rows(cli("spend", "--by", by, "--format", "json"));
  const shownSpend = async (by: string) => {
    const file = join(tmpdir(), `switchboard-spend-${Date.now()}.json`);
    await vscode.commands.executeCommand("switchboard.showSpend", by, "json", file);
    return rows(readFileSync(file, "utf8"));
  };
  const january = (all: Row[]) => all.filter(([day]) => day.startsWith("2026-01"));

  it("records to the ledger the CLI uses, reads the earlier one beside it until merged, and offers the merge", async () => {
    const current = await waitForState((s) => s.notices.some((notice) => notice.includes("one usage ledger")), "the merge offer");
    assert.equal(current.ledgerFile, shared);
    assert.ok(existsSync(earlier), "the earlier ledger is left in place while the shared one has records");
    assert.deepEqual(january(await shownSpend("day")), [["2026-01-15", 0.875, 3], ["2026-01-16", 1, 1]], "Show Spend counts both ledgers");
    assert.deepEqual(january(cliSpend("day")), [["2026-01-16", 1, 1]], "the CLI reads its own ledger only, until the merge");
  });

  it("a request made with the CLI lands in the same ledger: the status bar and Show Spend follow it", async () => {
    const before = await state();
    const cliRequestsBefore = (await shownSpend("feature")).find(([feature]) => feature === "cli")?.[2] ?? 0;
    cli("chat", "--model", "demo/swift-mini", "--prompt", "What is a router?", "--json");
    const after = await waitForState((s) => s.statusBarTooltip !== before.statusBarTooltip, "the status bar to count the CLI's request");
    assert.match(after.statusBarTooltip, /Today: \$0\.0/);
    assert.equal((await shownSpend("feature")).find(([feature]) => feature === "cli")?.[2], cliRequestsBefore + 1);
    assert.equal(readLedger(shared).records.at(-1)?.feature, "cli");
  });

  it("Merge Earlier Ledger appends the earlier records marked as imported, verifies, changes no total, and then the CLI agrees", async () => {
    const shownBefore = await shownSpend("day");
    const result = await vscode.commands.executeCommand<{ imported: number; alreadyImported: number; verified: { ok: boolean; records: number }; keptAs: string }>("switchboard.mergeLedgers");
    assert.equal(result.imported, 3);
    assert.equal(result.verified.ok, true);
    assert.equal(existsSync(earlier), false);
    assert.ok(existsSync(result.keptAs), "the earlier file is kept, renamed");
    const imported = readLedger(shared).records.filter((record) => record.imported);
    assert.deepEqual(imported.map((record) => record.requestId), ["earlier-1", "earlier-2", "earlier-3"]);
    const verified = await vscode.commands.executeCommand<{ ok: boolean; records: number }>("switchboard.verifyLedger");
    assert.equal(verified.ok, true);
    assert.equal(verified.records, readLedger(shared).records.length);

    assert.deepEqual(await shownSpend("day"), shownBefore, "merged, not counted twice");
    assert.deepEqual(cliSpend("day"), shownBefore, "Show Spend and switchboard spend agree");
    assert.deepEqual(await shownSpend("model"), cliSpend("model"));
    assert.equal(await vscode.commands.executeCommand("switchboard.mergeLedgers"), undefined, "nothing left to merge");
  });
});
