// `npm start`: builds and packages Switchboard, installs the VSIX into a real VS Code (the VS Code server)
// and serves it on http://127.0.0.1:PORT with a demo workspace. Ctrl+C stops it.
//   --open   also open it in Chromium (default when a display is available)
//   --smoke  headless check of the whole path a user takes (palette -> playground -> answers), then exit
import { execSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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

const smoke = process.argv.includes("--smoke");
const open = process.argv.includes("--open") || (!smoke && Boolean(process.env.DISPLAY));
const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));

function preparedDirs() {
  const base = join(repoRoot, ".cache", smoke ? "smoke" : "demo");
  // The smoke check is a first-time user every time; the demo keeps the user's state between starts.
  if (smoke) rmSync(base, { recursive: true, force: true });
  // configHome stands for ~/.config: the demo's ledger stays in the demo, apart from the user's own.
  const dirs = { userDataDir: join(base, "user-data"), extensionsDir: join(base, "extensions"), workspace: join(base, "workspace"), configHome: join(base, "config") };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  cpSync(join(repoRoot, "scripts", "demo-workspace"), dirs.workspace, { recursive: true });
  const settings = join(dirs.userDataDir, "User", "settings.json");
  if (!existsSync(settings)) {
    mkdirSync(join(dirs.userDataDir, "User"), { recursive: true });
    // Offline: do not nag about the gallery, updates or the welcome page.
    writeFileSync(
      settings,
      JSON.stringify({ "workbench.startupEditor": "readme", "extensions.autoCheckUpdates": false, "update.mode": "none" }, null, 2),
    );
  }
  return dirs;
}

async function smokeCheck(url) {
  requireChromium();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    try {
      await userPath(page, url);
    } catch (error) {
      mkdirSync(join(repoRoot, "test-results"), { recursive: true });
      await page.screenshot({ path: join(repoRoot, "test-results", "smoke-failure.png") }).catch(() => {});
      throw error;
    }
  } finally {
    await browser.close();
  }
}

async function userPath(page, url) {
  await page.goto(url);
  await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
  await page.locator("#status\\.extensionMessage, [id='switchboard-dev.switchboard.switchboard.spend']").first().waitFor({ timeout: 60_000 });
  await runFromCommandPalette(page, "Switchboard: Open Playground");
  const frame = await findFrame(page, "vscode-text-area");
  const question = "How do I read a file line by line in Node?";
  await frame.getByTestId("prompt").click();
  // Replace a draft as a user does (Ctrl+A, then type): the workbench's own select-all must not arrive late.
  await page.keyboard.type("an old draft");
  await page.keyboard.press("Control+A");
  await page.keyboard.type(question, { delay: 20 });
  await page.waitForTimeout(200);
  const typed = await frame.getByTestId("prompt").evaluate((element) => element.value);
  if (typed !== question) throw new Error(`Typing after Ctrl+A lost characters: "${typed}"`);
  await frame.getByTestId("send").click();
  await frame.locator("[data-testid=column-c2] [data-testid=status]", { hasText: "Done" }).waitFor({ timeout: 60_000 });
  await frame.locator("[data-testid=column-c1] [data-testid=status]", { hasText: "Done" }).waitFor({ timeout: 60_000 });
  const answer = await frame.locator("[data-testid=column-c1] [data-testid=answer]").innerText();
  const cost = await frame.locator("[data-testid=column-c2] [data-testid=cost]").innerText();
  const spend = await page.locator("[id='switchboard-dev.switchboard.switchboard.spend']").innerText();
  mkdirSync(join(repoRoot, "test-results"), { recursive: true });
  await page.screenshot({ path: join(repoRoot, "test-results", "playground.png") });
  if (!/How do I read a file line by line/.test(answer)) throw new Error(`Unexpected answer: ${answer}`);
  if (!/exact$/.test(cost)) throw new Error(`Cost is not exact after the answer: ${cost}`);
  if (!/\$0\.0\d*[1-9]/.test(spend)) throw new Error(`The status bar shows no spend: ${spend}`);
  console.log(`smoke: the playground answered in VS Code (${answer.length} chars); cost ${cost}; status bar "${spend.trim()}"`);
  await compareOnSelection(page, spend);
  await notificationShows(page);
  console.log("smoke: 1 passed, 0 failed");
}

