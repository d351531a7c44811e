// OpenTelemetry export end to end: the built CLI, configured by the standard OTEL_* variables, reports a
// routed request with a fallback to a loopback OTLP/HTTP receiver that decodes it with the official
// protobuf definitions (and as OTLP/JSON). A collector that is down, failing or slow changes nothing
// for the user: same answer, same exit code, one line on stderr.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, beforeEach, describe, it } from "node:test";
import OpenAI from "openai";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { EXIT_FLUSH_MS } from "../../src/cli/cli-telemetry";
import { FixtureServer, fixtureLines, refusedPort } from "./fixture-server";
import { OtlpReceiver, type ReceivedSpan } from "./otlp-receiver";
import { runCli } from "./run-cli";

const KEY = "sk-canary-OTEL-99887766554433";
const PROMPT = "PROMPT-CANARY-do-not-export";
const COLLECTOR_TOKEN = "collector-secret-token";

describe("OpenTelemetry export (CLI)", () => {
  const servers: Record<string, FixtureServer> = {};
  let receiver: OtlpReceiver;
  let dir: string;
  let config: string;
  let ledger: string;

  before(async () => {
    servers.busy = await FixtureServer.start();
    servers.healthy = await FixtureServer.start();
    receiver = await OtlpReceiver.start();
    dir = mkdtempSync(join(tmpdir(), "switchboard-otel-"));
    config = join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        providers: [
          { id: "busy", kind: "openai-compatible", baseUrl: `${servers.busy.baseUrl}/v1`, apiKeyEnv: "TEST_KEY" },
          { id: "healthy", kind: "openai-compatible", baseUrl: `${servers.healthy.baseUrl}/v1`, apiKeyEnv: "TEST_KEY" },
        ],
        models: [
          { id: "busy/big", pricing: { input: 3, output: 15 } },
          { id: "healthy/mistral-small", pricing: { input: 0.1, output: 0.3 } },
        ],
      }),
    );
  });
  beforeEach(() => {
    ledger = join(dir, `ledger-${Math.random().toString(36).slice(2)}.jsonl`);
    receiver.spans.length = 0;
    receiver.points.length = 0;
    receiver.requests.length = 0;
    receiver.mode = "ok";
    for (const server of Object.values(servers)) server.requests.length = 0;
    servers.busy!.serveStatus(503, JSON.stringify({ error: { message: "overloaded" } }));
    servers.healthy!.serveOpenAI(fixtureLines("mistral-text.jsonl"));
  });
  after(async () => {
    await Promise.all(Object.values(servers).map((server) => server.close()));
    await receiver.close();
  });

  const chat = (env: Record<string, string>, ...args: string[]) =>
    runCli(["chat", "--config", config, "--ledger", ledger, "--prompt", PROMPT, "--project", "web-app", "--feature", "nightly", ...args], { TEST_KEY: KEY, ...env });
  const routed = ["--model", "busy/big", "--fallback", "healthy/mistral-small", "--max-tokens", "300"];

  it("a request with a fallback: a route span with one CLIENT span per attempt, GenAI attributes matching the ledger, and the three metrics (protobuf)", { timeout: 30_000 }, async () => {
    const result = await chat(
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${COLLECTOR_TOKEN}`, OTEL_RESOURCE_ATTRIBUTES: "enduser.id=alice,deployment.environment.name=ci" },
      ...routed,
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr.includes("OpenTelemetry"), false, `nothing dropped: ${result.stderr}`);
    const [failed, answered] = readLedger(ledger).records;
    assert.ok(failed && answered);

    assert.ok(receiver.requests.every((request) => request.contentType === "application/x-protobuf" && request.headers.authorization === `Bearer ${COLLECTOR_TOKEN}`));
    assert.equal(receiver.spans.length, 3, receiver.spans.map((span) => span.name).join(", "));
    const parent = receiver.spans.find((span) => span.name === "switchboard.route")!;
    const attempts = receiver.spans.filter((span) => span.parentSpanId === parent.spanId).sort((a, b) => Number(a.attributes["switchboard.attempt"]) - Number(b.attributes["switchboard.attempt"]));
    assert.deepEqual(attempts.map((span) => [span.name, span.kind, span.traceId === parent.traceId]), [["chat big", 3, true], ["chat mistral-small", 3, true]]);
    assert.equal(parent.parentSpanId, "");
    assert.ok(attempts[0]!.endNs <= attempts[1]!.startNs, "the fallback starts after the first attempt ended");
    assert.ok(parent.startNs <= attempts[0]!.startNs && parent.endNs >= attempts[1]!.endNs, "the route span covers both attempts");

    assert.deepEqual(attempts[0]!.attributes, {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "busy",
      "gen_ai.request.model": "big",
      "gen_ai.request.max_tokens": 300,
      "error.type": "overloaded",
      "server.address": "127.0.0.1",
      "server.port": Number(new URL(servers.busy!.baseUrl).port),
      "switchboard.cost_usd": 0,
      "switchboard.cost_source": "catalog",
      "switchboard.request_id": failed.requestId,
      "switchboard.project": "web-app",
      "switchboard.feature": "nightly",
      "switchboard.attempt": 1,
      "switchboard.route.reason": failed.routingReason,
    });
    assert.equal(attempts[0]!.status.code, 2, "an error status");
    assert.deepEqual(attempts[1]!.attributes, {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "healthy",
      "gen_ai.request.model": "mistral-small",
      "gen_ai.request.max_tokens": 300,
      "gen_ai.response.model": "mistral-small-latest",
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": answered.inputTokens,
      "gen_ai.usage.output_tokens": answered.outputTokens,
      "gen_ai.usage.cache_read.input_tokens": 0,
      "server.address": "127.0.0.1",
      "server.port": Number(new URL(servers.healthy!.baseUrl).port),
      "switchboard.cost_usd": answered.costUsd,
      "switchboard.cost_source": "catalog",
      "switchboard.request_id": answered.requestId,
      "switchboard.project": "web-app",
      "switchboard.feature": "nightly",
      "switchboard.attempt": 2,
      "switchboard.route.reason": answered.routingReason,
    });
    assert.ok(answered.inputTokens > 0 && answered.costUsd > 0);
    assert.deepEqual(parent.resource, { "enduser.id": "alice", "deployment.environment.name": "ci", "service.name": "switchboard", "service.version": parent.resource["service.version"] });

    // Never the prompt, the answer, the provider key or the collector's token.
    const exported = JSON.stringify(receiver.spans, (_key, value) => (typeof value === "bigint" ? String(value) : value)) + JSON.stringify(receiver.points);
    for (const secret of [PROMPT, KEY, COLLECTOR_TOKEN, "Hello"]) assert.equal(exported.includes(secret), false, `${secret} is not exported`);

    const point = (metric: string, match: Record<string, unknown>) =>
      receiver.points.filter((p) => p.metric === metric && Object.entries(match).every(([key, value]) => p.attributes[key] === value));
    const [input] = point("gen_ai.client.token.usage", { "gen_ai.token.type": "input", "gen_ai.request.model": "mistral-small" });
    const [output] = point("gen_ai.client.token.usage", { "gen_ai.token.type": "output", "gen_ai.request.model": "mistral-small" });
    assert.deepEqual([input?.kind, input?.unit, input?.sum, input?.count], ["histogram", "{token}", answered.inputTokens, 1]);
    assert.deepEqual([output?.sum, output?.count], [answered.outputTokens, 1]);
    assert.equal(input?.attributes["gen_ai.provider.name"], "healthy");
    const durations = point("gen_ai.client.operation.duration", {});
    assert.deepEqual(durations.map((p) => [p.unit, p.attributes["gen_ai.request.model"], p.attributes["error.type"], p.count]).sort(), [["s", "big", "overloaded", 1], ["s", "mistral-small", undefined, 1]]);
    assert.ok(durations.every((p) => (p.sum ?? 0) > 0 && (p.sum ?? 0) < 30), "seconds, not milliseconds");
    const cost = point("switchboard.cost", { "gen_ai.request.model": "mistral-small" });
    assert.deepEqual(
      cost.map((p) => [p.kind, p.unit, p.value, p.attributes]),
      [["sum", "USD", answered.costUsd, { "switchboard.project": "web-app", "switchboard.feature": "nightly", "gen_ai.provider.name": "healthy", "gen_ai.request.model": "mistral-small" }]],
    );
  });

  it("OTEL_EXPORTER_OTLP_PROTOCOL=http/json: the same spans as OTLP/JSON; one model is one CLIENT span with no parent; OTEL_SERVICE_NAME names the service", { timeout: 30_000 }, async () => {
    const result = await chat({ OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/`, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_SERVICE_NAME: "nightly-evals" }, "--model", "healthy/mistral-small");
    assert.equal(result.status, 0, result.stderr);
    assert.ok(receiver.requests.length >= 2 && receiver.requests.every((request) => request.contentType.startsWith("application/json")), JSON.stringify(receiver.requests));
    const [record] = readLedger(ledger).records;
    assert.deepEqual(
      receiver.spans.map((span: ReceivedSpan) => [span.name, span.kind, span.parentSpanId, span.attributes["gen_ai.usage.output_tokens"], span.attributes["switchboard.request_id"], span.resource["service.name"]]),
      [["chat mistral-small", 3, "", record!.outputTokens, record!.requestId, "nightly-evals"]],
    );
    assert.ok(receiver.points.some((p) => p.metric === "switchboard.cost" && p.value === record!.costUsd));
  });

  const collectorIn = (mode: OtlpReceiver["mode"]) => {
    receiver.mode = mode;
    return { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
  };
  for (const [name, setUp] of [
    ["down (connection refused)", async () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await refusedPort()}` })],
    ["answering 500", async () => collectorIn("error-500")],
    ["slow (answers after 10 s)", async () => collectorIn("slow")],
  ] as const) {
    it(`a collector that is ${name}: the same answer, exit code and ledger as without export, and one line on stderr`, { timeout: 40_000 }, async () => {
      const plainStarted = Date.now();
      const plain = await chat({}, ...routed);
      const plainElapsed = Date.now() - plainStarted;
      const plainRecords = readLedger(ledger).records.length;
      const started = Date.now();
      const result = await chat(await setUp(), ...routed);
      const elapsed = Date.now() - started;
      assert.equal(result.status, plain.status);
      assert.equal(result.stdout, plain.stdout);
      const telemetryLines = result.stderr.split("\n").filter((line) => line.includes("OpenTelemetry"));
      assert.equal(telemetryLines.length, 1, result.stderr);
      assert.match(telemetryLines[0]!, /dropped/);
      assert.equal(result.stderr.replace(`${telemetryLines[0]}\n`, ""), plain.stderr, "nothing else changes on stderr");
      assert.equal(readLedger(ledger).records.length, plainRecords + 2, "both attempts recorded");
      // The CLI does not wait for the collector: it gives up after its 2 s flush limit.
      assert.ok(elapsed < 9000, `exited after ${elapsed} ms, before the slow collector answered`);
      if (name.startsWith("down")) {
        // Nothing listens: the CLI says so and exits without sitting out its 2 s flush (regression).
        assert.match(telemetryLines[0]!, /connection refused/);
        assert.ok(elapsed - plainElapsed < EXIT_FLUSH_MS / 2, `exited ${elapsed - plainElapsed} ms after a run without export`);
      }
    });
  }

  it("a bad OTEL_EXPORTER_OTLP_PROTOCOL is a warning that says what to use; the request still runs", { timeout: 20_000 }, async () => {
    const result = await chat({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, "--model", "healthy/mistral-small");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /warning: OpenTelemetry export is off: OTEL_EXPORTER_OTLP_PROTOCOL "grpc" is not supported: use http\/protobuf \(the default\) or http\/json/);
    assert.equal(receiver.requests.length, 0);
    assert.equal(readLedger(ledger).records.length, 1);
  });

  it("a team policy that requires export to the team's collector refuses requests until OTEL_EXPORTER_OTLP_ENDPOINT points there", { timeout: 20_000 }, async () => {
    const policy = join(dir, "policy.json");
    writeFileSync(policy, JSON.stringify({ telemetry: { otlpEndpoint: receiver.url } }));
    const off = await chat({}, "--model", "healthy/mistral-small", "--policy", policy);
    assert.equal(off.status, 1);
    assert.match(off.stderr, new RegExp(`policy: the team policy requires OpenTelemetry export to ${receiver.url} and it is off: set switchboard\\.telemetry\\.otlp\\.endpoint \\(VS Code\\) or OTEL_EXPORTER_OTLP_ENDPOINT`));
    assert.equal(servers.healthy!.requests.length, 0, "nothing was sent");
    const elsewhere = await chat({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9/" }, "--model", "healthy/mistral-small", "--policy", policy);
    assert.equal(elsewhere.status, 1);
    assert.match(elsewhere.stderr, /and it goes to http:\/\/127\.0\.0\.1:9:/);
    const on = await chat({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, "--model", "healthy/mistral-small", "--policy", policy);
    assert.equal(on.status, 0, on.stderr);
    assert.equal(receiver.spans.length, 1);
  });

  it("the gateway: a request from the official OpenAI SDK is exported (feature gateway), and what is queued goes out when it stops", { timeout: 30_000 }, async () => {
    const home = mkdtempSync(join(tmpdir(), "switchboard-otel-serve-"));
    const cli = join(__dirname, "..", "..", "dist", "cli.js");
    const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--config", config, "--ledger", ledger, "--project", "gateway-app"], {
      cwd: home,
      env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: home, TEST_KEY: KEY, SWITCHBOARD_GATEWAY_TOKEN: "sb-otel-test-token", OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the gateway did not start")), 15_000);
      createInterface({ input: child.stdout }).on("line", (line) => {
        const match = /^Switchboard gateway listening on (\S+)$/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: "sb-otel-test-token", maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: "healthy/mistral-small", messages: [{ role: "user", content: PROMPT }], temperature: 0.3 });
    assert.ok(answer.choices[0]?.message.content);
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    const [record] = readLedger(ledger).records;
    assert.deepEqual(
      receiver.spans.map((span) => [span.name, span.attributes["switchboard.feature"], span.attributes["switchboard.project"], span.attributes["gen_ai.request.temperature"], span.attributes["switchboard.request_id"]]),
      [["chat mistral-small", "gateway", "gateway-app", 0.3, record!.requestId]],
    );
    assert.ok(receiver.points.some((point) => point.metric === "switchboard.cost" && point.attributes["switchboard.feature"] === "gateway"));
  });
});
