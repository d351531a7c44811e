// `npm test`: every check and suite in order, each one's output shown live, then one closing total.
// Steps: type-check, lint, unit, wire (recorded provider streams over loopback), agents (the real Claude
// Code and Gemini CLI through the gateway), reliability (fault matrix), webview (Chromium), vscode (real VS Code), vsix (packaged, installed),
// e2e (a user's clicks through the real workbench and playground).
import { execSync, spawn } from "node:child_process";

const steps = [
  { name: "typecheck", command: "npm run -s typecheck" },
  { name: "lint", command: "npm run -s lint" },
  { name: "unit", command: "npm run -s test:unit" },
  { name: "wire", command: "npm run -s test:wire" },
  { name: "agents", command: "npm run -s test:agents" },
  { name: "reliability", command: "npm run -s test:reliability" },
  { name: "webview", command: "npm run -s test:webview" },
  { name: "vscode", command: "npm run -s test:vscode" },
  { name: "vsix", command: "npm run -s test:vsix" },
  { name: "e2e", command: "npm run -s test:e2e" },
];

/** Test counts, summed over every runner in a step: node's ("ℹ pass 3" / "ℹ fail 0") and ours ("suite: 3 passed, 0 failed"). */
function countTests(output) {
  let passed = 0;
  let failed = 0;
  let found = false;
  for (const [, count] of output.matchAll(/^ℹ pass (\d+)$/gm)) {
    passed += Number(count);
    found = true;
  }
  for (const [, count] of output.matchAll(/^ℹ fail (\d+)$/gm)) failed += Number(count);
  for (const [, ok, bad] of output.matchAll(/: (\d+) passed, (\d+) failed$/gm)) {
    passed += Number(ok);
    failed += Number(bad);
    found = true;
  }
  return found ? { passed, failed } : null;
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

/** `git status --porcelain`, or null outside a git checkout. */
function workTreeStatus() {
  try {
    return execSync("git status --porcelain", { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
}

const only = process.argv.slice(2);
const statusBefore = workTreeStatus();
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
// Tests write only below ignored folders (test-results/, out/, dist/, .cache/): the work tree stays as it was.
const statusAfter = workTreeStatus();
if (statusBefore !== null && statusAfter !== statusBefore) {
  console.log(`\n━━ work tree: the test run changed tracked or unignored files:\n${statusAfter}`);
  failedSteps.push("clean work tree");
  failed += 1;
}
console.log(failedSteps.length === 0 ? "\nAll steps passed." : `\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failedSteps.length === 0 ? 0 : 1);