/** Opens stats.ts, selects it, runs Compare Models on Selection with the "Find Bugs" template. */
async function compareOnSelection(page, spendBefore) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+P");
  await page.locator(".quick-input-widget input").fill("stats.ts");
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "stats.ts" }).first().click();
  const editor = page.locator(".monaco-editor .view-lines", { hasText: "median" }).first();
  await editor.click();
  await page.keyboard.press("Control+A");
  await runFromCommandPalette(page, "Switchboard: Compare Models on Selection");
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "Find Bugs" }).first().click();
  const frame = await findFrame(page, "[data-testid=attachment]");
  await frame.locator("[data-testid=attachment]", { hasText: "stats.ts" }).waitFor();
  for (const id of ["c1", "c2"]) {
    await frame.locator(`[data-testid=column-${id}] [data-testid=status]`, { hasText: "Done" }).waitFor({ timeout: 60_000 });
  }
  const review = await frame.locator("[data-testid=column-c2] [data-testid=answer]").innerText();
  if (!/simulated review of median, mean/.test(review)) throw new Error(`Unexpected review: ${review}`);
  const spend = await page.locator("[id='switchboard-dev.switchboard.switchboard.spend']").innerText();
  if (spend.trim() === spendBefore.trim()) throw new Error(`The status bar did not move: ${spend}`);
  await page.screenshot({ path: join(repoRoot, "test-results", "compare-selection.png") });
  console.log(`smoke: Compare Models on Selection reviewed stats.ts in two columns; status bar "${spend.trim()}"`);
}

/** A command's result reaches the user as a notification toast (regression: the test driver hid them). */
async function notificationShows(page) {
  await runFromCommandPalette(page, "Switchboard: Verify Ledger");
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "the ledger is intact" });
  await toast.waitFor({ timeout: 15_000 });
  console.log(`smoke: Verify Ledger's result shows as a notification: "${(await toast.innerText()).split("\n")[0]}"`);
}

/**
 * Opens the command palette and runs a command as a user would. The workbench may still be restoring
 * editors (the README preview opens at startup and takes focus, closing the palette), so retry.
 */
async function runFromCommandPalette(page, title) {
  const succeeded = (promise) => promise.then(() => true, () => false);
  // Let the startup editor (the demo README) open first when it is going to.
  await succeeded(page.locator(".tabs-container .tab").first().waitFor({ timeout: 15_000 }));
  for (let attempt = 1; attempt <= 6; attempt++) {
    await page.keyboard.press("Escape");
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    if (!(await succeeded(input.fill(`>${title}`, { timeout: 5_000 })))) continue;
    const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
    if (await succeeded(row.click({ timeout: 5_000 }))) return;
  }
  throw new Error(`Could not run "${title}" from the command palette`);
}

/** The playground webview is an iframe inside an iframe of the workbench; find the one with our UI. */
async function findFrame(page, selector) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`No frame shows ${selector}`);
}

async function main() {
  ensureVsCodeServer();
  console.log("Building and packaging Switchboard…");
  execSync("npm run -s package", { cwd: repoRoot, stdio: smoke ? "ignore" : "inherit" });
  const vsix = join(repoRoot, `switchboard-${version}.vsix`);
  const dirs = preparedDirs();
  installVsix(vsix, dirs.extensionsDir, dirs.userDataDir);
  const port = smoke ? await freePort() : Number(process.env.PORT ?? 8080);
  const server = await startVsCodeServer({ port, userDataDir: dirs.userDataDir, extensionsDir: dirs.extensionsDir, env: { XDG_CONFIG_HOME: dirs.configHome } });
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`;
  if (smoke) {
    try {
      await smokeCheck(url);
    } finally {
      server.kill();
    }
    return;
  }
  console.log(`\nSwitchboard ${version} is running in VS Code: ${url}\nOpen it in Chromium or Chrome. Ctrl+C stops the server.\n`);
  if (open && existsSync(chromiumPath)) spawn(chromiumPath, [`--app=${url}`], { stdio: "ignore", detached: true }).unref();
  const stop = () => {
    server.kill();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error) => {
  console.error(`start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
