// Runs bundled mocha suites inside the VS Code extension host and writes what happened to the file the
// runner named (SWITCHBOARD_TEST_REPORT), since the host's console does not reach the terminal.
import { appendFileSync } from "node:fs";
import Mocha from "mocha";
import * as vscode from "vscode";

export function report(kind: string, text: string): void {
  const file = process.env.SWITCHBOARD_TEST_REPORT;
  const line = `${JSON.stringify({ kind, text })}\n`;
  if (file) appendFileSync(file, line);
  else console.log(text);
}

/** `loadSuites` imports the test files after mocha's globals (describe, it) exist. */
export function runMocha(title: string, loadSuites: () => Promise<unknown>): Promise<void> {
  // SWITCHBOARD_TEST_GREP runs only the matching tests (while working on one suite).
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, color: false, ...(process.env.SWITCHBOARD_TEST_GREP ? { grep: process.env.SWITCHBOARD_TEST_GREP } : {}) });
  mocha.suite.emit("pre-require", globalThis, "bundle", mocha);
  report("info", `${title}: VS Code ${vscode.version} (${vscode.env.appHost}, ${vscode.env.uiKind === vscode.UIKind.Web ? "web" : "desktop"} UI), extension host Node ${process.version}`);
  return loadSuites().then(
    () =>
      new Promise<void>((resolve, reject) => {
        let passed = 0;
        let failed = 0;
        const runner = mocha.run(() => {
          report("summary", `${title}: ${passed} passed, ${failed} failed`);
          if (failed > 0) reject(new Error(`${failed} test(s) failed`));
          else if (passed === 0) reject(new Error("no test ran"));
          else resolve();
        });
        runner.on("pass", (test) => {
          passed += 1;
          report("pass", `  ✔ ${test.fullTitle()}`);
        });
        runner.on("fail", (test, error: Error) => {
          failed += 1;
          report("fail", `  ✘ ${test.fullTitle()}\n      ${String(error.stack ?? error).split("\n").slice(0, 6).join("\n      ")}`);
        });
      }),
  );
}
