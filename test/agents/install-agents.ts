// Installs the pinned coding agents (package.json and package-lock.json beside this file) into
// .cache/agents, once per lock file. They are not devDependencies: Claude Code's native binary alone is
// ~370 MB and Codex's ~390 MB, and `npm ci` stays fast for everyone who never runs these tests. Claude
// Code's postinstall copies its platform package's binary into place; Codex's launcher finds its binary in
// the platform package npm picked (nothing is downloaded beyond the npm registry).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const target = join(root, ".cache", "agents");

export interface AgentBinaries {
  claude: string;
  gemini: string;
  codex: string;
}

export function installAgents(): AgentBinaries {
  const lock = readFileSync(join(__dirname, "package-lock.json"));
  const stamp = join(target, "node_modules", ".switchboard-lock");
  const hash = createHash("sha256").update(lock).digest("hex");
  const binaries = { claude: join(target, "node_modules", ".bin", "claude"), gemini: join(target, "node_modules", ".bin", "gemini"), codex: join(target, "node_modules", ".bin", "codex") };
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return binaries;
  mkdirSync(target, { recursive: true });
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(__dirname, file), join(target, file));
  console.log(`[agents] first run: installing Claude Code, Gemini CLI and Codex CLI (pinned) into ${target} (~850 MB)…`);
  // Run as a top-level npm would: an outer npm's npm_config_* variables would change this install.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: target, stdio: "inherit", env });
  writeFileSync(stamp, hash);
  return binaries;
}
