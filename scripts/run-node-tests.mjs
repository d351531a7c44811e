// Runs every *.test.ts below the given folders with node's test runner (TypeScript through tsx).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

// Folders are searched for *.test.ts; a file named directly runs as it is.
const dirs = process.argv.slice(2);
const files = dirs.flatMap((path) => (path.endsWith(".test.ts") ? [path] : findTests(path))).sort();
if (files.length === 0) {
  console.error(`No *.test.ts files under ${dirs.join(", ")}.`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", "--test", "--test-reporter=spec", ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
