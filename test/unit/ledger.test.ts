import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readLedger, verifyLedger } from "../../src/core/spend/ledger-reader";
import type { LedgerEntry } from "../../src/core/spend/ledger-record";
import { SyncLedgerWriter } from "../../src/core/spend/ledger-writer-sync";
import { priceDrift } from "../../src/core/spend/price-drift";
import { formatSpend, spendReport } from "../../src/core/spend/spend-report";
import { cellsFromEntries } from "../../src/core/spend/spend-rollup";

const entry = (requestId: string, costUsd: number, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  time: "2026-11-24T10:00:00.000Z", requestId, attempt: 1, project: "web", feature: "cli", provider: "openai", model: "gpt-4o",
  routingReason: "the requested model", outcome: "ok", status: 200, inputTokens: 10, outputTokens: 5, cachedInputTokens: 0,
  costUsd, priceSource: "test", ttftMs: 100, durationMs: 300, ...extra,
});
const tempFile = () => join(mkdtempSync(join(tmpdir(), "switchboard-ledger-")), "ledger.jsonl");

describe("ledger", () => {
  it("chains each record to the previous one and verifies", () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    const first = writer.appendSync(entry("r1", 0.1));
    const second = writer.appendSync(entry("r2", 0.2));
    assert.match(first.hash, /^[\w-]{22}$/);
    assert.notEqual(second.hash, first.hash);
    assert.deepEqual(verifyLedger(file), { ok: true, records: 2, skipped: [] });
    assert.deepEqual(readLedger(file).records.map(({ hash: _hash, ...rest }) => rest), [entry("r1", 0.1), entry("r2", 0.2)], "records read back as written");
  });

  it("append(): records finished together are written at once, in order, chained; each resolves once written", async () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    writer.appendSync(entry("before", 0.1));
    const records = await Promise.all(Array.from({ length: 50 }, (_, i) => writer.append(entry(`r${i}`, 0.01))));
    assert.deepEqual(readLedger(file).records.map((r) => r.requestId), ["before", ...records.map((r) => r.requestId)]);
    assert.deepEqual(readLedger(file).records.slice(1).map((r) => r.hash), records.map((r) => r.hash), "each promise resolves with its own record");
    assert.deepEqual(verifyLedger(file), { ok: true, records: 51, skipped: [] });
    // A second writer (another process) wrote meanwhile: the next write reads its tail and chains on.
    new SyncLedgerWriter(file).appendSync(entry("elsewhere", 0.1));
    await writer.append(entry("after", 0.1));
    assert.equal(verifyLedger(file).ok, true);
    assert.equal(readLedger(file).records.at(-1)?.requestId, "after");
    await writer.close();
  });

  it("append() keeps the event loop free while another process holds the lock, and writes once it is released", async () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    writeFileSync(`${file}.lock`, String(process.pid));
    let written = false;
    const pending = writer.append(entry("waits", 0.1)).then(() => {
      written = true;
    });
    let ticks = 0;
    const ticking = setInterval(() => (ticks += 1), 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(written, false, "not written while the lock is held");
    assert.ok(ticks >= 10, `timers kept running while it waited (${ticks} ticks)`);
    unlinkSync(`${file}.lock`);
    await pending;
    clearInterval(ticking);
    assert.deepEqual(readLedger(file).records.map((r) => r.requestId), ["waits"]);
    await writer.close();
  });

  it("the lock names its holder's pid while a write runs, and a lock left by a killed writer (either form) is taken over", async () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    // A pid no process has: what a writer killed mid-append leaves behind.
    const dead = 2 ** 22 + 12_345;
    symlinkSync(String(dead), `${file}.lock`);
    await writer.append(entry("after-link", 0.1));
    writeFileSync(`${file}.lock`, String(dead));
    await writer.append(entry("after-file", 0.1));
    assert.deepEqual(readLedger(file).records.map((r) => r.requestId), ["after-link", "after-file"]);
    // While it is held, the lock is a link to our pid (one system call creates it with its content).
    let seen: string | undefined;
    const watching = setInterval(() => {
      try {
        if (lstatSync(`${file}.lock`).isSymbolicLink()) seen = readlinkSync(`${file}.lock`);
      } catch {
        // not held at this moment
      }
    }, 0);
    for (let i = 0; i < 200 && seen === undefined; i++) await writer.append(entry(`r${i}`, 0.01));
    clearInterval(watching);
    assert.equal(seen, String(process.pid));
    assert.equal(verifyLedger(file).ok, true);
    await writer.close();
    assert.equal(existsSync(`${file}.lock`), false, "released once the writes are done");
  });

  it("append() rejects when the ledger cannot be written (the request is not reported done), and later appends work again", async () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    await writer.append(entry("r1", 0.1));
    rmSync(file);
    mkdirSync(file);
    await assert.rejects(writer.append(entry("lost", 0.1)), /EISDIR/);
    rmSync(file, { recursive: true });
    await writer.append(entry("r2", 0.1));
    assert.deepEqual(readLedger(file).records.map((r) => r.requestId), ["r2"]);
    await writer.close();
  });

  it("detects an edited, a removed and a reordered record, naming the first broken one", () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    for (const id of ["r1", "r2", "r3"]) writer.appendSync(entry(id, 0.01));
    const lines = readFileSync(file, "utf8").trim().split("\n");
    assert.match(lines[1]!, /,0\.01,/);
    writeFileSync(file, `${lines[0]}\n${lines[1]!.replace(",0.01,", ",0.001,")}\n${lines[2]}\n`);
    assert.deepEqual(verifyLedger(file).broken, { index: 2, requestId: "r2", reason: "its hash does not match its content and the record before it (the record was edited, or a record before it was removed, reordered or inserted)" });
    writeFileSync(file, `${lines[0]}\n${lines[2]}\n`);
    assert.equal(verifyLedger(file).broken?.requestId, "r3");
    writeFileSync(file, `${lines[1]}\n${lines[0]}\n${lines[2]}\n`);
    assert.equal(verifyLedger(file).broken?.requestId, "r2", "a reordered first record breaks the chain at once");
  });

  it("a torn last line (crash mid-write) is reported and skipped; the next append continues the chain", () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    writer.appendSync(entry("r1", 0.1));
    appendFileSync(file, '[2,"2026-11-24T10:00:01.000Z","torn",1,"web","cli","op');
    writer.appendSync(entry("r2", 0.2));
    const result = verifyLedger(file);
    assert.equal(result.ok, true);
    assert.equal(result.records, 2);
    assert.deepEqual(result.skipped, [{ line: 2, message: "incomplete or unreadable line (skipped)" }]);
    assert.deepEqual(readLedger(file).records.map((r) => r.requestId), ["r1", "r2"]);
  });

  it("records who called when a feature has callers (an extension using vscode.lm), and verifies it", () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    writer.appendSync(entry("r1", 0.1, { feature: "vscode-chat", caller: "acme.helper" }));
    writer.appendSync(entry("r2", 0.1, { feature: "vscode-chat" }));
    assert.deepEqual(verifyLedger(file), { ok: true, records: 2, skipped: [] });
    assert.deepEqual(readLedger(file).records.map((record) => record.caller), ["acme.helper", undefined]);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    writeFileSync(file, `${lines[0]!.replace("acme.helper", "acme.other")}\n${lines[1]}\n`);
    assert.equal(verifyLedger(file).ok, false, "the caller is covered by the hash");
  });

  it("price drift per model from provider-reported costs, including records written before 0.2", () => {
    const cells = cellsFromEntries([
      entry("new", 0.0021, { provider: "openrouter", model: "x/y", costSource: "provider", catalogCostUsd: 0.002 }),
      entry("old", 0.001, { provider: "openrouter", model: "x/y", providerCostUsd: 0.0012 }),
      entry("catalog-only", 0.5, { provider: "openai", model: "gpt-4o" }),
    ]);
    assert.deepEqual(priceDrift(cells), [{ model: "openrouter/x/y", reported: 2, reportedUsd: 0.0033, catalogUsd: 0.003, driftUsd: 0.0003, relativeDrift: 0.1 }]);
  });

  it("keeps prompts and answers out unless asked", () => {
    const file = tempFile();
    new SyncLedgerWriter(file).appendSync(entry("r1", 0.1));
    assert.doesNotMatch(readFileSync(file, "utf8"), /"prompt"|"answer"/);
    new SyncLedgerWriter(file).appendSync(entry("r2", 0.1, { prompt: "the question", answer: "the answer", providerCostUsd: 0.09 }));
    assert.deepEqual(readLedger(file).records[1], { ...entry("r2", 0.1, { prompt: "the question", answer: "the answer", providerCostUsd: 0.09 }), hash: readLedger(file).records[1]!.hash });
    assert.equal(verifyLedger(file).ok, true);
  });

  it("keeps a typical record under 250 bytes", () => {
    const file = tempFile();
    new SyncLedgerWriter(file).appendSync(entry("8d0c8a4e-4f55-4d1f-9a52-0c6f1f5c2b7e", 0.00104, { model: "gpt-4.1-mini", priceSource: "bundled 2025-11-15", inputTokens: 1200, outputTokens: 350 }));
    assert.ok(statSync(file).size <= 250, `${statSync(file).size} bytes`);
  });

  it("continues the chain after another process appended (it does not trust its remembered hash)", () => {
    const file = tempFile();
    const mine = new SyncLedgerWriter(file);
    const other = new SyncLedgerWriter(file);
    mine.appendSync(entry("r1", 0.1));
    other.appendSync(entry("r2", 0.1));
    mine.appendSync(entry("r3", 0.1));
    other.appendSync(entry("r4", 0.1));
    assert.deepEqual(verifyLedger(file), { ok: true, records: 4, skipped: [] });
  });

  it("chains after another writer's record even when that record is longer than the first read of the file's end", () => {
    const file = tempFile();
    const mine = new SyncLedgerWriter(file);
    const other = new SyncLedgerWriter(file);
    mine.appendSync(entry("r1", 0.1));
    other.appendSync(entry("r2", 0.1, { prompt: "é".repeat(30_000), answer: "a long answer" }));
    mine.appendSync(entry("r3", 0.1));
    assert.deepEqual(verifyLedger(file), { ok: true, records: 3, skipped: [] });
  });

  it("follows the ledger when it is moved away or deleted: the next record goes to the file at the path", () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    writer.appendSync(entry("r1", 0.1));
    renameSync(file, `${file}.old`);
    writer.appendSync(entry("r2", 0.2));
    assert.deepEqual(readLedger(file).records.map((r) => r.requestId), ["r2"]);
    assert.deepEqual(readLedger(`${file}.old`).records.map((r) => r.requestId), ["r1"]);
    assert.equal(verifyLedger(file).ok, true);
    rmSync(file);
    writer.appendSync(entry("r3", 0.3));
    assert.deepEqual(readLedger(file).records.map((r) => r.requestId), ["r3"]);
    assert.equal(verifyLedger(file).ok, true);
    writer.close();
  });

  it("reads and verifies records written in the earlier object format, and chains new ones after them", () => {
    const file = tempFile();
    const { time, requestId, ...rest } = entry("old", 0.5);
    const old = { time, requestId, ...rest };
    const hash = createHash("sha256").update("").update("\n").update(JSON.stringify(old)).digest("hex");
    writeFileSync(file, `${JSON.stringify({ ...old, prevHash: "", hash })}\n`);
    new SyncLedgerWriter(file).appendSync(entry("new", 0.25));
    assert.deepEqual(verifyLedger(file), { ok: true, records: 2, skipped: [] });
    assert.deepEqual(readLedger(file).records.map((r) => [r.requestId, r.costUsd]), [["old", 0.5], ["new", 0.25]]);
    writeFileSync(file, readFileSync(file, "utf8").replace('"costUsd":0.5', '"costUsd":0.05'));
    assert.equal(verifyLedger(file).broken?.requestId, "old");
  });

  it("survives writers killed at random moments while 8 processes append, losing no acknowledged record", { timeout: 120_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const file = tempFile();
      const acked = new Set<string>();
      const children = Array.from({ length: 8 }, (_, writer) => {
        const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "helpers", "ledger-appender.ts"), file, "150", `w${writer}`], { stdio: ["ignore", "pipe", "inherit"] });
        let buffer = "";
        child.stdout.on("data", (data) => {
          buffer += data;
          const lines = buffer.split("\n");
          buffer = lines.pop()!;
          for (const line of lines) if (line.startsWith("ack ")) acked.add(line.slice(4));
        });
        return { child, closed: new Promise<void>((resolve) => child.on("close", () => resolve())) };
      });
      // Kill two writers once appends are under way, at different moments.
      const victims = [children[round]!, children[round + 4]!];
      const waitForAcks = (n: number) => new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (acked.size >= n) {
            clearInterval(timer);
            resolve();
          }
        }, 1);
      });
      await waitForAcks(100 + round * 50);
      victims[0]!.child.kill("SIGKILL");
      await waitForAcks(300 + round * 50);
      victims[1]!.child.kill("SIGKILL");
      await Promise.all(children.map((c) => c.closed));

      const result = verifyLedger(file);
      assert.equal(result.ok, true, JSON.stringify(result.broken));
      assert.ok(result.skipped.length <= 2, "at most one torn line per killed writer");
      const present = new Set(readLedger(file).records.map((record) => record.requestId));
      const missing = [...acked].filter((id) => !present.has(id));
      assert.deepEqual(missing, [], "every acknowledged record is in the ledger");
      assert.ok(present.size >= 6 * 150, "the writers that were not killed finished");
    }
  });
});

