// Builds the bundles: extension host (CommonJS), webview (browser), CLI (Node, with shebang) and library.
// Usage: node esbuild.mjs [--production] [--watch]
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as esbuild from "esbuild";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const quiet = process.argv.includes("--quiet");

/** Node of current VS Code (1.13x ships Node 22); the CLI supports the Node 20 we develop on. */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: quiet ? "warning" : "info",
  legalComments: "none",
  // cockatiel's CommonJS build cannot be tree-shaken: its ES build keeps only the policies Switchboard uses
  // (about 17 KB less in the engine).
  alias: { cockatiel: "./node_modules/cockatiel/dist/esm/index.js" },
  define: {
    "process.env.NODE_ENV": production ? '"production"' : '"development"',
    "process.env.SWITCHBOARD_VERSION": JSON.stringify(version),
  },
};

/**
 * The extension loads undici from its own file (dist/undici.js, built below) so the extension bundle
 * stays small; the CLI bundles it inline.
 */
const undiciBeside = {
  name: "undici-beside",
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: "./undici.js", external: true }));
  },
};

/** The CLI and the engine load OpenTelemetry from dist/telemetry.js, only when export is on. */
const telemetryBeside = {
  name: "telemetry-beside",
  setup(build) {
    build.onResolve({ filter: /^\.\/telemetry\.js$/ }, () => ({ path: "./telemetry.js", external: true }));
  },
};

/**
 * The engine reads the bundled model catalog from dist/bundled-models.json (copied there below) instead of
 * carrying its ~80 KB in the start-up bundle: JSON parses faster than the same data as code.
 */
const catalogBeside = {
  name: "catalog-beside",
  setup(build) {
    build.onResolve({ filter: /\/bundled-models\.json$/ }, () => ({ path: "./bundled-models.json", external: true }));
  },
};
/** Reading a long ledger on worker threads (src/core/spend/parallel-scan.ts) loads from dist/parallel-scan.js. */
const parallelScanBeside = {
  name: "parallel-scan-beside",
  setup(build) {
    build.onResolve({ filter: /^\.\/parallel-scan\.js$/ }, () => ({ path: "./parallel-scan.js", external: true }));
  },
};
mkdirSync("dist", { recursive: true });
copyFileSync("src/core/catalog/bundled-models.json", "dist/bundled-models.json");

const builds = [
  {
    ...common,
    entryPoints: ["src/extension/extension.ts"],
    outfile: "dist/extension.js",
    format: "cjs",
    platform: "node",
    target: "node22",
    external: ["vscode"],
    // The bundle's first and last statements time its evaluation (src/extension/activation-timing.ts).
    banner: { js: '"use strict";const __switchboardLoadStart = performance.now();' },
    footer: { js: "const __switchboardLoadEnd = performance.now();" },
  },
  {
    // The engine, and (bundled apart) prompt files' matrix with the eval machinery (YAML, JSON Schema)
    // and the local gateway's server, which the engine loads on first use.
    ...common,
    entryPoints: { engine: "src/extension/switchboard.ts", eval: "src/extension/prompt-file-entry.ts", gateway: "src/extension/gateway-entry.ts", "catalog-refresh": "src/extension/catalog-refresh-entry.ts", "ledger-merge": "src/extension/ledger-merge-entry.ts", "team-gateway": "src/extension/team-gateway-entry.ts", exports: "src/extension/exports-entry.ts" },
    outdir: "dist",
    format: "cjs",
    platform: "node",
    target: "node22",
    external: ["vscode"],
    plugins: [undiciBeside, telemetryBeside, catalogBeside, parallelScanBeside],
  },
  {
    ...common,
    sourcemap: false,
    entryPoints: { undici: "node_modules/undici/index.js" },
    outdir: "dist",
    format: "cjs",
    platform: "node",
    target: "node22",
  },
  {
    // OpenTelemetry SDK and OTLP exporters (src/telemetry/), for the extension and the CLI alike.
    ...common,
    sourcemap: false,
    entryPoints: { telemetry: "src/telemetry/otel-export.ts" },
    outdir: "dist",
    format: "cjs",
    platform: "node",
    target: "node20",
  },
  {
    // A long ledger read on worker threads (src/core/spend/parallel-scan.ts) and the workers' code, for
    // the extension, the CLI and the library alike.
    ...common,
    sourcemap: false,
    entryPoints: { "parallel-scan": "src/core/spend/parallel-scan.ts", "spend-scan-worker": "src/core/spend/spend-scan-worker.ts" },
    outdir: "dist",
    format: "cjs",
    platform: "node",
    target: "node20",
    plugins: [parallelScanBeside],
  },
  {
    // The OpenAI tokenizer's 2 MB of ranks, loaded by the extension when first needed.
    ...common,
    sourcemap: false,
    entryPoints: ["src/extension/tokenizer-entry.ts"],
    outfile: "dist/tokenizer.js",
    format: "cjs",
    platform: "node",
    target: "node22",
  },
  {
    ...common,
    entryPoints: { webview: "webview/main.tsx" },
    outdir: "dist",
    format: "iife",
    platform: "browser",
    target: ["chrome120"],
    loader: { ".css": "css" },
  },
  {
    // The spend report as one HTML file (switchboard spend --format html inlines this script and its CSS).
    ...common,
    sourcemap: false,
    minify: true,
    define: { ...common.define, "process.env.NODE_ENV": '"production"' },
    entryPoints: { "spend-report": "webview/spend-report-main.tsx" },
    outdir: "dist",
    format: "iife",
    platform: "browser",
    target: ["chrome120"],
    loader: { ".css": "css" },
  },
  {
    ...common,
    entryPoints: ["src/cli.ts"],
    outfile: "dist/cli.js",
    format: "cjs",
    platform: "node",
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
    plugins: [telemetryBeside, parallelScanBeside],
    // PGlite (the embedded team database) loads its WASM and data files from its own package folder;
    // pg's optional native binding is not used.
    external: ["@electric-sql/pglite", "pg-native"],
  },
  {
    // The library (`import { createRouter } from "switchboard"`), CommonJS; dist/library.mjs (written
    // below) re-exports it for ESM, so both share one module instance and one ledger writer per file.
    ...common,
    entryPoints: { library: "src/library/index.ts" },
    outfile: undefined,
    outdir: "dist",
    outExtension: { ".js": ".cjs" },
    // Error classes keep their names when minified: users catch and log them by name.
    keepNames: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    plugins: [telemetryBeside, parallelScanBeside],
  },
  {
    // Mocha suites that run inside the real VS Code extension host (not shipped).
    ...common,
    minify: false,
    entryPoints: ["test/vscode/index.ts", "test/vscode/vsix-index.ts", "test/vscode/bench-index.ts"],
    outdir: "out/test/vscode",
    format: "cjs",
    platform: "node",
    target: "node22",
    external: ["vscode", "mocha"],
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log("[esbuild] watching for changes…");
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  await writeLibraryEsm();
}

/** dist/library.mjs: the CommonJS library's exports, named one by one (esbuild annotates them for Node). */
async function writeLibraryEsm() {
  const { createRequire } = await import("node:module");
  const names = Object.keys(createRequire(import.meta.url)("./dist/library.cjs")).filter((name) => name !== "default" && name !== "__esModule");
  const source = `// ESM entry of the Switchboard library: the CommonJS build's exports (one module instance for both).\nexport { ${names.join(", ")} } from "./library.cjs";\n`;
  writeFileSync(new URL("./dist/library.mjs", import.meta.url), source);
}
