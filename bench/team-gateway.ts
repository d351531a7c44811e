// A team gateway (`switchboard serve --team`, state in a real Postgres: a throwaway cluster of Debian's
// postgresql, as in the tests) side by side with the single-user gateway on its JSON-lines ledger, in front
// of the same loopback provider, against calling it directly, alternating in one run: time added per
// request (each request is authenticated, reserved, recorded and settled on the database) and requests per
// second with 16 clients. Run alone: npx tsx bench/team-gateway.ts
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { startPostgresCluster } from "../test/wire/postgres-cluster";
import { BENCH_TOKEN, firstLine, startSwitchboard } from "./gateway-processes";
import { type Loopback, startLoopback } from "./loopback";
import { median } from "./stats";

type Call = () => Promise<number>;

function caller(baseURL: string, model: string, apiKey: string): Call {
  const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
  return async () => {
    const start = performance.now();
    const stream = await client.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }], max_tokens: 64, stream: true, stream_options: { include_usage: true } });
    for await (const _chunk of stream);
    return performance.now() - start;
  };
}

/** Requests per second with `clients` callers each sending one request after another, `total` in all. */
async function throughput(call: Call, clients: number, total: number): Promise<number> {
  let left = total;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (left-- > 0) await call();
    }),
  );
  return total / ((performance.now() - start) / 1000);
}

export async function measureTeamGateway(loopback: Loopback): Promise<Record<string, number>> {
  const cluster = await startPostgresCluster();
  const cli = join(__dirname, "..", "dist", "cli.js");
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-team-"));
  const config = join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ providers: [{ id: "loop", kind: "openai-compatible", baseUrl: `${loopback.short}/v1`, local: true }], models: [{ id: "loop/m", pricing: { input: 1, output: 2 } }] }));
  const env = { PATH: process.env.PATH ?? "", HOME: dir, XDG_CONFIG_HOME: dir };
  // A key with a budget, so every request is reserved and settled on the database as a capped member's is.
  const created = spawnSync(process.execPath, [cli, "team", "keys", "create", "--database", cluster.url, "--member", "bench", "--team", "bench", "--budget-daily", "1000", "--json"], { env, encoding: "utf8" });
  if (created.status !== 0) throw new Error(`team keys create failed: ${created.stderr}`);
  const key = (JSON.parse(created.stdout) as { key: string }).key;
  const team = spawn(process.execPath, [cli, "serve", "--team", "--database", cluster.url, "--port", "0", "--config", config], { env, stdio: ["ignore", "pipe", "inherit"] });
  const single = await startSwitchboard(loopback);
  try {
    const teamUrl = await firstLine(team, /listening on (http:\S+)/);
    const direct = caller(`${loopback.short}/v1`, "m", "none");
    const viaTeam = caller(`${teamUrl}/v1`, "loop/m", key);
    const viaLedger = caller(single.baseURL, single.model, BENCH_TOKEN);
    for (let round = 0; round < 30; round++) for (const call of [direct, viaTeam, viaLedger]) await call(); // warm-up
    const added = { team: [] as number[], ledger: [] as number[] };
    for (let round = 0; round < 300; round++) {
      const d = await direct();
      added.team.push((await viaTeam()) - d);
      added.ledger.push((await viaLedger()) - d);
    }
    const rates = { team: [] as number[], ledger: [] as number[] };
    for (let round = 0; round < 3; round++) {
      rates.team.push(await throughput(viaTeam, 16, 400));
      rates.ledger.push(await throughput(viaLedger, 16, 400));
    }
    return {
      teamGatewayOverheadP50Ms: median(added.team),
      ledgerGatewayOverheadP50Ms: median(added.ledger),
      teamGatewayRequestsPerSec: median(rates.team),
      ledgerGatewayRequestsPerSec: median(rates.ledger),
    };
  } finally {
    team.kill();
    single.child.kill();
    cluster.destroy();
  }
}

if (require.main === module) {
  void (async () => {
    const loopback = await startLoopback();
    try {
      console.log(await measureTeamGateway(loopback));
    } finally {
      loopback.stop();
    }
  })();
}
