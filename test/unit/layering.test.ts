// The rooms' one-way rules: the core runs without VS Code, and the webview sees only the shared protocol
// and pure helpers (src/protocol.ts, src/zod.ts, src/common/), never the core or the extension host.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";

const root = join(__dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"([^"]+)"/gms)].map((match) => match[1]!);
}

describe("layering", () => {
  it("src/core never imports vscode or the extension", () => {
    const offenders = sources(join(root, "src", "core")).flatMap((file) =>
      imports(file)
        .filter((spec) => spec === "vscode" || resolve(dirname(file), spec).includes(`${join(root, "src", "extension")}`))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    assert.deepEqual(offenders, []);
  });

  it("OpenTelemetry is imported only by src/telemetry/, its own bundle loaded when export is on", () => {
    const offenders = [...sources(join(root, "src")), ...sources(join(root, "webview"))]
      .filter((file) => !file.startsWith(join(root, "src", "telemetry")))
      .flatMap((file) => imports(file).filter((spec) => spec.startsWith("@opentelemetry/")).map((spec) => `${relative(root, file)} imports ${spec}`));
    assert.deepEqual(offenders, []);
  });

  it("the webview imports only the protocol and shared pure helpers from src/", () => {
    const allowed = [join(root, "src", "protocol"), join(root, "src", "zod"), join(root, "src", "common")];
    const offenders = sources(join(root, "webview")).flatMap((file) =>
      imports(file)
        .filter((spec) => spec.startsWith("."))
        .map((spec) => resolve(dirname(file), spec))
        .filter((target) => target.startsWith(join(root, "src")) && !allowed.some((prefix) => target.startsWith(prefix)))
        .map((target) => `${relative(root, file)} imports ${relative(root, target)}`),
    );
    assert.deepEqual(offenders, []);
  });

  it("nothing of VS Code is reachable from the library (src/library/index.ts and everything it imports)", () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of imports(file)) {
        if (spec === "vscode") offenders.push(`${relative(root, file)} imports vscode`);
        if (!spec.startsWith(".")) continue;
        const target = resolve(dirname(file), spec);
        if (target.startsWith(join(root, "src", "extension"))) offenders.push(`${relative(root, file)} imports ${relative(root, target)}`);
        const candidates = [`${target}.ts`, `${target}.tsx`, join(target, "index.ts")];
        const found = candidates.find((candidate) => existsSync(candidate));
        if (found) visit(found);
      }
    };
    visit(join(root, "src", "library", "index.ts"));
    assert.ok(seen.size > 20, `the walk reached the core (${seen.size} files)`);
    assert.deepEqual(offenders, []);
  });
});
