// `switchboard serve` as a user runs it: the built CLI prints its token and the line scripts wait for,
// answers the official SDK, and on SIGTERM finishes what is in flight and exits 0.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, describe, it } from "node:test";
import OpenAI from "openai";
import { readLedger } from "../../src/core/spend/ledger-reader";

const cli = join(__dirname, "..", "..", "dist", "cli.js");

function serve(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; token: string | undefined; lines: string[] }> {
  const home = mkdtempSync(join(tmpdir(), "switchboard-serve-"));
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", ...args], { cwd: home, env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: home, ...env } });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; output: ${lines.join(" | ")}`)), 15_000);
    child.on("exit", (code) => reject(new Error(`serve exited early with ${code}: ${lines.join(" | ")}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      const listening = /^Switchboard gateway listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (!listening) return;
      clearTimeout(timer);
      const token = lines.map((l) => /^Gateway token \(set SWITCHBOARD_GATEWAY_TOKEN to choose it\): (sb-\S+)$/.exec(l)?.[1]).find(Boolean);
      resolve({ child, url: listening[1]!, token, lines });
    });
  });
}

const exitCode = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

describe("switchboard serve", () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) child.kill("SIGKILL");
  });

  it("prints a generated token once, then the listening line; answers the SDK; SIGTERM finishes the stream in flight and exits 0", { timeout: 30_000 }, async () => {
    const ledger = join(mkdtempSync(join(tmpdir(), "switchboard-serve-ledger-")), "ledger.jsonl");
    const { child, url, token, lines } = await serve(["--ledger", ledger, "--project", "app"]);
    children.push(child);
    assert.ok(token, `a token was printed: ${lines.join(" | ")}`);
    assert.equal(lines.length, 2, "the token, then the listening line");
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: token, maxRetries: 0 });
    const models = await client.models.list();
    assert.ok(models.data.some((model) => model.id === "demo/swift-mini"));

    const stream = await client.chat.completions.create({ model: "demo/swift-mini", messages: [{ role: "user", content: "What is a router?" }], stream: true });
    const exited = exitCode(child);
    let text = "";
    let signalled = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (!signalled && text.length > 0) {
        signalled = true;
        child.kill("SIGTERM");
      }
    }
    assert.match(text, /simulated/, "the stream in flight finished after SIGTERM");
    assert.equal(await exited, 0);
    const [record] = readLedger(ledger).records;
    assert.deepEqual([record?.feature, record?.project, record?.model, record?.outcome], ["gateway", "app", "swift-mini", "ok"]);
  });

  it("uses SWITCHBOARD_GATEWAY_TOKEN when set, and prints no token", { timeout: 20_000 }, async () => {
    const { child, url, token, lines } = await serve([], { SWITCHBOARD_GATEWAY_TOKEN: "sb-my-own-token" });
    children.push(child);
    assert.equal(token, undefined);
    assert.equal(lines.length, 1);
    const wrong = new OpenAI({ baseURL: `${url}/v1`, apiKey: "sb-other", maxRetries: 0 });
    await assert.rejects(wrong.models.list(), OpenAI.AuthenticationError);
    const right = new OpenAI({ baseURL: `${url}/v1`, apiKey: "sb-my-own-token", maxRetries: 0 });
    assert.ok((await right.models.list()).data.length > 0);
    const exited = exitCode(child);
    child.kill("SIGINT");
    assert.equal(await exited, 0);
  });
});
