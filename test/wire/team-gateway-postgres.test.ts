// Two team gateway instances (the built CLI) on one real Postgres (a throwaway cluster of Debian's
// postgresql), with the official OpenAI SDK as the members' client: one team cap spent exactly across
// instances, revocation seen everywhere, a killed instance and a restarted database losing no record.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import OpenAI from "openai";
import type { FixtureServer } from "./fixture-server";
import { type PostgresCluster, startPostgresCluster } from "./postgres-cluster";
import { runCli } from "./run-cli";
import { COMPLETION_TOKENS, createKey, MODEL, REQUEST_COST_USD, recordedProvider, type ServedGateway, serveTeam, teamConfig } from "./team-helpers";

const client = (gateway: ServedGateway, key: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });

/** A member's streamed request: "ok" once the whole answer (usage included) arrived, else the status (0: cut off). */
async function ask(gateway: ServedGateway, key: string): Promise<"ok" | number> {
  try {
    const stream = await client(gateway, key).chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "Say hello" }], max_tokens: COMPLETION_TOKENS, stream: true, stream_options: { include_usage: true } });
    let usage = false;
    for await (const chunk of stream) if (chunk.usage) usage = true;
    return usage ? "ok" : 0;
  } catch (error) {
    // A connection cut mid-answer (an instance killed) has no status.
    return error instanceof OpenAI.APIError ? (error.status ?? 0) : 0;
  }
}

