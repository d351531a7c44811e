// What a user waits for and the memory taken when they run `switchboard spend` (a command that sends no
// request) and `switchboard chat` against the loopback provider: the built CLI from spawn to exit, median
// of 10 each, with node itself doing nothing (`node -e 0`) as the floor, alternating. Run alone:
// npx tsx bench/cli-start.ts
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Loopback, startLoopback } from "./loopback";
import { median } from "./stats";

const cli = join(__dirname, "..", "dist", "cli.js");

/** One process: its time from spawn to exit and its peak resident memory. */
interface Sample {
  ms: number;
  rssMB: number;
}

export async function measureCliStart(loopback: Loopback): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-cli-"));
  const config = join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ providers: [{ id: "loop", kind: "openai-compatible", baseUrl: `${loopback.short}/v1`, local: true }], models: [{ id: "loop/m", pricing: { input: 1, output: 2 } }] }));
  const ledger = join(dir, "ledger.jsonl");
  const rssFile = join(dir, "rss");
  // spawnSync blocks this process, not the loopback server's (its own process).
  const run = (args: string[]): Sample => {
    const start = performance.now();
    const result = spawnSync(process.execPath, ["--require", join(__dirname, "rss-probe.cjs"), ...args], { env: { PATH: process.env.PATH ?? "", HOME: dir, XDG_CONFIG_HOME: dir, RSS_PROBE_FILE: rssFile }, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    return { ms: performance.now() - start, rssMB: Number(readFileSync(rssFile, "utf8")) / 1024 };
  };
  const figures: Record<"spend" | "chat" | "node", Sample[]> = { spend: [], chat: [], node: [] };
  for (let round = 0; round < 11; round++) {
    const spend = run([cli, "spend", "--ledger", ledger]);
    const chat = run([cli, "chat", "--config", config, "--ledger", ledger, "--model", "loop/m", "--prompt", "hi"]);
    const node = run(["-e", "0"]);
    if (round === 0) continue; // the first spawn warms the file cache
    figures.spend.push(spend);
    figures.chat.push(chat);
    figures.node.push(node);
  }
  const ms = (list: Sample[]) => median(list.map((item) => item.ms));
  const rss = (list: Sample[]) => median(list.map((item) => item.rssMB));
  return {
    cliSpendMs: ms(figures.spend),
    cliSpendRssMB: rss(figures.spend),
    cliChatMs: ms(figures.chat),
    cliChatRssMB: rss(figures.chat),
    nodeStartMs: ms(figures.node),
    nodeStartRssMB: rss(figures.node),
  };
}

if (require.main === module) {
  void (async () => {
    const loopback = await startLoopback();
    try {
      console.log(await measureCliStart(loopback));
    } finally {
      loopback.stop();
    }
  })();
}
