// Entry point of the suite run against the packaged VSIX installed into the VS Code server.
import { runMocha } from "./run-mocha";

export function run(): Promise<void> {
  return runMocha("vsix suite", async () => {
    await import("./vsix.test");
  });
}