describe("spend report", () => {
  const entries = [
    entry("a", 0.1, { provider: "openai", model: "gpt-4o", feature: "playground" }),
    entry("a", 0.2, { attempt: 2, provider: "anthropic", model: "claude", feature: "playground" }),
    entry("b", 0.3, { provider: "openai", model: "gpt-4o", time: "2026-11-25T09:00:00.000Z", project: "api" }),
  ];
  const cells = cellsFromEntries(entries);

  it("groups by model, provider, project, feature or day; the total is exactly the sum of the records", () => {
    const byModel = spendReport(cells, "model");
    // Request a failed on gpt-4o and was answered by claude: it counts once, under claude.
    assert.deepEqual(byModel.rows.map((r) => [r.key, r.costUsd, r.attempts, r.requests]), [
      ["openai/gpt-4o", 0.4, 2, 1],
      ["anthropic/claude", 0.2, 1, 1],
    ]);
    assert.equal(byModel.total.costUsd, 0.6, "0.1 + 0.2 + 0.3 with no float drift");
    assert.equal(byModel.total.requests, 2, "request a made two attempts");
    assert.equal(byModel.total.attempts, 3);
    assert.deepEqual(spendReport(cells, "day").rows.map((r) => r.key), ["2026-11-24", "2026-11-25"]);
    assert.deepEqual(spendReport(cells, "project", "2026-11-25").rows.map((r) => [r.key, r.costUsd]), [["api", 0.3]]);
  });

  it("formats CSV with a header and a total row, and JSON for scripts", () => {
    const csv = formatSpend(spendReport(cells, "feature"), "feature", "csv").split("\n");
    // Equal costs sort by name; 0.1 + 0.2 is exactly 0.3 here.
    assert.deepEqual(csv, ["feature,requests,attempts,estimated,unpriced,inputTokens,outputTokens,costUsd", "cli,1,1,0,0,10,5,0.3", "playground,1,2,0,0,20,10,0.3", "TOTAL,2,3,0,0,30,15,0.6"]);
    const json = JSON.parse(formatSpend(spendReport(cells, "provider"), "provider", "json"));
    assert.equal(json.total.costUsd, 0.6);
  });

  it("adds up as a user counts it: 5 two-column comparisons, 2 blind votes and an eval result are 10 requests, and every total is its rows' sum (regression)", () => {
    const calls: LedgerEntry[] = [];
    for (let comparison = 0; comparison < 5; comparison++) {
      calls.push(entry(`cmp${comparison}-c1`, 0.001, { provider: "demo", model: "swift-mini", feature: "playground" }));
      calls.push(entry(`cmp${comparison}-c2`, 0.002, { provider: "demo", model: "sage-large", feature: "playground", ...(comparison === 4 ? { outcome: "cancelled", estimated: true } : {}) }));
    }
    calls.push(entry("vote-1", 0, { provider: "demo", model: "sage-large", feature: "vote" }), entry("vote-2", 0, { provider: "demo", model: "swift-mini", feature: "vote" }));
    // A prompt file's verdicts on answers are not requests either.
    calls.push(entry("result-1", 0, { provider: "demo", model: "swift-mini", feature: "eval-result", outcome: "pass" }));
    const report = spendReport(cellsFromEntries(calls), "model");
    assert.deepEqual(report.rows.map((r) => [r.key, r.requests, r.attempts, r.estimated]), [
      ["demo/sage-large", 5, 5, 1],
      ["demo/swift-mini", 5, 5, 0],
    ]);
    assert.deepEqual([report.total.requests, report.total.attempts, report.total.estimated], [10, 10, 1], "votes and eval results are not requests");
    for (const by of ["model", "provider", "project", "feature", "day"] as const) {
      const { rows, total } = spendReport(cellsFromEntries([...calls, ...entries]), by);
      for (const column of ["requests", "attempts", "estimated", "inputTokens", "outputTokens"] as const) {
        assert.equal(rows.reduce((sum, row) => sum + row[column], 0), total[column], `${by}: ${column} adds up`);
      }
    }
    assert.match(formatSpend(report, "model", "table"), /^MODEL\s+REQUESTS\s+ATTEMPTS\s+EST\./);
  });
});
