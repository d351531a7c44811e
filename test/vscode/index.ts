// Entry point of the suite run against the extension's development folder.
import { runMocha } from "./run-mocha";

export function run(): Promise<void> {
  return runMocha("vscode suite", async () => {
    await import("./activation.test");
    await import("./ledger.test");
    await import("./secrets.test");
    await import("./playground.test");
    await import("./routing.test");
    await import("./code-actions.test");
    await import("./settings-file.test");
    await import("./gateway.test");
    await import("./agents.test");
    await import("./chat-provider.test");
    await import("./telemetry.test");
    await import("./prompt-file.test");
    await import("./team-gateway.test");
  });
}
