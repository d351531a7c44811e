// Switchboard's profile for Codex CLI: its own file, rewritten when the gateway moves, never over a
// profile of the same name the user wrote.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { codexProfile, codexProfileChange, codexProfileFile } from "../../src/gateway/codex-config";

describe("Codex CLI profile", () => {
  it("points the profile's provider at the gateway's Responses API, the token from the environment, never in the file", () => {
    const profile = codexProfile("http://127.0.0.1:8787/", "anthropic/claude-sonnet-4-5");
    assert.match(profile, /^model_provider = "switchboard"$/m);
    assert.match(profile, /^model = "anthropic\/claude-sonnet-4-5"$/m);
    assert.match(profile, /^base_url = "http:\/\/127\.0\.0\.1:8787\/v1"$/m);
    assert.match(profile, /^env_key = "SWITCHBOARD_GATEWAY_TOKEN"$/m);
    assert.match(profile, /^wire_api = "responses"$/m);
    assert.ok(!/^model = /m.test(codexProfile("http://127.0.0.1:8787")), "no model: Codex keeps its own");
  });

  it("lives beside Codex's config.toml, in $CODEX_HOME when set", () => {
    assert.equal(codexProfileFile({ CODEX_HOME: "/x/codex" }), "/x/codex/switchboard.config.toml");
    assert.match(codexProfileFile({}), /\/\.codex\/switchboard\.config\.toml$/);
  });

  it("writes a new file, rewrites its own when the gateway moved, leaves the same one and a user's own alone", () => {
    const first = codexProfile("http://127.0.0.1:8787");
    assert.deepEqual(codexProfileChange(undefined, first), { kind: "written", text: first });
    assert.deepEqual(codexProfileChange(first, first), { kind: "unchanged" });
    const moved = codexProfile("http://127.0.0.1:9999");
    assert.deepEqual(codexProfileChange(first, moved), { kind: "written", text: moved });
    const own = 'model_provider = "mine"\n';
    const change = codexProfileChange(own, moved);
    assert.equal(change.kind, "conflict");
    assert.match(change.kind === "conflict" ? change.message : "", /a "switchboard" profile of your own/);
  });
});
