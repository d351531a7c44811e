// A gateway for the tests: the real server and pipeline in this process, in front of loopback providers
// that replay recorded real streams, with the official SDKs as its clients.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ModelCatalog } from "../../src/core/catalog/catalog";
import type { ProviderDefinition } from "../../src/core/providers/provider-definitions";
import { mergeProviders, ProviderRegistry } from "../../src/core/providers/provider-registry";
import { RouteExecutor } from "../../src/core/routing/executor";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { LedgerWriter } from "../../src/core/spend/ledger-writer";
import { type RunningGateway, startGateway } from "../../src/gateway/gateway-server";
import { FixtureServer } from "./fixture-server";

export const TOKEN = "sb-test-gateway-token-0123456789";

const PROVIDERS = ["openai", "responses", "anthropic", "gemini", "down", "trainer", "pricey"] as const;
type ProviderName = (typeof PROVIDERS)[number];

export interface TestGateway {
  gateway: RunningGateway;
  /** What the gateway logged (what it left out of translated requests). */
  logged: string[];
  servers: Record<ProviderName, FixtureServer>;
  ledgerFile: string;
  records(): ReturnType<typeof readLedger>["records"];
  close(): Promise<void>;
}

/** Providers by wire format and data policy; every model costs $1/$2 per 1M tokens unless named here. */
export async function startTestGateway(): Promise<TestGateway> {
  const servers = Object.fromEntries(await Promise.all(PROVIDERS.map(async (name) => [name, await FixtureServer.start()] as const))) as Record<ProviderName, FixtureServer>;
  const safe = { trainsOnData: false, retainsData: false };
  const definitions: ProviderDefinition[] = [
    { id: "rec-openai", kind: "openai-compatible", baseUrl: `${servers.openai.baseUrl}/v1`, local: true, dataPolicy: safe },
    { id: "rec-responses", kind: "openai-compatible", api: "responses", baseUrl: `${servers.responses.baseUrl}/v1`, local: true, dataPolicy: safe },
    { id: "rec-anthropic", kind: "anthropic", baseUrl: servers.anthropic.baseUrl, local: true, dataPolicy: safe },
    { id: "rec-gemini", kind: "gemini", baseUrl: `${servers.gemini.baseUrl}/v1beta`, local: true, dataPolicy: safe },
    { id: "down", kind: "openai-compatible", baseUrl: `${servers.down.baseUrl}/v1`, local: true, dataPolicy: safe },
    { id: "trainer", kind: "openai-compatible", baseUrl: `${servers.trainer.baseUrl}/v1`, local: true, dataPolicy: { trainsOnData: true, retainsData: true } },
    { id: "pricey", kind: "openai-compatible", baseUrl: `${servers.pricey.baseUrl}/v1`, local: true, dataPolicy: safe },
    // Takes a key, and none is set: never callable.
    { id: "keyless", kind: "openai-compatible", baseUrl: `${servers.down.baseUrl}/v1`, apiKeyEnv: "KEYLESS_TEST_API_KEY", dataPolicy: safe },
  ];
  const registry = new ProviderRegistry(mergeProviders(definitions, []), () => undefined);
  const pricing = { input: 1, output: 2 };
  const catalog = new ModelCatalog({
    demoEnabled: false,
    bundledEnabled: false,
    overrides: [
      ...["rec-openai", "rec-responses", "rec-anthropic", "rec-gemini", "down", "trainer"].map((id) => ({ id: `${id}/m`, pricing, imageInput: true, toolCalling: true })),
      { id: "pricey/m", pricing: { input: 30, output: 60 } },
      { id: "keyless/m", pricing },
      // A reasoning model: it takes a reasoning effort, the others must never be sent one.
      { id: "rec-openai/reasoner", pricing, toolCalling: true, reasoning: true },
      // Claude Sonnet 4.5's published prices, for the prompt-cache bill.
      { id: "rec-anthropic/cached", pricing: { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 }, toolCalling: true },
    ],
  });
  const ledgerFile = join(mkdtempSync(join(tmpdir(), "switchboard-gateway-")), "ledger.jsonl");
  const ledger = new LedgerWriter(ledgerFile);
  // The breakers would skip a provider the tests fail on purpose: keep them closed.
  const executor = new RouteExecutor({ provider: (id) => registry.create(id), model: (id) => catalog.find(id) }, { breakerFailures: 1_000_000 });
  const logged: string[] = [];
  const gateway = await startGateway({
    log: (line) => logged.push(line),
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    pipeline: () => ({ planner: { findModel: (id) => catalog.find(id), findProvider: (id) => registry.get(id) }, executor, ledger, priceSource: "test" }),
    auto: { strategy: "cheapest", candidates: () => ["rec-openai/m"] },
    models: () => catalog.list(),
    defaultProject: "gateway-tests",
  });
  return {
    gateway,
    logged,
    servers,
    ledgerFile,
    records: () => readLedger(ledgerFile).records,
    close: async () => {
      await gateway.close(100);
      ledger.close();
      await Promise.all(Object.values(servers).map((server) => server.close()));
    },
  };
}
