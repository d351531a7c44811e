// The library's own checks, from the sources (the packed package is tested in test/package): what a
// JavaScript caller gets wrong is a ConfigError before anything is sent; leaving a stream early cancels it.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readLedger } from "../../src/core/spend/ledger-reader";
import type { ChatMessage, ToolDefinition as CoreToolDefinition } from "../../src/core/stream/events";
import { ConfigError, createRouter, type Message, type SpendRow, type ToolDefinition } from "../../src/library/index";
import type { SpendRow as CoreSpendRow } from "../../src/protocol-spend";

// The public types are written out (the published .d.ts must stand alone) and must stay the core's shapes:
// the type check fails here if either side changes without the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const publicTypesMatchTheCore: [Same<Message, ChatMessage>, Same<ToolDefinition, CoreToolDefinition>, Same<SpendRow, CoreSpendRow>] = [true, true, true];

describe("createRouter", () => {
  it("publishes the core's shapes (checked by the type check: a drift does not compile)", () => {
    assert.deepEqual(publicTypesMatchTheCore, [true, true, true]);
  });

  const ledger = join(mkdtempSync(join(tmpdir(), "switchboard-library-")), "ledger.jsonl");
  const router = createRouter({ ledger, env: {} });
  const hi: Message[] = [{ role: "user", content: "hi" }];

  it("says what is wrong with a call before sending anything", async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ messages: hi }, /^model is required/],
      [{ model: "demo/swift-mini", strategy: "cheapest", candidates: ["demo/swift-mini"], messages: hi }, /either model .* or strategy/],
      [{ strategy: "smartest", candidates: ["demo/swift-mini"], messages: hi }, /strategy must be one of cheapest, fastest, quality, balanced/],
      [{ strategy: "cheapest", messages: hi }, /strategy needs candidates/],
      [{ model: "demo/swift-mini", messages: [] }, /messages is empty/],
      [{ model: "demo/swift-mini", messages: [{ role: "wizard", content: "hi" }] }, /^messages\[0\]\.role must be system, user, assistant or tool, got "wizard"$/],
      [{ model: "demo/swift-mini", messages: [{ role: "user", content: 42 }] }, /^messages\[0\]\.content must be text or parts/],
      [{ model: "demo/swift-mini", messages: [...hi, { role: "tool", content: "sunny" }] }, /^messages\[1\]\.toolCallId must name the tool call/],
      [{ model: "demo/swift-mini", maxPrice: { output: -1 }, messages: hi }, /^maxPrice\.output is an amount in USD/],
    ];
    for (const [options, message] of cases) {
      await assert.rejects(router.chat(options as never), (error: unknown) => error instanceof ConfigError && message.test(error.message), JSON.stringify(options));
    }
    assert.equal(readLedger(ledger).records.length, 0, "nothing was sent or recorded");
    assert.throws(() => createRouter({ config: { providers: [{ id: "x" }] }, ledger }), (error: unknown) => error instanceof ConfigError && /providers/.test(error.message));
    assert.throws(() => createRouter({ policy: join(tmpdir(), "no-such-policy.json"), ledger }), /cannot read the policy file .*no-such-policy\.json \(ENOENT\)/);
  });

  it("a demo model answers offline; leaving its stream early cancels the request, recorded as cancelled", async () => {
    const reply = await router.chat({ model: "demo/swift-mini", messages: hi, feature: "unit" });
    assert.match(reply.text, /simulated/i);
    assert.equal(reply.model, "demo/swift-mini");
    for await (const event of router.stream({ model: "demo/sage-large", messages: [{ role: "user", content: "Write a long essay on routers." }] })) {
      if (event.type === "text-delta") break;
    }
    const deadline = Date.now() + 5_000;
    let last = readLedger(ledger).records.at(-1);
    while (last?.model !== "sage-large" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      last = readLedger(ledger).records.at(-1);
    }
    assert.deepEqual([last?.model, last?.outcome], ["sage-large", "cancelled"]);
  });
});
