// Runs the mocha suite of test/vscode inside a real VS Code (the VS Code server, in headless Chromium).
//   node scripts/run-vscode-server-tests.mjs          the extension from this folder (development path)
//   node scripts/run-vscode-server-tests.mjs --vsix F the packaged VSIX, installed as a user would
//   node scripts/run-vscode-server-tests.mjs --suite bench-index   another entry of out/test/vscode (the benchmark's)
//   ... --code-cache DIR   the engine's code cache kept in DIR from one launch to the next (as a user's
//                          global storage keeps it): the benchmark's starts after the first
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import {
  chromiumArgs,
  chromiumPath,
  ensureVsCodeServer,
  freePort,
  installVsix,
  repoRoot,
  requireChromium,
  startVsCodeServer,
} from "./vscode-server.mjs";

const SUITE_TIMEOUT_MS = 5 * 60_000;
const vsixIndex = process.argv.indexOf("--vsix");
const vsixPath = vsixIndex > 0 ? resolve(process.argv[vsixIndex + 1] ?? "") : undefined;
const suiteIndex = process.argv.indexOf("--suite");
const suite = suiteIndex > 0 ? process.argv[suiteIndex + 1] : vsixPath ? "vsix-index" : "index";
const codeCacheIndex = process.argv.indexOf("--code-cache");
const codeCacheDir = codeCacheIndex > 0 ? resolve(process.argv[codeCacheIndex + 1] ?? "") : undefined;
const isCodeCache = (name) => /^engine-.*\.cache$/.test(name);

/** Copies the engine's code cache files from one folder to another (created if need be). */
function copyCodeCache(from, to) {
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from).filter(isCodeCache)) copyFileSync(join(from, name), join(to, name));
}

/**
 * A user upgrading with records in both ledgers: the extension's earlier one (in its global storage)
 * and the shared one the CLI wrote (test/fixtures/ledgers). test/vscode/ledger.test.ts checks both.
 */
function seedLedgers(globalStorage, configHome) {
  const fixtures = join(repoRoot, "test", "fixtures", "ledgers");
  mkdirSync(globalStorage, { recursive: true });
  mkdirSync(join(configHome, "switchboard"), { recursive: true });
  copyFileSync(join(fixtures, "earlier-vscode.jsonl"), join(globalStorage, "ledger.jsonl"));
  copyFileSync(join(fixtures, "shared.jsonl"), join(configHome, "switchboard", "ledger.jsonl"));
}

async function main() {
  requireChromium();
  ensureVsCodeServer();
  const work = mkdtempSync(join(tmpdir(), "switchboard-vscode-"));
  const userDataDir = join(work, "user-data");
  const extensionsDir = join(work, "extensions");
  const workspace = join(work, "workspace");
  const reportFile = join(work, "report.jsonl");
  // The user's one ledger (~/.config/switchboard) lives here during the run, never in the real home.
  const configHome = join(work, "config");
  const globalStorage = join(userDataDir, "User", "globalStorage", "switchboard-dev.switchboard");
  seedLedgers(globalStorage, configHome);
  if (codeCacheDir) copyCodeCache(codeCacheDir, globalStorage);
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, "sample.ts"), "export function add(a: number, b: number) {\n  return a + b;\n}\n");
  writeFileSync(reportFile, "");

  if (vsixPath) {
    if (!existsSync(vsixPath)) throw new Error(`No VSIX at ${vsixPath}: run \`npm run package\` first.`);
    installVsix(vsixPath, extensionsDir, userDataDir);
  }
  const port = await freePort();
  const serverLog = [];
  const server = await startVsCodeServer({
    port,
    userDataDir,
    extensionsDir,
    onLog: (line) => serverLog.push(line),
    // The `payload` URL parameter (extension and tests to load) needs the smoke-test driver.
    testDriver: true,
    // Read by test/vscode/report.ts inside the extension host.
    env: { XDG_CONFIG_HOME: configHome, SWITCHBOARD_TEST_REPORT: reportFile, SWITCHBOARD_REPO: repoRoot, SWITCHBOARD_USER_DATA_DIR: userDataDir, ...(process.env.SWITCHBOARD_TEST_GREP ? { SWITCHBOARD_TEST_GREP: process.env.SWITCHBOARD_TEST_GREP } : {}) },
  });

  // With a VSIX, a tiny harness extension carries the tests, so Switchboard itself comes only from the VSIX.
  const developmentPath = vsixPath ? join(repoRoot, "test", "vscode", "harness") : repoRoot;
  const testsPath = join(repoRoot, "out", "test", "vscode", suite);
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [
    ["extensionDevelopmentPath", remote(developmentPath)],
    ["extensionTestsPath", remote(testsPath)],
  ];
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  let exitCode;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exited = new Promise((resolveExit) => {
      page.exposeFunction("codeAutomationExit", (code) => resolveExit(code));
    });
    await page.exposeFunction("codeAutomationLog", () => {});
    await page.goto(url);
    let timer;
    exitCode = await Promise.race([
      exited,
      new Promise((resolveTimeout) => {
        timer = setTimeout(() => resolveTimeout("timeout"), SUITE_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
  } finally {
    await browser.close();
    server.kill();
  }

  if (codeCacheDir) copyCodeCache(globalStorage, codeCacheDir);
  const report = readFileSync(reportFile, "utf8");
  const lines = report.split("\n").filter(Boolean).map((line) => JSON.parse(line).text);
  process.stdout.write(`${lines.join("\n")}\n`);
  const ok = exitCode === 0 && report.includes('"kind":"summary"');
  if (!ok) {
    console.error(
      exitCode === "timeout"
        ? `The VS Code suite never reported within ${SUITE_TIMEOUT_MS / 1000} s.`
        : `The VS Code suite failed (exit code ${exitCode}).`,
    );
    console.error(`Server log (last lines):\n${serverLog.slice(-30).join("\n")}`);
    console.error(`Logs kept in ${work}`);
    process.exit(1);
  }
  const leaks = findCanaries(work);
  if (leaks.length > 0) {
    console.error(`A test key (sk-canary-…) was written outside SecretStorage, in:\n  ${leaks.join("\n  ")}\nLogs kept in ${work}`);
    process.exit(1);
  }
  console.log(`canary scan: no test key in any file VS Code or Switchboard wrote (${work})`);
  rmSync(work, { recursive: true, force: true });
}

/** Every file under the run's folders (settings, state, logs, globalStorage, ledger, workspace) holding a canary key. */
function findCanaries(dir) {
  const hits = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hits.push(...findCanaries(path));
    else if (entry.isFile() && readFileSync(path).includes("sk-canary-")) hits.push(path);
  }
  return hits;
}

main().catch((error) => {
  console.error(`test:vscode: ${error.message}`);
  process.exit(1);
});
