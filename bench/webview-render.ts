// 5: the playground's rendering in real Chromium. Four columns stream 2,000 tokens each at 50 chunks/s
// through the real bundle and protocol (column-delta messages, as the host posts them); long tasks
// (> 50 ms) are counted with a PerformanceObserver and scripting time read from CDP Performance
// metrics. The same stream then drives a naive page that re-renders each whole answer's Markdown on
// every delta with the same libraries.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { decode, encode } from "gpt-tokenizer/encoding/o200k_base";
import type { ColumnState, HostMessage } from "../src/protocol";
import { fixtureLines } from "../test/wire/fixture-server";
import { WebviewHarness, type WebviewPage } from "../test/webview/webview-host";

export interface WebviewResults {
  webviewLongTasks: number;
  webviewLongTasksNaive: number;
  webviewScriptMs: number;
  webviewScriptMsNaive: number;
  webviewScriptingRatioVsNaive: number;
}

const COLUMNS = 4;
const TOKENS = 2_000;
const CHUNK_INTERVAL_MS = 20; // 50 chunks per second per column
const DRIVER = readFileSync(join(__dirname, "webview-driver.js"), "utf8").replace(/^\/\/.*\n/gm, "").trim();

/** A realistic answer: a recorded real answer's prose and a fenced TypeScript block, as o200k tokens. */
export function answerTokens(): string[] {
  const prose = fixtureLines("openai-text.jsonl")
    .map((line) => (JSON.parse(line) as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta?.content ?? "")
    .join("");
  const code = readFileSync(join(__dirname, "..", "src", "core", "spend", "spend-rollup.ts"), "utf8").split("\n").slice(0, 70).join("\n");
  let text = "";
  while (encode(text).length < TOKENS) text += `${prose}\n\n\`\`\`ts\n${code}\n\`\`\`\n\n`;
  return encode(text).slice(0, TOKENS).map((token) => decode([token]));
}

async function naiveBundle(): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), "switchboard-naive-")), "webview.js");
  await esbuild.build({ entryPoints: [join(__dirname, "naive-webview.tsx")], bundle: true, minify: true, format: "iife", platform: "browser", target: ["chrome120"], outfile: out, logLevel: "error", define: { "process.env.NODE_ENV": '"production"' } });
  return out;
}

function columnState(index: number): ColumnState {
  return {
    columnId: `c${index + 1}`, modelId: `loop/model-${index + 1}`, status: "streaming", text: "", reasoning: "", error: null,
    stats: { inputTokens: 182, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, exact: false, ttftMs: 300, tokensPerSecond: null },
  };
}

/** Streams the tokens into the page from inside it (so the pace does not depend on the test driver). */
async function stream(view: WebviewPage, tokens: string[]): Promise<{ longTasks: number; scriptMs: number; renderedChars: number }> {
  const cdp = await view.page.context().newCDPSession(view.page);
  await cdp.send("Performance.enable");
  const scriptSeconds = async () => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "ScriptDuration")!.value;
  const before = await scriptSeconds();
  const args = JSON.stringify({ tokens, columns: COLUMNS, intervalMs: CHUNK_INTERVAL_MS });
  const longTasks = (await view.page.evaluate(`(${DRIVER})(${args})`)) as number;
  const scriptMs = ((await scriptSeconds()) - before) * 1000;
  const renderedChars = await view.page.evaluate(() => [...document.querySelectorAll(".answer")].reduce((sum, el) => sum + (el.textContent?.length ?? 0), 0));
  await cdp.detach();
  return { longTasks, scriptMs, renderedChars };
}

export async function measureWebview(): Promise<WebviewResults> {
  const tokens = answerTokens();
  const expectedChars = tokens.join("").length * COLUMNS;
  const real = await WebviewHarness.start();
  const naive = await WebviewHarness.start({ webviewJs: await naiveBundle() });
  try {
    const realView = await real.open("vscode-dark", { width: 1600, height: 900 });
    await realView.waitForPosted("ready");
    const init: HostMessage = { type: "init", models: [], defaultModels: [], prompt: "" };
    await realView.send(init);
    await realView.send({ type: "columns", columns: Array.from({ length: COLUMNS }, (_, i) => columnState(i)), sessionCostUsd: 0 });
    const naiveView = await naive.open("vscode-dark", { width: 1600, height: 900 });
    await naiveView.waitForPosted("ready");
    const realRun = await stream(realView, tokens);
    const naiveRun = await stream(naiveView, tokens);
    // Rendered text loses Markdown syntax (**, fences), so it is shorter than the source, not longer.
    for (const [name, run] of [["playground", realRun], ["naive", naiveRun]] as const) {
      if (run.renderedChars < expectedChars * 0.8 || run.renderedChars > expectedChars) throw new Error(`the ${name} page rendered ${run.renderedChars} characters of ${expectedChars}`);
    }
    if (realView.errors.length > 0) throw new Error(`the playground page failed: ${realView.errors.join("; ")}`);
    return {
      webviewLongTasks: realRun.longTasks,
      webviewLongTasksNaive: naiveRun.longTasks,
      webviewScriptMs: realRun.scriptMs,
      webviewScriptMsNaive: naiveRun.scriptMs,
      webviewScriptingRatioVsNaive: realRun.scriptMs / naiveRun.scriptMs,
    };
  } finally {
    await Promise.all([real.close(), naive.close()]);
  }
}
