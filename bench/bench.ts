// `npm run bench`: Switchboard against direct calls, the official OpenAI SDK and the Vercel AI SDK, on
// loopback (not part of `npm test`). Runs every measure BENCH_RUNS times (default 3), keeps the median
// of each figure, prints a table, writes bench/results.json and appends a dated section to
// bench/README.md. Ratios are computed within one run, so machine noise hits both sides alike.
import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { bundleSizes, measureActivation } from "./activation";
import { measureAgentPassthrough } from "./agent-passthrough";
import { measureCliStart } from "./cli-start";
import { measureCpuPerChunk } from "./cpu-per-chunk";
import { measureGateway } from "./gateway-overhead";
import { measureLedger } from "./ledger-scale";
import { measurePreflightEstimate } from "./preflight-estimate";
import { startLoopback } from "./loopback";
import { measureRouter } from "./router-overhead";
import { measureTeamGateway } from "./team-gateway";
import { median } from "./stats";
import { memoryLedger, switchboardClient } from "./switchboard-client";
import { derivedFigures, TARGETS, verdict } from "./targets";
import { measureEvalMatrix } from "./eval-matrix-render";
import { measureWebview } from "./webview-render";

type Figures = Record<string, number>;

async function oneRun(run: number, runs: number): Promise<Figures> {
  const step = (name: string) => console.log(`[bench] run ${run}/${runs}: ${name}…`);
  const loopback = await startLoopback();
  const { routed, ledger: client } = switchboardClient(loopback);
  try {
    step("router overhead, failover, event-loop lag");
    const router = await measureRouter(loopback, routed, switchboardClient(loopback, memoryLedger()).routed);
    step("CPU per chunk vs the OpenAI SDK and the AI SDK");
    const cpu = await measureCpuPerChunk(loopback, routed);
    step("the local gateway against direct calls (openai SDK on both sides)");
    const gateway = await measureGateway(loopback);
    step("a coding agent's turn through the gateway on its own wire, against a minimal proxy");
    const agent = await measureAgentPassthrough(loopback);
    step("a team gateway on Postgres against the gateway on its ledger file");
    const team = await measureTeamGateway(loopback);
    step("webview rendering in Chromium (about 90 s)");
    const webview = await measureWebview();
    step("a prompt file's matrix in Chromium: 200 rows × 4 models (about 20 s)");
    const matrix = await measureEvalMatrix();
    step("activation in the real VS Code (4 launches)");
    // The first launch after an install or update compiles the engine and saves V8's code cache; the user's
    // later starts take it. A launch is short and the extension host is busy at start-up: the median of
    // three such starts per run.
    const codeCacheDir = mkdtempSync(join(tmpdir(), "switchboard-bench-code-cache-"));
    const cold = measureActivation(codeCacheDir);
    const launches = [measureActivation(codeCacheDir), measureActivation(codeCacheDir), measureActivation(codeCacheDir)];
    if (cold.codeCacheUsed || launches.some((launch) => !launch.codeCacheUsed)) throw new Error("the launches after the first did not take the engine's code cache");
    const activation = [...launches].sort((a, b) => a.totalMs - b.totalMs)[1]!;
    const startAfterActivationMs = median(launches.map((launch) => launch.engineLoadMs + launch.engineStartMs));
    step("ledger at 1,000,000 records, and the routing history read from it");
    const ledger = await measureLedger();
    step("the pre-flight estimate of a coding agent's turn");
    const estimate = measurePreflightEstimate();
    step("the CLI from spawn to exit: switchboard spend and switchboard chat");
    const cli = await measureCliStart(loopback);
    const figures: Figures = { ...router, ...cpu, ...gateway, ...agent, ...team, ...webview, ...matrix, activationMs: activation.totalMs, activationLoadMs: activation.loadMs, activationActivateMs: activation.activateMs, startAfterActivationMs, startAfterActivationColdMs: cold.engineLoadMs + cold.engineStartMs, ...ledger, ...estimate, ...cli };
    return { ...figures, ...derivedFigures(figures) };
  } finally {
    loopback.stop();
    await client.close();
  }
}

function medians(runs: Figures[]): Figures {
  return Object.fromEntries(Object.keys(runs[0]!).map((key) => [key, median(runs.map((run) => run[key]!))]));
}

const round = (value: number) => (Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3)));

function readmeSection(results: Figures, runs: number): string {
  const date = new Date().toISOString().slice(0, 10);
  const rows = Object.entries(results).map(([key, value]) => {
    const target = TARGETS[key];
    return `| ${key} | ${round(value)} | ${target ? target.text : "—"} | ${target ? verdict(value, target) : ""} |`;
  });
  return [
    "",
    `## ${date} — \`npm run bench\` (medians of ${runs} runs)`,
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform} ${process.arch}.`,
    "",
    "| key | value | target | verdict |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

async function main() {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const all: Figures[] = [];
  for (let run = 1; run <= runs; run++) all.push(await oneRun(run, runs));
  const results = { ...medians(all), ...bundleSizes() };
  const keyed = Object.fromEntries(Object.entries(results).sort(([a], [b]) => (TARGETS[a] ? 0 : 1) - (TARGETS[b] ? 0 : 1)));
  writeFileSync(join(__dirname, "results.json"), `${JSON.stringify({ ...keyed, runs }, null, 2)}\n`);
  const readme = join(__dirname, "README.md");
  if (process.env.BENCH_NO_README !== "1") appendFileSync(readme, readmeSection(keyed, runs));
  console.table(Object.entries(keyed).map(([key, value]) => ({ key, value: round(value), target: TARGETS[key]?.text ?? "", verdict: TARGETS[key] ? verdict(value, TARGETS[key]!) : "" })));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
