// Checks the packaged VSIX itself: what a user downloads must hold the bundles and nothing private.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import yauzl from "yauzl";

const root = join(__dirname, "..", "..");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const vsixPath = join(root, `switchboard-${version}.vsix`);

function listEntries(): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    yauzl.open(vsixPath, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error(`cannot open ${vsixPath}`));
      const entries = new Map<string, number>();
      zip.on("entry", (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry.uncompressedSize);
        zip.readEntry();
      });
      zip.on("end", () => resolve(entries));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

describe(`switchboard-${version}.vsix`, () => {
  it("ships the bundles, the icon and the docs", async () => {
    const entries = await listEntries();
    for (const file of ["dist/extension.js", "dist/engine.js", "dist/undici.js", "dist/tokenizer.js", "dist/webview.js", "dist/webview.css", "dist/telemetry.js", "dist/eval.js", "dist/gateway.js", "dist/catalog-refresh.js", "dist/ledger-merge.js", "dist/team-gateway.js", "dist/exports.js", "dist/parallel-scan.js", "dist/spend-scan-worker.js", "dist/spend-report.js", "dist/spend-report.css", "media/icon.png", "media/policy.schema.json", "package.json", "readme.md", "changelog.md"]) {
      assert.ok(entries.has(`extension/${file}`), `${file} is in the VSIX`);
    }
  });

  it("ships no sources, source maps, tests, CLI or node_modules", async () => {
    const unwanted = [...(await listEntries()).keys()].filter((name) =>
      /\.(ts|tsx|map)$|(^|\/)(src|test|out|node_modules|\.cache)\/|dist\/cli\.js$/.test(name),
    );
    assert.deepEqual(unwanted, []);
  });

  it("holds no test key anywhere in its files", async () => {
    const leaks = await new Promise<string[]>((resolve, reject) => {
      yauzl.open(vsixPath, { lazyEntries: true }, (error, zip) => {
        if (error || !zip) return reject(error);
        const found: string[] = [];
        zip.on("entry", (entry: yauzl.Entry) => {
          zip.openReadStream(entry, (streamError, stream) => {
            if (streamError || !stream) return reject(streamError);
            const chunks: Buffer[] = [];
            stream.on("data", (chunk: Buffer) => chunks.push(chunk));
            stream.on("end", () => {
              if (Buffer.concat(chunks).includes("sk-canary")) found.push(entry.fileName);
              zip.readEntry();
            });
          });
        });
        zip.on("end", () => resolve(found));
        zip.readEntry();
      });
    });
    assert.deepEqual(leaks, []);
  });

  it("keeps the extension's code (the entry and the engine it loads) at or under 250 KB", async () => {
    const entries = await listEntries();
    const size = (entries.get("extension/dist/extension.js") ?? Number.POSITIVE_INFINITY) + (entries.get("extension/dist/engine.js") ?? Number.POSITIVE_INFINITY);
    assert.ok(size <= 250 * 1024, `dist/extension.js + dist/engine.js are ${(size / 1024).toFixed(1)} KB`);
  });
});
