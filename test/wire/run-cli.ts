// Runs the built CLI as a child process, asynchronously, so loopback servers in the test keep serving.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cli = join(__dirname, "..", "..", "dist", "cli.js");
/** Keeps the default ledger (~/.config/switchboard) out of the developer's home. */
const configHome = mkdtempSync(join(tmpdir(), "switchboard-config-"));

/** Runs the CLI asynchronously (the fixture server lives in this process and must keep serving). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: configHome, env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: configHome, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (data) => (stdout += data));
    child.stderr.on("data", (data) => (stderr += data));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

