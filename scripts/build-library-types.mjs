// The library's .d.ts: tsc declares the whole program (core included) into .cache/library-types; only the
// public files are shipped, in dist/library-types/, and they must not reach anything else (a consumer's
// type check sees only these, with none of our dependencies installed).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const PUBLIC = ["index", "router", "errors", "types"];
const root = new URL("..", import.meta.url).pathname;
const emitted = join(root, ".cache", "library-types");
const shipped = join(root, "dist", "library-types");

rmSync(emitted, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.library.json")], { stdio: "inherit" });
rmSync(shipped, { recursive: true, force: true });
mkdirSync(shipped, { recursive: true });
for (const name of PUBLIC) {
  const file = join(emitted, "library", `${name}.d.ts`);
  const text = readFileSync(file, "utf8");
  for (const [, target] of text.matchAll(/from\s+["']([^"']+)["']/g)) {
    if (!PUBLIC.some((allowed) => target === `./${allowed}`)) throw new Error(`dist/library-types/${name}.d.ts imports ${target}: the public types must stand alone`);
  }
  cpSync(file, join(shipped, `${name}.d.ts`));
}
console.log(`library types: ${PUBLIC.map((name) => `${name}.d.ts`).join(", ")} in dist/library-types`);
