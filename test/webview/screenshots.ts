// Renders four columns mid-stream through the real bundle and protocol, in the dark and the light theme,
// into media/ for the README. Run: npm run screenshots
import { join } from "node:path";
import { spendDashboard } from "../../src/core/spend/spend-dashboard";
import type { SpendCell } from "../../src/core/spend/spend-rollup";
import type { ColumnState, HostMessage } from "../../src/protocol";
import { WebviewHarness } from "./webview-host";

const models = [
  { id: "openai/gpt-4.1-mini", displayName: "GPT-4.1 mini", simulated: false, inputPrice: 0.4, outputPrice: 1.6, contextWindow: 1047576 },
  { id: "anthropic/claude-sonnet-4-5", displayName: "Claude Sonnet 4.5", simulated: false, inputPrice: 3, outputPrice: 15, contextWindow: 200000 },
  { id: "google/gemini-2.5-flash", displayName: "Gemini 2.5 Flash", simulated: false, inputPrice: 0.3, outputPrice: 2.5, contextWindow: 1048576 },
  { id: "deepseek/deepseek-reasoner", displayName: "DeepSeek V3.2 (reasoner)", simulated: false, inputPrice: 0.28, outputPrice: 0.42, contextWindow: 128000 },
];
const answer = (intro: string) =>
  `${intro}\n\nThe median of an even-length list averages the two middle values:\n\n\`\`\`ts\nexport function median(values: number[]): number {\n  if (values.length === 0) throw new RangeError("empty");\n  const sorted = [...values].sort((a, b) => a - b);\n  const mid = Math.floor(sorted.length / 2);\n`;
const columns: ColumnState[] = models.map((model, index) => ({
  columnId: `c${index + 1}`,
  modelId: model.id,
  status: index === 3 ? "done" : "streaming",
  text: answer(["Two bugs stand out:", "**Bug 1:** `sort()` without a comparator sorts numbers as strings.", "Found 2 issues.", "The function fails on an empty array."][index]!),
  reasoning: index === 3 ? "Check empty input first, then the comparator." : "",
  error: null,
  stats: {
    inputTokens: 182,
    outputTokens: [96, 71, 120, 233][index]!,
    cachedInputTokens: 0,
    costUsd: [0.000226, 0.001611, 0.000355, 0.000149][index]!,
    exact: index === 3,
    ttftMs: [412, 890, 305, 1210][index]!,
    tokensPerSecond: [118, 64, 171, 52][index]!,
  },
}));

/** A month of a small team's spend: weekday traffic on four models, a busy release week. */
function sampleSpend(): SpendCell[] {
  const models: Array<[string, string, number]> = [
    ["anthropic", "claude-sonnet-4-5", 1.6],
    ["openai", "gpt-4.1-mini", 0.35],
    ["google", "gemini-2.5-flash", 0.25],
    ["deepseek", "deepseek-reasoner", 0.12],
  ];
  const cells: SpendCell[] = [];
  for (let day = 0; day < 30; day++) {
    const date = new Date(Date.UTC(2026, 9, 28 + day));
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const release = day >= 18 && day <= 21 ? 2.1 : 1;
    models.forEach(([provider, model, usd], index) => {
      const amount = (weekend ? 0.15 : 1) * release * usd * (0.75 + ((day * 7 + index * 3) % 10) / 20);
      cells.push({ day: date.toISOString().slice(0, 10), provider, model, project: "web-app", feature: "playground", caller: null, session: null, member: null, team: null, attempts: 10, requests: 10, estimated: 0, unpriced: 0, inputTokens: 12000, cachedInputTokens: 0, outputTokens: 3000, pico: BigInt(Math.round(amount * 1e6)) * 1_000_000n, reported: 0, reportedPico: 0n, catalogPico: 0n });
    });
  }
  return cells;
}

async function main() {
  const harness = await WebviewHarness.start();
  try {
    for (const theme of ["dark", "light"]) {
      const view = await harness.open(`vscode-${theme}`, { width: 1500, height: 760 });
      await view.waitForPosted("ready");
      const init: HostMessage = { type: "init", models, defaultModels: models.map((m) => m.id), prompt: "Find bugs and risky edge cases in this code; suggest fixes." };
      await view.send(init);
      await view.send({ type: "attachment", attachment: { fileName: "stats.ts", languageId: "typescript", startLine: 1, endLine: 5, code: "export function median(values) { … }" } });
      await view.send({ type: "columns", columns, sessionCostUsd: 0.004127 });
      await view.page.waitForTimeout(500);
      await view.page.screenshot({ path: join(__dirname, "..", "..", "media", `playground-${theme}.png`) });
    }
    const spend = await harness.open("vscode-dark", { width: 1200, height: 720 }, "spend");
    await spend.waitForPosted("spend-ready");
    await spend.send({ type: "spend", dashboard: spendDashboard(sampleSpend(), { by: "model", until: "2026-11-26", days: 30, budgets: { dailyUsd: 4, monthlyUsd: 80 }, source: "~/.config/switchboard/ledger.jsonl", now: new Date("2026-11-26T17:00:00Z") }), days: 30 });
    await spend.page.waitForTimeout(500);
    await spend.page.screenshot({ path: join(__dirname, "..", "..", "media", "spend-dark.png") });
  } finally {
    await harness.close();
  }
}

void main();
