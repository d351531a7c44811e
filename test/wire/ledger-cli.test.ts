// `switchboard ledger merge`: another ledger (the extension's earlier one) merged into the user's one
// ledger by the real CLI, after which `switchboard spend` counts both once.
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { runCli } from "./run-cli";

const fixtures = join(__dirname, "..", "fixtures", "ledgers");

function seeded() {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-ledger-cli-"));
  const earlier = join(dir, "earlier.jsonl");
  const ledger = join(dir, "ledger.jsonl");
  copyFileSync(join(fixtures, "earlier-vscode.jsonl"), earlier);
  copyFileSync(join(fixtures, "shared.jsonl"), ledger);
  return { earlier, ledger };
}

const spendByDay = async (ledger: string) => {
  const result = await runCli(["spend", "--by", "day", "--format", "json", "--ledger", ledger]);
  assert.equal(result.status, 0, result.stderr);
  return (JSON.parse(result.stdout) as { rows: Array<{ key: string; costUsd: number; requests: number }> }).rows.map((row) => [row.key, row.costUsd, row.requests]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
};

describe("switchboard ledger merge", () => {
  it("appends the other ledger's records marked as imported, verifies, and keeps the other file renamed", async () => {
    const { earlier, ledger } = seeded();
    assert.deepEqual(await spendByDay(ledger), [["2026-01-16", 1, 1]]);
    const merged = await runCli(["ledger", "merge", earlier, "--ledger", ledger]);
    assert.equal(merged.status, 0, merged.stderr);
    assert.match(merged.stdout, /merged 3 records; OK, 4 records, hash chain intact\. .*earlier\.jsonl is kept as .*earlier\.jsonl\.merged-\d{4}-\d{2}-\d{2}/);
    assert.equal(existsSync(earlier), false);
    assert.deepEqual(await spendByDay(ledger), [["2026-01-15", 0.875, 3], ["2026-01-16", 1, 1]]);
    assert.ok(readLedger(ledger).records.slice(1).every((record) => typeof record.imported === "string"));
    const verify = await runCli(["ledger", "verify", "--ledger", ledger]);
    assert.match(verify.stdout, /OK, 4 records, hash chain intact/);
  });

  it("refuses a broken ledger with the record that breaks it, exit 1, appending nothing", async () => {
    const { earlier, ledger } = seeded();
    writeFileSync(earlier, readFileSync(earlier, "utf8").replace(",0.25,", ",0.025,"));
    const before = readFileSync(ledger, "utf8");
    const merged = await runCli(["ledger", "merge", earlier, "--ledger", ledger]);
    assert.equal(merged.status, 1);
    assert.match(merged.stderr, /^switchboard: the ledger .*earlier\.jsonl is broken at record 2 \(request earlier-2\): .*It was not merged/);
    assert.equal(readFileSync(ledger, "utf8"), before);
    assert.ok(existsSync(earlier));
  });

  it("says what is missing: no file named, or a file that does not exist", async () => {
    const { ledger } = seeded();
    const none = await runCli(["ledger", "merge", "--ledger", ledger]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /name the ledger file to merge in/);
    const missing = await runCli(["ledger", "merge", join(tmpdir(), "no-such-ledger.jsonl"), "--ledger", ledger]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /there is no ledger at .*no-such-ledger\.jsonl to merge/);
  });
});
