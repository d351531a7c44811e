// Loads dist/engine.js with V8's code cache. Compiling the 250 KB engine was about half of loading it in
// the extension host; with the cache V8 skips that on every start after the first. The cache is kept in the
// extension's global storage, named by a hash of the bundle and V8's version: V8 checks only the source's
// length, and bytecode of another build of the same length would run stale. Written once, after the start.
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire, wrap } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** The name of a code cache file, this build's or an earlier one's. */
export const CODE_CACHE_FILE = /^engine-.*\.cache$/;

export interface LoadedEngine {
  exports: unknown;
  /** V8 took the saved code cache (else the engine was compiled from source). */
  codeCacheUsed: boolean;
  /** Writes the code cache when there was none to use (a first start, an update): call once started. */
  saveCodeCache(): Promise<void>;
}

export function loadEngine(file: string, cacheDir: string): LoadedEngine {
  const source = readFileSync(file, "utf8");
  const build = createHash("sha256").update(source).digest("hex").slice(0, 16);
  const cacheFile = join(cacheDir, `engine-${build}-v8-${process.versions.v8}-${process.arch}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // none yet: compiled from source, and the cache is written after the start
  }
  const script = new Script(wrap(source), { filename: file, cachedData });
  // The same arguments as Node gives a module; require resolves from the engine's own path (VS Code's
  // `vscode` module included: it finds the extension by the requiring file).
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  // false only when cached data was given and V8 took it.
  const usable = script.cachedDataRejected === false;
  return {
    exports: module.exports,
    codeCacheUsed: usable,
    saveCodeCache: async () => {
      if (usable) return;
      // After the start, the cache holds the functions it compiled too.
      const data = script.createCachedData();
      await mkdir(cacheDir, { recursive: true });
      // Two windows may start at once: each writes its own file and renames it into place.
      const written = `${cacheFile}.${process.pid}.tmp`;
      await writeFile(written, data);
      await rename(written, cacheFile);
      // Caches of earlier builds are of no further use.
      for (const name of await readdir(cacheDir)) {
        if (CODE_CACHE_FILE.test(name) && join(cacheDir, name) !== cacheFile) await rm(join(cacheDir, name), { force: true });
      }
    },
  };
}
