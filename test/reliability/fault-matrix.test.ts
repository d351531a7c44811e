// The fault matrix: for each wire format, alone and with a healthy fallback, every way a provider can
// fail; for Responses, Anthropic and Gemini also as the gateway's same-wire relay (the client's own request, the
// answer's bytes to a sink). Each case asserts the outcome, the partial text kept, and the ledger records
// (and, relayed, that the bytes of the attempt that answered are the provider's exactly); the rows go into
// test-results/reliability/REPORT.md.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ModelCatalog } from "../../src/core/catalog/catalog";
import { mergeProviders, ProviderRegistry } from "../../src/core/providers/provider-registry";
import { RouteExecutor } from "../../src/core/routing/executor";
import { runRequest } from "../../src/core/run/run-request";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { LedgerWriter } from "../../src/core/spend/ledger-writer";
import type { NativeRequest } from "../../src/core/providers/native-request";
import { FixtureServer, type Handler, refusedPort } from "../wire/fixture-server";
import { writeSection } from "./report";
import { definition, type Format, FORMATS, type WireFormat } from "./wire-formats";

interface Fault {
  name: string;
  /** What the faulty provider does. */
  handler: (wire: WireFormat) => Handler;
  /** Outcome when it is the only model: "ok" or the error kind. */
  alone: string;
  /** Text the user keeps from the faulty provider. */
  partial?: string;
  /** Whether a healthy fallback answers instead (false after the first token). */
  fallsBack: boolean;
  /** Attempts recorded when alone (a bounded Retry-After wait adds one). */
  attemptsAlone?: number;
}

const stream = (body: string) => ((_req, res) => res.writeHead(200, { "content-type": "text/event-stream" }).end(body)) as Handler;
const status = (code: number, headers: Record<string, string> = {}) =>
  ((_req, res) => res.writeHead(code, { "content-type": "application/json", ...headers }).end(JSON.stringify({ error: { message: `status ${code}` } }))) as Handler;
const FIVE_MB = "x".repeat(1024);

const FAULTS: Fault[] = [
  { name: "429 with Retry-After", handler: () => status(429, { "retry-after": "1" }), alone: "rate-limit", fallsBack: true, attemptsAlone: 2 },
  { name: "429 without Retry-After", handler: () => status(429), alone: "rate-limit", fallsBack: true },
  { name: "500", handler: () => status(500), alone: "bad-response", fallsBack: true },
  { name: "502", handler: () => status(502), alone: "bad-response", fallsBack: true },
  { name: "503", handler: () => status(503), alone: "overloaded", fallsBack: true },
  { name: "529", handler: () => status(529), alone: "overloaded", fallsBack: true },
  { name: "401", handler: () => status(401), alone: "auth", fallsBack: true },
  { name: "403", handler: () => status(403), alone: "auth", fallsBack: true },
  { name: "404 model", handler: () => status(404), alone: "not-found", fallsBack: true },
  { name: "reset before the first byte", handler: () => (req) => req.socket.destroy(), alone: "network", fallsBack: true },
  {
    name: "reset after 2 chunks",
    handler: (w) => (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(w.start() + w.text("Hello ") + w.text("wor"));
      setTimeout(() => res.socket?.destroy(), 30);
    },
    alone: "network",
    partial: "Hello wor",
    fallsBack: false,
  },
  { name: "hang before headers", handler: () => () => {}, alone: "timeout", fallsBack: true },
  {
    name: "stall mid-stream",
    handler: (w) => (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(w.start() + w.text("Stalled "));
    },
    alone: "timeout",
    partial: "Stalled ",
    fallsBack: false,
  },
  { name: "malformed SSE line", handler: (w) => stream(`${w.start()}this line is not SSE\n${w.text("Fine")}${w.finish(1)}`), alone: "ok", fallsBack: false },
  { name: "invalid JSON in a data line", handler: (w) => stream(`${w.start()}data: {"choices": [oops\n\n`), alone: "bad-response", fallsBack: true },
  { name: "error event after HTTP 200", handler: (w) => stream(w.start() + w.streamError()), alone: "overloaded", fallsBack: true },
  { name: "ends without its terminator", handler: (w) => stream(w.start() + w.text("Cut sh")), alone: "bad-response", partial: "Cut sh", fallsBack: false },
  {
    name: "5 MB answer",
    handler: (w) => (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(w.start());
      for (let i = 0; i < 5 * 1024; i++) res.write(w.text(FIVE_MB));
      res.end(w.finish(5 * 1024 * 256));
    },
    alone: "ok",
    fallsBack: false,
  },
];

