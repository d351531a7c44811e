// Installs a benchmark peer from its pinned package.json and lock file (bench/peers/NAME) into
// .cache/bench-peers/NAME, once per lock file. Peers are not devDependencies: `npm ci` stays fast and
// safe for everyone who never benchmarks, and a peer's install scripts never run (--ignore-scripts).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");

/** The peer's install directory, installed or refreshed when its lock file changed. */
export function installPeer(name: string): string {
  const source = join(__dirname, "peers", name);
  const target = join(root, ".cache", "bench-peers", name);
  const lock = readFileSync(join(source, "package-lock.json"));
  const stamp = join(target, "node_modules", ".switchboard-lock");
  const hash = createHash("sha256").update(lock).digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return target;
  mkdirSync(target, { recursive: true });
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(source, file), join(target, file));
  console.log(`[bench] installing the ${name} peer into ${target}…`);
  execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: target, stdio: "inherit" });
  writeFileSync(stamp, hash);
  return target;
}
