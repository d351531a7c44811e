// The engine bundle loaded through V8's code cache (src/extension/engine-loader.ts): a first start compiles
// it and saves the cache, later starts take it, and a cache that no longer fits is replaced.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

/** A bundle like dist/engine.js: CommonJS, requiring a file beside it and a built-in module. */
function writeBundle(dir: string, answer: number): string {
  writeFileSync(join(dir, "beside.js"), "exports.base = 40;\n");
  const file = join(dir, "engine.js");
  writeFileSync(file, `"use strict";\nconst { base } = require("./beside.js");\nconst { basename } = require("node:path");\nexports.start = () => ({ answer: base + ${answer - 40}, file: basename(__filename), dir: __dirname, self: module.exports === exports });\n`);
  return file;
}

interface Start {
  codeCacheUsed: boolean;
  result: { answer: number; file: string; dir: string; self: boolean };
}

/**
 * One start of the extension host: a process of its own. Within one process V8 keeps compiled scripts in
 * memory and would never read the cache for a source it has seen.
 */
function startOnce(file: string, cacheDir: string): Start {
  const loader = join(__dirname, "..", "..", "src", "extension", "engine-loader.ts");
  const script = `const { loadEngine } = require(${JSON.stringify(loader)});
    const loaded = loadEngine(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
    const result = loaded.exports.start();
    loaded.saveCodeCache().then(() => console.log(JSON.stringify({ codeCacheUsed: loaded.codeCacheUsed, result })));`;
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" })) as Start;
}

describe("engine loader", () => {
  it("runs the bundle as Node would, saves the code cache after the first start, and takes it on the next", () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-engine-"));
    const cacheDir = join(dir, "global-storage");
    const file = writeBundle(dir, 42);
    const first = startOnce(file, cacheDir);
    assert.deepEqual(first, { codeCacheUsed: false, result: { answer: 42, file: "engine.js", dir, self: true } });
    const [cache] = readdirSync(cacheDir);
    assert.match(cache ?? "", /^engine-[0-9a-f]{16}-v8-.+\.cache$/);
    const written = statSync(join(cacheDir, cache!));
    assert.ok(written.size > 0);

    const second = startOnce(file, cacheDir);
    assert.deepEqual(second, { ...first, codeCacheUsed: true }, "the next start takes the cache");
    assert.equal(statSync(join(cacheDir, cache!)).mtimeMs, written.mtimeMs, "a cache in use is not written again");
  });

  it("takes a new build's own cache, never an earlier build's (V8 would take one of the same length), and drops the earlier one", () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-engine-"));
    const cacheDir = join(dir, "global-storage");
    mkdirSync(cacheDir);
    writeFileSync(join(cacheDir, "engine-0123456789abcdef-v8-old-x64.cache"), "an earlier version's cache");
    writeFileSync(join(cacheDir, "unrelated.json"), "{}");
    const file = writeBundle(dir, 42);
    startOnce(file, cacheDir);
    // Another build of the same length (42 becomes 43): V8 alone would run the old bytecode.
    writeBundle(dir, 43);
    const changed = startOnce(file, cacheDir);
    assert.equal(changed.codeCacheUsed, false);
    assert.equal(changed.result.answer, 43, "compiled from the new source");
    assert.deepEqual(startOnce(file, cacheDir), { codeCacheUsed: true, result: changed.result }, "the new build's cache is taken");
    const left = readdirSync(cacheDir).sort();
    assert.equal(left.length, 2, `one cache and the unrelated file are left: ${left.join(", ")}`);
    assert.ok(left.includes("unrelated.json"));
  });

  it("a damaged cache is no cache: the bundle loads from source and the cache is written again", () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-engine-"));
    const cacheDir = join(dir, "global-storage");
    const file = writeBundle(dir, 42);
    startOnce(file, cacheDir);
    const [cache] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, cache!), "not a code cache");
    const damaged = startOnce(file, cacheDir);
    assert.deepEqual(damaged, { codeCacheUsed: false, result: { answer: 42, file: "engine.js", dir, self: true } });
    assert.equal(startOnce(file, cacheDir).codeCacheUsed, true, "rewritten, and taken by the next start");
  });
});
