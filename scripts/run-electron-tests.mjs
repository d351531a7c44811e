// The same VS Code suite under desktop VS Code via @vscode/test-electron, for machines that can download
// it (this project's CI cannot reach VS Code's download servers; it runs test:vscode instead).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTests } from "@vscode/test-electron";
import { repoRoot } from "./vscode-server.mjs";

try {
  await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, "out", "test", "vscode", "index"),
    launchArgs: ["--disable-extensions", "--disable-workspace-trust"],
    // The user's one ledger (~/.config/switchboard) lives in a temporary folder, never in the real home.
    extensionTestsEnv: { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), "switchboard-config-")) },
  });
} catch (error) {
  console.error(`test:electron: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
