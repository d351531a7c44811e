// 6: activation in the real VS Code (the VS Code server in headless Chromium, as the tests run it):
// the entry bundle times its own evaluation and activate() (src/extension/activation-timing.ts), the
// engine its load and start right after, and a small suite (test/vscode/bench-index.ts) reports them.
// Also the release bundles' sizes.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface ActivationRun {
  loadMs: number;
  activateMs: number;
  totalMs: number;
  /** After activation: evaluating dist/engine.js and starting it (status bar, catalog, keys...). */
  engineLoadMs: number;
  engineStartMs: number;
  /** The engine came from V8's code cache a previous launch saved. */
  codeCacheUsed?: boolean;
}

const root = join(__dirname, "..");

/** One launch; with `codeCacheDir`, the engine's code cache is kept there from one launch to the next. */
export function measureActivation(codeCacheDir?: string): ActivationRun {
  const args = [join(root, "scripts", "run-vscode-server-tests.mjs"), "--suite", "bench-index", ...(codeCacheDir ? ["--code-cache", codeCacheDir] : [])];
  const output = execFileSync(process.execPath, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const line = output.split("\n").find((text) => text.startsWith("bench activation "));
  if (!line) throw new Error(`the VS Code run reported no activation time:\n${output}`);
  return JSON.parse(line.slice("bench activation ".length)) as ActivationRun;
}

export function bundleSizes() {
  const kb = (file: string) => statSync(join(root, "dist", file)).size / 1024;
  const gzKb = (file: string) => gzipSync(readFileSync(join(root, "dist", file))).length / 1024;
  // The extension's code is the small entry plus the engine it loads after activation.
  return {
    extensionBundleKB: kb("extension.js") + kb("engine.js"),
    extensionEntryBundleKB: kb("extension.js"),
    extensionBundleGzipKB: gzKb("extension.js") + gzKb("engine.js"),
    webviewBundleKB: kb("webview.js"),
    webviewBundleGzipKB: gzKb("webview.js"),
  };
}
