// A member's side of a team gateway: the address as users paste it, and the budgets said in words.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeRemaining, type MemberStatus, normaliseGatewayUrl } from "../../src/core/team/team-gateway-client";

describe("team gateway address", () => {
  it("takes https (or http on this machine), with or without /v1, and says why anything else is refused", () => {
    assert.deepEqual(normaliseGatewayUrl("https://ai.example.com/v1/"), { ok: true, url: "https://ai.example.com" });
    assert.deepEqual(normaliseGatewayUrl(" https://ai.example.com/switchboard "), { ok: true, url: "https://ai.example.com/switchboard" });
    assert.deepEqual(normaliseGatewayUrl("http://127.0.0.1:8787"), { ok: true, url: "http://127.0.0.1:8787" });
    const plain = normaliseGatewayUrl("http://ai.example.com");
    assert.equal(plain.ok, false);
    assert.match(!plain.ok ? plain.message : "", /not https: a member key would cross the network in the clear/);
    const junk = normaliseGatewayUrl("ai.example.com");
    assert.match(!junk.ok ? junk.message : "", /is not a URL/);
  });
});

describe("a member's budgets in words", () => {
  const none = { limit: null, usage: 0, remaining: null };
  const status = (budgets: Partial<MemberStatus["budgets"]>): MemberStatus => ({ member: "ana", team: "web", keyId: "mk_1", models: null, budgets: { daily: none, monthly: none, team_daily: none, team_monthly: none, ...budgets } });
  it("names each budget that has a limit, the member's then the team's", () => {
    assert.equal(describeRemaining(status({})), "no budget limits");
    assert.equal(
      describeRemaining(status({ daily: { limit: 5, usage: 0.8, remaining: 4.2 }, team_monthly: { limit: 500, usage: 462, remaining: 38 } })),
      "$4.20 left today · team web: $38.00 left this month",
    );
  });
});
