// Entry point of the benchmark's run in the real VS Code (npm run bench): reads how long Switchboard's
// activation took, as its bundle measured it, and reports it to the runner. A first start also waits for
// the engine's code cache to be saved, so the runner can keep it for the next launch.
import * as assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { CODE_CACHE_FILE } from "../../src/extension/engine-loader";
import { activateSwitchboard, EXTENSION_ID, state } from "./helpers";
import { report, runMocha } from "./run-mocha";

export function run(): Promise<void> {
  return runMocha("activation benchmark", async () => {
    it("reports its activation time", async () => {
      await activateSwitchboard();
      const { activation } = await state();
      assert.ok(activation && activation.loadMs > 0, "the bundle recorded when its first line ran");
      report("bench", `bench activation ${JSON.stringify(activation)}`);
      const storage = join(process.env.SWITCHBOARD_USER_DATA_DIR ?? "", "User", "globalStorage", EXTENSION_ID);
      const saved = () => existsSync(storage) && readdirSync(storage).some((name) => CODE_CACHE_FILE.test(name));
      for (let waited = 0; !activation.codeCacheUsed && !saved() && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    });
  });
}
