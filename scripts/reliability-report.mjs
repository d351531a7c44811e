// Turns the reliability suites' rows (test-results/reliability/*.json) into test-results/reliability/REPORT.md.
// `npm test` must leave the work tree clean, so the tracked test/reliability/REPORT.md is rewritten only
// when asked for: `node scripts/reliability-report.mjs --save` (npm run reliability:save-report).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./vscode-server.mjs";

const dir = join(repoRoot, "test-results", "reliability");
const TITLES = { "fault-matrix": "Fault matrix (4 wire formats × alone / with a healthy fallback × 19 faults; Responses, Anthropic and Gemini also as the same-wire relay)", load: "Load" };
const sections = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : [];
let held = 0;
let total = 0;
const body = sections.map((file) => {
  const name = file.replace(/\.json$/, "");
  const rows = JSON.parse(readFileSync(join(dir, file), "utf8"));
  total += rows.length;
  held += rows.filter((r) => r.held).length;
  const table = rows.map((r) => `| ${r.case} | ${r.expected} | ${r.observed} | ${r.held ? "held" : "**FAILED**"} |`).join("\n");
  return `## ${TITLES[name] ?? name}\n\n| case | expected | observed | result |\n| --- | --- | --- | --- |\n${table}\n`;
});
const target = process.argv.includes("--save") ? join(repoRoot, "test", "reliability", "REPORT.md") : join(dir, "REPORT.md");
writeFileSync(
  target,
  `# Reliability report\n\nWritten by \`npm run test:reliability\`: every case runs the real adapters, executor and ledger against loopback servers speaking the providers' wire formats.\n\n**${held} of ${total} cases held.**\n\nAlso part of the reliability work, run by \`npm test\`: crash safety (8 ledger writers, SIGKILL, \`test/unit/ledger.test.ts\`), the budget race (20 parallel requests, \`test/unit/budget.test.ts\`), fuzzing (webview messages, config and policy files, CLI command lines, SSE framing: \`test/unit/fuzz.test.ts\`, \`test/wire/cli-fuzz.test.ts\`, \`test/wire/framing-fuzz.test.ts\`) and the secret canary (every file a real VS Code run wrote, the CLI's output, the VSIX).\n\n${body.join("\n")}`,
);
console.log(`reliability report: ${held} of ${total} cases held (${target})`);
process.exit(held === total && total > 0 ? 0 : 1);