interface Row {
  format: Format;
  mode: string;
  fault: string;
  expected: string;
  observed: string;
  held: boolean;
}
const rows: Row[] = [];

describe("fault matrix", () => {
  let faulty: FixtureServer;
  let healthy: FixtureServer;
  let dir: string;
  before(async () => {
    faulty = await FixtureServer.start();
    healthy = await FixtureServer.start();
    dir = mkdtempSync(join(tmpdir(), "switchboard-faults-"));
  });
  after(async () => {
    await Promise.all([faulty.close(), healthy.close()]);
    writeSection(
      "fault-matrix",
      rows.map((r) => ({ case: `${r.format} · ${r.mode} · ${r.fault}`, expected: r.expected, observed: r.observed, held: r.held })),
    );
  });

  const cases: Array<[Format, Fault | "refused", boolean, boolean]> = [];
  for (const format of Object.keys(FORMATS) as Format[]) {
    for (const relayed of format === "openai-compatible" ? [false] : [false, true]) {
      for (const fault of [...FAULTS, "refused" as const]) for (const withFallback of [false, true]) cases.push([format, fault, withFallback, relayed]);
    }
  }

  for (const [format, fault, withFallback, relayed] of cases) {
    const name = fault === "refused" ? "connection refused" : fault.name;
    const mode = `${withFallback ? "with fallback" : "alone"}${relayed ? " · same wire" : ""}`;
    it(`${format} · ${mode} · ${name}`, { timeout: 30_000 }, async () => {
      const wire = FORMATS[format];
      const faultyUrl = fault === "refused" ? `http://127.0.0.1:${await refusedPort()}` : faulty.baseUrl;
      if (fault !== "refused") faulty.handle(fault.handler(wire));
      healthy.handle(stream(wire.start() + wire.text("Healthy answer.") + wire.finish(3)));
      const registry = new ProviderRegistry(mergeProviders([definition("faulty", format, faultyUrl), definition("healthy", format, healthy.baseUrl)], []), () => undefined);
      const catalog = new ModelCatalog({
        demoEnabled: false,
        bundledEnabled: false,
        overrides: [
          { id: "faulty/m", pricing: { input: 1, output: 2 } },
          { id: "healthy/m", pricing: { input: 1, output: 2 } },
        ],
      });
      const ledgerFile = join(dir, `${format}-${name.replace(/\W+/g, "-")}-${withFallback}${relayed ? "-relayed" : ""}.jsonl`);
      const executor = new RouteExecutor({
        provider: (id) => registry.create(id),
        model: (id) => catalog.find(id),
      });
      // Relayed: each accepted attempt's bytes, as the client of the same wire would get them.
      const relayedBytes: Buffer[][] = [];
      const native: NativeRequest | undefined = relayed
        ? {
            wire: format === "anthropic" ? "anthropic" : format === "openai-responses" ? "responses" : "gemini",
            body:
              format === "anthropic"
                ? { max_tokens: 100, stream: true, messages: [{ role: "user", content: "hi" }] }
                : format === "openai-responses"
                  ? { input: "hi", stream: true, store: false }
                  : { contents: [{ role: "user", parts: [{ text: "hi" }] }] },
            headers: {},
            search: "",
            stream: true,
            sink: { accepted: () => relayedBytes.push([]), write: (bytes) => relayedBytes.at(-1)!.push(...bytes) },
          }
        : undefined;
      const outcome = await runRequest(
        { requestId: "r", project: null, feature: "reliability", routing: { model: "faulty/m", fallbacks: withFallback ? ["healthy/m"] : [] }, messages: [{ role: "user", content: "hi" }], firstByteTimeoutMs: 400, idleTimeoutMs: 400, signal: new AbortController().signal, ...(native ? { native } : {}) },
        {
          planner: { findModel: (id) => catalog.find(id), findProvider: (id) => registry.get(id) },
          executor,
          ledger: new LedgerWriter(ledgerFile),
          priceSource: "test",
        },
      );
      assert.equal(outcome.kind, "done");
      const { execution } = outcome as Extract<typeof outcome, { kind: "done" }>;
      const final = execution.final!;
      const expectFallback = withFallback && fault !== "refused" && fault.fallsBack;
      const expectFallbackRefused = withFallback && fault === "refused";
      const expectedOutcome = expectFallback || expectFallbackRefused ? "ok (healthy)" : fault === "refused" ? "network" : fault.alone;
      const observed = final.outcome === "ok" ? `ok (${final.provider})` : final.outcome;
      const row: Row = { format, mode: `${withFallback ? "fallback" : "alone"}${relayed ? " (same wire)" : ""}`, fault: name, expected: expectedOutcome, observed, held: false };
      rows.push(row);

      const answeredBytes = Buffer.concat(relayedBytes.at(-1) ?? []).toString("utf8");
      if (expectedOutcome === "ok (healthy)") {
        assert.equal(observed, "ok (healthy)");
        assert.equal(final.state.text, "Healthy answer.");
        if (relayed) assert.equal(answeredBytes, wire.start() + wire.text("Healthy answer.") + wire.finish(3), "the client gets the answering provider's bytes exactly");
      } else if (expectedOutcome === "ok") {
        assert.equal(final.outcome, "ok");
        assert.equal(final.provider, "faulty");
        if (name === "5 MB answer") assert.equal(final.state.text.length, 5 * 1024 * 1024);
        else assert.equal(final.state.text, "Fine");
        if (relayed && name === "5 MB answer") assert.equal(answeredBytes.length, Buffer.byteLength(wire.start() + wire.text(FIVE_MB).repeat(5 * 1024) + wire.finish(5 * 1024 * 256)));
        if (relayed && name !== "5 MB answer") assert.equal(answeredBytes, `${wire.start()}this line is not SSE\n${wire.text("Fine")}${wire.finish(1)}`);
      } else {
        assert.equal(final.outcome, expectedOutcome);
        assert.equal(final.state.text, (fault !== "refused" && fault.partial) || "", "the partial text is kept");
      }
      // The ledger has one record per attempt, with status. A failed attempt that produced nothing costs
      // nothing; one cut short after output began is billed at an estimate, marked as estimated.
      const { records } = readLedger(ledgerFile);
      assert.equal(records.length, execution.attempts.length);
      if (!withFallback && fault !== "refused" && fault.attemptsAlone) assert.equal(records.length, fault.attemptsAlone);
      for (const [index, record] of records.entries()) {
        const attempt = execution.attempts[index]!;
        assert.equal(record.outcome, attempt.outcome);
        assert.equal(record.status, attempt.status ?? null);
        if (attempt.outcome !== "ok" && !attempt.state.usage) {
          const producedOutput = attempt.state.firstTokenAt !== null;
          assert.equal(record.estimated === true, producedOutput);
          if (producedOutput) assert.ok(record.costUsd > 0 && record.outputTokens > 0, "the partial output is billed");
          else assert.equal(record.costUsd, 0);
        }
      }
      row.held = true;
    });
  }
});
