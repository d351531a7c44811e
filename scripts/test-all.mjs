// `npm test`: every check and suite in order, each one's output shown live, then one closing total.
// Steps: type-check, lint, unit, webview (Chromium), vscode (real VS Code), vsix (packaged, installed),
// e2e (a user's clicks through the real workbench and playground).
import { spawn } from "node:child_process";

const steps = [
  { name: "typecheck", command: "npm run -s typecheck" },
  { name: "lint", command: "npm run -s lint" },
  { name: "unit", command: "npm run -s test:unit" },
  { name: "webview", command: "npm run -s test:webview" },
  { name: "vscode", command: "npm run -s test:vscode" },
  { name: "vsix", command: "npm run -s test:vsix" },
  { name: "e2e", command: "npm run -s test:e2e" },
];

/** Test counts from node's test runner ("ℹ pass 3") or our VS Code runner ("suite: 3 passed, 0 failed"). */
function countTests(output) {
  const node = { pass: /^ℹ pass (\d+)$/m.exec(output), fail: /^ℹ fail (\d+)$/m.exec(output) };
  if (node.pass) return { passed: Number(node.pass[1]), failed: Number(node.fail?.[1] ?? 0) };
  const mocha = /: (\d+) passed, (\d+) failed$/m.exec(output);
  if (mocha) return { passed: Number(mocha[1]), failed: Number(mocha[2]) };
  return null;
}

function runStep(step) {
  return new Promise((resolve) => {
    console.log(`\n━━ ${step.name}: ${step.command}`);
    const child = spawn(step.command, { shell: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (data) => {
      output += data;
      process.stdout.write(data);
    });
    child.stderr.on("data", (data) => process.stderr.write(data));
    child.on("close", (code) => resolve({ ok: code === 0, counts: countTests(output) }));
  });
}

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const failedSteps = [];
for (const step of steps.filter((s) => only.length === 0 || only.includes(s.name))) {
  const result = await runStep(step);
  passed += result.counts?.passed ?? 0;
  failed += result.counts?.failed ?? 0;
  if (!result.ok) {
    failedSteps.push(step.name);
    if (!result.counts?.failed) failed += 1; // a step that broke without a count still counts as a failure
  }
}
console.log(failedSteps.length === 0 ? "\nAll steps passed." : `\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failedSteps.length === 0 ? 0 : 1);
