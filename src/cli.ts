// `switchboard`: the same core, headless. This first cut speaks to the offline demo provider;
// real provider adapters and routing flags arrive with the provider registry.
import { parseArgs } from "node:util";
import { ModelCatalog } from "./core/catalog/catalog";
import { splitModelId } from "./core/catalog/model-info";
import { DemoProvider } from "./core/providers/demo-provider";
import { costUsd, formatUsd } from "./core/spend/cost";
import type { ChatProvider, Usage } from "./core/stream/events";

const USAGE = `Usage:
  switchboard models
  switchboard chat --model PROVIDER/MODEL --prompt TEXT [--system TEXT] [--json]
  switchboard --version`;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function listModels(catalog: ModelCatalog): void {
  for (const model of catalog.list()) {
    const { input, output } = model.pricing;
    const badge = model.simulated ? " (simulated)" : "";
    console.log(`${model.id.padEnd(28)} $${input}/1M in  $${output}/1M out  ${model.contextWindow} ctx${badge}`);
  }
}

async function chat(args: string[], catalog: ModelCatalog, providers: Map<string, ChatProvider>): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: "string" },
      prompt: { type: "string" },
      system: { type: "string" },
      json: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (!values.model) fail("--model is required, e.g. --model demo/swift-mini (see `switchboard models`)");
  if (values.prompt === undefined) fail("--prompt is required (use --prompt - to read it from stdin)");
  const modelInfo = catalog.find(values.model);
  const { provider: providerId, model } = splitModelId(values.model);
  const provider = providers.get(providerId);
  if (!provider) fail(`unknown provider "${providerId}" (known: ${[...providers.keys()].join(", ")})`);
  if (!modelInfo) fail(`unknown model "${values.model}" (see \`switchboard models\`)`);
  const prompt = values.prompt === "-" ? await readStdin() : values.prompt;
  const messages = [
    ...(values.system ? [{ role: "system" as const, content: values.system }] : []),
    { role: "user" as const, content: prompt },
  ];

  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  const started = Date.now();
  let ttftMs: number | null = null;
  let text = "";
  let usage: Usage | null = null;
  for await (const event of provider.stream({ model, messages }, controller.signal)) {
    if (event.type === "text-delta" || event.type === "reasoning-delta") {
      ttftMs ??= Date.now() - started;
      if (values.json) console.log(JSON.stringify(event));
      else if (event.type === "text-delta") process.stdout.write(event.text);
      if (event.type === "text-delta") text += event.text;
    } else if (event.type === "usage") {
      usage = event.usage;
    } else if (event.type === "error") {
      if (values.json) console.log(JSON.stringify({ type: "error", kind: event.kind, message: event.message }));
      else console.error(`\nswitchboard: ${event.kind}: ${event.message}`);
      return 1;
    }
  }
  const cost = usage ? costUsd(usage, modelInfo.pricing) : 0;
  if (values.json) {
    console.log(
      JSON.stringify({ type: "done", text, provider: providerId, model, usage, costUsd: cost, ttftMs, durationMs: Date.now() - started }),
    );
  } else {
    process.stdout.write("\n");
    console.error(`[${values.model}] ${usage?.inputTokens ?? 0} in, ${usage?.outputTokens ?? 0} out, ${formatUsd(cost)}`);
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const catalog = new ModelCatalog({ demoEnabled: true });
  const providers = new Map<string, ChatProvider>([["demo", new DemoProvider()]]);
  try {
    switch (command) {
      case "models":
        listModels(catalog);
        return 0;
      case "chat":
        return await chat(rest, catalog, providers);
      case "--version":
        console.log(process.env.SWITCHBOARD_VERSION);
        return 0;
      case undefined:
      case "--help":
      case "help":
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        fail(`unknown command "${command}"`);
    }
  } catch (error) {
    // Flag mistakes (ours or parseArgs') get one line and the usage, exit 2; anything else exit 1. No stack.
    const message = error instanceof Error ? error.message : String(error);
    const isUsage = error instanceof UsageError || String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
    console.error(isUsage ? `switchboard: ${message}\n${USAGE}` : `switchboard: ${message}`);
    return isUsage ? 2 : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
