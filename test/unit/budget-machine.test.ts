// Budgets hold across processes: every Switchboard process of the user (VS Code windows, the CLI, the
// gateway) reserves against the same caps through a file beside the ledger.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { machineBudgetGuard, spentFromCells } from "../../src/core/spend/budget";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { SyncSpendRollup } from "../../src/core/spend/spend-rollup-sync";

const helper = join(__dirname, "helpers", "budget-spender.ts");

function run(args: string[]): { child: ChildProcess; lines: string[]; closed: Promise<void>; line(prefix: string): Promise<string> } {
  const child = spawn(process.execPath, ["--import", "tsx", helper, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buffer = "";
  child.stdout!.on("data", (data) => {
    buffer += data;
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  const line = async (prefix: string): Promise<string> => {
    for (;;) {
      const found = lines.find((l) => l.startsWith(prefix));
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { child, lines, closed: new Promise((resolve) => child.on("close", () => resolve())), line };
}

describe("budgets across processes", () => {
  it("three processes × 20 parallel requests stay under one daily cap (each alone could spend all of it)", { timeout: 60_000 }, async () => {
    const ledger = join(mkdtempSync(join(tmpdir(), "switchboard-budget-")), "ledger.jsonl");
    // $0.10 a day, $0.01 a request: one process could make 10 requests; three could make 30 without sharing.
    const processes = ["a", "b", "c"].map((tag) => run([ledger, "spend", "20", tag, "0.1", "0.01"]));
    await Promise.all(processes.map((p) => p.closed));
    const lines = processes.flatMap((p) => p.lines);
    const spent = lines.filter((l) => l.startsWith("spent ")).length;
    const total = readLedger(ledger).records.reduce((sum, record) => sum + record.costUsd, 0);
    assert.equal(spent, readLedger(ledger).records.length);
    // At most the cap plus one request's reserved estimate (here reservations are exact: at most the cap).
    assert.ok(total <= 0.1 + 0.01 + 1e-12, `spent $${total} against a $0.10 cap`);
    assert.equal(spent, 10, "the whole cap was usable, by the three processes together");
    assert.equal(lines.filter((l) => l.startsWith("refused ")).length, 50);
  });

  it("a killed process's reservations are released: its pid is gone, so the cap frees at once", { timeout: 60_000 }, async () => {
    const ledger = join(mkdtempSync(join(tmpdir(), "switchboard-budget-")), "ledger.jsonl");
    const holder = run([ledger, "hold", "1", "holder", "0.1", "0.08"]);
    try {
      assert.equal(await holder.line("held"), "held");
      const spend = new SyncSpendRollup(ledger);
      const guard = machineBudgetGuard(ledger, spend);
      guard.addScope("(all projects)", null, { dailyUsd: 0.1 }, spentFromCells(spend.read().cells, null));
      const blocked = await guard.reserve(0.05, null, "here-1");
      assert.equal(blocked.ok, false, "the other process's reservation counts here");
      assert.match((blocked as { message: string }).message, /the daily budget \(all projects\) \(\$0\.1000\) has \$0\.0200 left/);
      holder.child.kill("SIGKILL");
      await holder.closed;
      assert.equal((await guard.reserve(0.05, null, "here-2")).ok, true, "released as soon as its process is gone");
    } finally {
      holder.child.kill("SIGKILL");
    }
  });
});
