// `npm run catalog:update -- --from PATH`: rebuilds the bundled catalog (src/core/catalog/bundled-models.json)
// from a models.dev snapshot: a checkout of github.com/anomalyco/models.dev (its TOML files) or its published
// api.json / catalog.json. Models of the previous bundled catalog that the snapshot no longer lists stay,
// marked deprecated, so old ledger records and settings keep their prices. Running it twice on the same
// snapshot changes nothing.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseToml } from "smol-toml";
import { convertModelsDev } from "../src/core/catalog/models-dev";
import { type ModelInfo, modelSchemas } from "../src/core/catalog/model-info";

const ROOT = new URL("..", import.meta.url).pathname;

const { values } = parseArgs({
  options: {
    from: { type: "string" },
    commit: { type: "string" },
    date: { type: "string" },
    check: { type: "boolean", default: false },
    // Where to write (tests write elsewhere); the previous catalog is read from there too.
    out: { type: "string", default: join(ROOT, "src/core/catalog/bundled-models.json") },
    notice: { type: "string", default: join(ROOT, "NOTICE.md") },
  },
  strict: true,
});

interface Snapshot {
  data: unknown;
  date: string;
  commit?: string;
}

function readSnapshot(from: string): Snapshot {
  const stat = statSync(from);
  if (stat.isFile()) {
    if (!values.date) throw new Error("--date YYYY-MM-DD is needed with a JSON file: the date the snapshot was published");
    return { data: JSON.parse(readFileSync(from, "utf8")), date: values.date, commit: values.commit };
  }
  const git = existsSync(join(from, ".git")) ? (args: string[]) => execFileSync("git", ["-C", from, ...args], { encoding: "utf8" }).trim() : undefined;
  const commit = values.commit ?? git?.(["rev-parse", "HEAD"]);
  const date = values.date ?? git?.(["log", "-1", "--format=%cs"]);
  if (!commit || !date) throw new Error(`${from} is not a git checkout: give --commit SHA and --date YYYY-MM-DD of the snapshot`);
  return { data: catalogFromCheckout(from), date, commit };
}

/** models.dev's catalog.json, generated from a checkout as models.dev's own generator does (base_model merged). */
function catalogFromCheckout(dir: string): { providers: Record<string, unknown>; models: Record<string, unknown> } {
  const metadata: Record<string, Record<string, unknown>> = {};
  for (const file of tomlFiles(join(dir, "models"))) metadata[idOf(join(dir, "models"), file)] = parseToml(readFileSync(file, "utf8")) as Record<string, unknown>;
  const providers: Record<string, unknown> = {};
  for (const provider of readdirSync(join(dir, "providers")).sort()) {
    const modelsDir = join(dir, "providers", provider, "models");
    if (!existsSync(modelsDir)) continue;
    const models: Record<string, unknown> = {};
    for (const file of tomlFiles(modelsDir)) {
      const toml = parseToml(readFileSync(file, "utf8")) as Record<string, unknown>;
      models[idOf(modelsDir, file)] = withBaseModel(toml, metadata);
    }
    providers[provider] = { id: provider, models };
  }
  return { providers, models: metadata };
}

/** A provider model over its base_model's metadata (provider fields win; benchmarks and links stay with the model). */
function withBaseModel(toml: Record<string, unknown>, metadata: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const baseId = toml.base_model;
  if (typeof baseId !== "string") return toml;
  const base = metadata[baseId];
  if (!base) throw new Error(`base_model ${baseId} is not in models/`);
  const { benchmarks: _b, license: _l, links: _k, weights: _w, ...inherited } = base;
  const merged = mergeDeep(inherited, toml);
  for (const path of (toml.base_model_omit as string[] | undefined) ?? []) omit(merged, path.split("."));
  return merged;
}

function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(over)) {
    const old = out[key];
    out[key] = isPlain(old) && isPlain(value) ? mergeDeep(old, value) : value;
  }
  return out;
}

function omit(target: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) delete target[head];
  else if (isPlain(target[head])) omit(target[head], rest);
}

const isPlain = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date);

function tomlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".toml"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const idOf = (dir: string, file: string) => relative(dir, file).split(sep).join("/").slice(0, -".toml".length);

function render(source: Snapshot, list: ModelInfo[]): string {
  const header = {
    asOf: source.date,
    source: {
      name: "models.dev",
      url: "https://github.com/anomalyco/models.dev",
      ...(source.commit ? { commit: source.commit } : {}),
      date: source.date,
      licence: "MIT (see NOTICE.md)",
    },
    note: "Generated by `npm run catalog:update` from the models.dev snapshot named in source: do not edit by hand. Prices in USD per 1M tokens; models marked deprecated are retired or deprecated and stay only to price old records and settings.",
  };
  const head = JSON.stringify(header, null, 2).slice(0, -2);
  return `${head},\n  "models": [\n${list.map((model) => `    ${JSON.stringify(model)}`).join(",\n")}\n  ]\n}\n`;
}

function renderNotice(source: Snapshot): string {
  const NOTICE = values.notice;
  const beside = join(statSync(values.from!).isDirectory() ? values.from! : join(values.from!, ".."), "LICENSE");
  // A JSON snapshot has no LICENSE beside it: keep the licence text the notice already quotes.
  const kept = existsSync(NOTICE) ? /```\n([\s\S]*?)\n```/.exec(readFileSync(NOTICE, "utf8"))?.[1] : undefined;
  const licence = existsSync(beside) ? readFileSync(beside, "utf8").trim() : kept;
  if (!licence) throw new Error(`no LICENSE beside ${values.from} and none in NOTICE.md: models.dev's data is used under its MIT licence, which must be quoted`);
  return `# Third-party data

## models.dev

The bundled model catalog (\`src/core/catalog/bundled-models.json\`: model names, prices, limits, capabilities
and benchmark scores) is generated from [models.dev](https://models.dev), github.com/anomalyco/models.dev,
${source.commit ? `commit \`${source.commit}\`, ` : ""}dated ${source.date}, by \`npm run catalog:update\`.
Its licence:

\`\`\`
${licence}
\`\`\`
`;
}

function main(): void {
  if (!values.from) {
    console.error("usage: npm run catalog:update -- --from <models.dev checkout | api.json | catalog.json> [--commit SHA] [--date YYYY-MM-DD] [--check]");
    process.exit(2);
  }

  const snapshot = readSnapshot(values.from);
  const { models, problems } = convertModelsDev(snapshot.data, snapshot.date);
  for (const problem of problems) console.log(`left out ${problem.path}: ${problem.message}`);

  const BUNDLED = values.out;
  const NOTICE = values.notice;
  const previous = (existsSync(BUNDLED) ? JSON.parse(readFileSync(BUNDLED, "utf8")) : { models: [] }) as { models: ModelInfo[] };
  const current = new Set(models.map((model) => model.id));
  // With the schema's defaults filled in (the extension takes the bundled file as it is), in their own key order.
  const retired = previous.models.filter((model) => !current.has(model.id)).map((model) => ({ ...model, ...modelSchemas().modelInfoSchema.parse(model), deprecated: true as const }));
  for (const model of retired) if (!previous.models.find((old) => old.id === model.id)?.deprecated) console.log(`retired ${model.id}: no longer on models.dev, kept with its prices of ${model.pricing.asOf}`);

  const all = [...models, ...retired].sort((a, b) => a.id.localeCompare(b.id));
  const text = render(snapshot, all);
  const notice = renderNotice(snapshot);
  if (values.check) {
    const same = text === readFileSync(BUNDLED, "utf8") && existsSync(NOTICE) && readFileSync(NOTICE, "utf8") === notice;
    console.log(same ? "bundled catalog is up to date" : "bundled catalog differs from the snapshot");
    process.exit(same ? 0 : 1);
  }
  writeFileSync(BUNDLED, text);
  writeFileSync(NOTICE, notice);
  console.log(`wrote ${all.length} models (${models.length} from models.dev ${snapshot.commit ?? ""} of ${snapshot.date}, ${retired.length} retired) to ${relative(ROOT, BUNDLED)}`);
}

main();
