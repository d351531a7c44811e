// Entry point of the benchmark's run in the real VS Code (npm run bench): reads how long Switchboard's
// activation took, as its bundle measured it, and reports it to the runner.
import * as assert from "node:assert/strict";
import { activateSwitchboard, state } from "./helpers";
import { report, runMocha } from "./run-mocha";

export function run(): Promise<void> {
  return runMocha("activation benchmark", async () => {
    it("reports its activation time", async () => {
      await activateSwitchboard();
      const { activation } = await state();
      assert.ok(activation && activation.loadMs > 0, "the bundle recorded when its first line ran");
      report("bench", `bench activation ${JSON.stringify(activation)}`);
    });
  });
}