async function teamSpend(database: string, by: string): Promise<{ rows: Array<{ key: string; requests: number; costUsd: number }>; total: { requests: number; costUsd: number } }> {
  const result = await runCli(["spend", "--database", database, "--by", by, "--format", "json"]);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

describe("team gateway on Postgres, two instances", { timeout: 240_000 }, () => {
  let cluster: PostgresCluster;
  let provider: FixtureServer;
  let config: string;
  const gateways: ServedGateway[] = [];
  before(async () => {
    cluster = await startPostgresCluster();
    provider = await recordedProvider();
    config = teamConfig(provider);
  });
  after(async () => {
    for (const gateway of gateways) gateway.child.kill("SIGKILL");
    await provider?.close();
    cluster?.destroy();
  });

  it("200 parallel requests from four member keys on two instances spend exactly the team cap and refuse the rest (402)", async () => {
    const keys = await Promise.all(["ana", "bo", "cy", "di"].map((member) => createKey(cluster.url, member, "eng")));
    const budget = await runCli(["team", "budget", "--database", cluster.url, "--team", "eng", "--daily", String(REQUEST_COST_USD * 37), "--as", "lead"]);
    assert.equal(budget.status, 0, budget.stderr);
    const [one, two] = await Promise.all([serveTeam(["--database", cluster.url, "--config", config]), serveTeam(["--database", cluster.url, "--config", config])]);
    gateways.push(one!, two!);
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, index) => ask(index % 2 === 0 ? one! : two!, keys[index % 4]!.key)));
    const answered = outcomes.filter((outcome) => outcome === "ok").length;
    assert.equal(answered, 37, `answered: ${answered}; outcomes: ${[...new Set(outcomes)].join(", ")}`);
    assert.deepEqual([...new Set(outcomes.filter((outcome) => outcome !== "ok"))], [402], "the rest refused for the budget");
    const byTeam = await teamSpend(cluster.url, "team");
    assert.deepEqual(
      byTeam.rows.map((row) => [row.key, row.requests, row.costUsd]),
      [["eng", 37, 0.111]],
      "the team spent exactly its cap",
    );
    const byMember = await teamSpend(cluster.url, "member");
    assert.deepEqual(byMember.rows.map((row) => row.key).sort(), ["ana", "bo", "cy", "di"]);
    assert.equal(byMember.total.costUsd, 0.111);
    const verify = await runCli(["ledger", "verify", "--database", cluster.url]);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    // 37 calls, 4 keys created and one team budget set: the changes are in the chain too.
    assert.match(verify.stdout, /OK, 42 records, hash chain intact/);
  });

  it("a key revoked while both instances run is refused by both on its next request; GET /v1/key and /v1/models answer the member", async () => {
    const { key, id } = await createKey(cluster.url, "eve", "ops", ["--models", "rec/other", "--budget-daily", "1"]);
    const [one, two] = gateways;
    const info = (await (await fetch(`${one!.url}/v1/key`, { headers: { authorization: `Bearer ${key}` } })).json()) as { data: { limit: number; limit_remaining: number; limit_reset: string; switchboard: { member: string; team: string } } };
    assert.deepEqual([info.data.limit, info.data.limit_remaining, info.data.limit_reset, info.data.switchboard.member, info.data.switchboard.team], [1, 1, "daily", "eve", "ops"]);
    const models = await client(two!, key).models.list();
    assert.deepEqual(
      models.data.map((model) => model.id),
      ["rec/other"],
      "only what the key allows",
    );
    assert.equal(await ask(two!, key), 403, "rec/m is outside the key's models");
    // The team's spend through the gateway: an admin key's business only.
    const denied = await fetch(`${two!.url}/v1/team/spend`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(denied.status, 403);
    const { key: adminKey } = await createKey(cluster.url, "lead", "ops", ["--admin"]);
    const spend = (await (await fetch(`${one!.url}/v1/team/spend`, { headers: { authorization: `Bearer ${adminKey}` } })).json()) as { cells: Array<{ member: string | null; pico: string }> };
    const picoByMember = (member: string) => spend.cells.filter((cell) => cell.member === member).reduce((sum, cell) => sum + BigInt(cell.pico), 0n);
    assert.equal(picoByMember("ana") + picoByMember("bo") + picoByMember("cy") + picoByMember("di"), 111_000_000_000n, "the same $0.111 as spend --database");
    const revoked = await runCli(["team", "keys", "revoke", id, "--database", cluster.url, "--as", "lead"]);
    assert.equal(revoked.status, 0, revoked.stderr);
    for (const gateway of [one!, two!]) {
      const refused = await client(gateway, key).models.list().catch((error: unknown) => error);
      assert.ok(refused instanceof OpenAI.AuthenticationError, String(refused));
      assert.match(refused.message, /was revoked on .* ask your team's Switchboard admin/);
    }
  });

  it("the CLI as a member (SWITCHBOARD_TEAM_GATEWAY, SWITCHBOARD_TEAM_KEY): the key's models listed and called through the gateway; a policy requiring the gateway excludes the rest", async () => {
    const { key } = await createKey(cluster.url, "gus", "dev");
    const member = { SWITCHBOARD_TEAM_GATEWAY: gateways[1]!.url, SWITCHBOARD_TEAM_KEY: key };
    const models = await runCli(["models", "--json"], member);
    assert.equal(models.status, 0, models.stderr);
    const listed = models.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string; pricing: { output: number } })
      .filter((model) => model.id.startsWith("team/"));
    assert.deepEqual(
      listed.map((model) => [model.id, model.pricing.output]),
      [
        ["team/rec/m", 10],
        ["team/rec/other", 10],
      ],
    );
    const policy = join(mkdtempSync(join(tmpdir(), "switchboard-policy-")), "policy.json");
    writeFileSync(policy, JSON.stringify({ requireGateway: gateways[1]!.url }));
    const chat = await runCli(["chat", "--model", "team/rec/m", "--prompt", "Say hello", "--max-tokens", String(COMPLETION_TOKENS), "--policy", policy, "--json"], member);
    assert.equal(chat.status, 0, chat.stderr);
    const done = JSON.parse(chat.stdout.trim().split("\n").at(-1)!) as { costUsd: number; attempts: Array<{ provider: string; model: string }> };
    assert.deepEqual([done.costUsd, done.attempts[0]?.provider, done.attempts[0]?.model], [REQUEST_COST_USD, "team", "rec/m"]);
    const elsewhere = await runCli(["chat", "--model", "demo/swift-mini", "--prompt", "hi", "--policy", policy], member);
    assert.equal(elsewhere.status, 1);
    assert.match(elsewhere.stderr, /requires every request to go through the team gateway/);
    const byMember = await teamSpend(cluster.url, "member");
    assert.equal(byMember.rows.find((row) => row.key === "gus")?.costUsd, REQUEST_COST_USD, "billed to the member on the team's ledger");
    const missingKey = await runCli(["models"], { SWITCHBOARD_TEAM_GATEWAY: gateways[1]!.url });
    assert.equal(missingKey.status, 2);
    assert.match(missingKey.stderr, /SWITCHBOARD_TEAM_KEY is not/);
  });

  it("a SIGKILLed instance mid-stream loses no acknowledged record, and Postgres restarted mid-run means 503s, then recovery with every record kept", async () => {
    const slow = await recordedProvider(5);
    try {
      const { key } = await createKey(cluster.url, "fay", "qa");
      const instance = await serveTeam(["--database", cluster.url, "--config", teamConfig(slow)]);
      const survivor = gateways[0]!;
      const before = (await teamSpend(cluster.url, "team")).total.requests;
      // Ten streams in flight on the instance that dies; it is killed while they stream.
      const inFlight = Array.from({ length: 10 }, (_, index) => (index < 3 ? ask(survivor, key) : ask(instance, key)));
      await new Promise((resolve) => setTimeout(resolve, 250));
      instance.child.kill("SIGKILL");
      const outcomes = await Promise.all(inFlight);
      const acknowledged = outcomes.filter((outcome) => outcome === "ok").length;
      assert.ok(acknowledged >= 3, `the other instance's streams finished: ${outcomes.join(", ")}`);
      const after = (await teamSpend(cluster.url, "team")).total.requests;
      assert.ok(after - before >= acknowledged, `every answer a client received whole is recorded (${after - before} records, ${acknowledged} acknowledged)`);

      cluster.stop();
      const down = await ask(survivor, key);
      assert.equal(down, 503, "the database is down: a clear 503");
      const message = await client(survivor, key).models.list().catch((error: unknown) => (error as Error).message);
      assert.match(String(message), /team database .* is unavailable/);
      cluster.start();
      assert.equal(await ask(survivor, key), "ok", "back once Postgres is");
      const verify = await runCli(["ledger", "verify", "--database", cluster.url]);
      assert.equal(verify.status, 0, verify.stdout + verify.stderr);
      assert.equal((await teamSpend(cluster.url, "team")).total.requests, after + 1);
    } finally {
      await slow.close();
    }
  });
});
