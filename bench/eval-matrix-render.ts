// 6: a prompt file's matrix in real Chromium: 200 rows × 4 models streamed in through the real bundle
// and protocol, four cells at a time with a few streaming updates each, as the host posts them; long
// tasks (> 50 ms) are counted with a PerformanceObserver. Run alone: node --import tsx bench/eval-matrix-render.ts
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EvalFileView } from "../src/protocol-eval";
import { WebviewHarness } from "../test/webview/webview-host";

export interface EvalMatrixResults {
  evalMatrixLongTasks: number;
  evalMatrixScriptMs: number;
}

const ROWS = 200;
const MODELS = ["openai/gpt-4.1-mini", "anthropic/claude-haiku-4-5", "google/gemini-2.5-flash", "deepseek/deepseek-chat"];
const DRIVER = readFileSync(join(__dirname, "eval-matrix-driver.js"), "utf8").replace(/^\/\/.*\n/gm, "").trim();

export async function measureEvalMatrix(): Promise<EvalMatrixResults> {
  const harness = await WebviewHarness.start();
  try {
    const view = await harness.open("vscode-dark", { width: 1600, height: 900 }, "eval");
    await view.waitForPosted("eval-ready");
    const file: EvalFileView = {
      path: "bench.prompt.yml",
      name: "Benchmark",
      description: "",
      rows: Array.from({ length: ROWS }, (_, row) => ({ input: `A paragraph to summarise, number ${row}.` })),
      models: MODELS,
      evaluators: ["starts with Summary -"],
      problems: [],
      dirty: false,
    };
    await view.send({ type: "eval-file", file, modelOptions: [] });
    const cdp = await view.page.context().newCDPSession(view.page);
    await cdp.send("Performance.enable");
    const scriptSeconds = async () => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "ScriptDuration")!.value;
    const before = await scriptSeconds();
    const longTasks = (await view.page.evaluate(`(${DRIVER})(${JSON.stringify({ rows: ROWS, models: MODELS, updates: 4, intervalMs: 15 })})`)) as number;
    const scriptMs = ((await scriptSeconds()) - before) * 1000;
    const totals = await view.page.$$eval("[data-testid=eval-totals] tbody tr", (trs) => trs.map((tr) => tr.children[1]?.textContent));
    if (totals.some((cell) => cell !== "133 / 67 / 0")) throw new Error(`the matrix totals are wrong: ${totals.join(", ")}`);
    if (view.errors.length > 0) throw new Error(`the matrix page failed: ${view.errors.join("; ")}`);
    return { evalMatrixLongTasks: longTasks, evalMatrixScriptMs: scriptMs };
  } finally {
    await harness.close();
  }
}

if (require.main === module) {
  measureEvalMatrix().then((results) => console.log(JSON.stringify(results)));
}
