// A team gateway on the embedded default, PGlite: keys made and listed with the CLI, a member's rate
// limit answering 429 with Retry-After, one process per database directory, listening beyond loopback
// only for member keys and over TLS (or behind a named reverse proxy), and the ledger read page by page.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { redactSecrets } from "../../src/core/providers/redact";
import { verifyLedgerLines } from "../../src/core/spend/ledger-reader";
import { createMemberKey } from "../../src/core/team/member-keys";
import { openTeamDatabase } from "../../src/core/team/open-team-database";
import { teamLedgerLines } from "../../src/core/team/team-ledger";
import { MIGRATIONS, migrate } from "../../src/core/team/team-schema";
import type { FixtureServer } from "./fixture-server";
import { runCli } from "./run-cli";
import { COMPLETION_TOKENS, createKey, MODEL, recordedProvider, type ServedGateway, serveTeam, teamConfig } from "./team-helpers";

describe("team gateway on PGlite", { timeout: 180_000 }, () => {
  let provider: FixtureServer;
  let config: string;
  let database: string;
  let gateway: ServedGateway;
  let key: string;
  let keyId: string;
  before(async () => {
    provider = await recordedProvider();
    config = teamConfig(provider);
    database = join(mkdtempSync(join(tmpdir(), "switchboard-pglite-")), "team-db");
    ({ key, id: keyId } = await createKey(database, "ana", "eng", ["--rpm", "3", "--budget-monthly", "5"]));
    gateway = await serveTeam(["--database", database, "--config", config]);
  });
  after(async () => {
    gateway?.child.kill("SIGKILL");
    await provider?.close();
  });

  it("answers a member through the Anthropic SDK's key header too, and the fourth request in a minute gets 429 with Retry-After", async () => {
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const first = await openai.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }], max_tokens: COMPLETION_TOKENS, stream: true });
    for await (const _chunk of first);
    // x-api-key, as Anthropic clients send it: the member key works there as well (GET /v1/models does not count).
    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: key, maxRetries: 0 });
    const listed = await anthropic.models.list();
    assert.ok(listed.data.some((model) => model.id === MODEL));
    for (let index = 0; index < 2; index++) {
      const stream = await openai.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }], max_tokens: COMPLETION_TOKENS, stream: true });
      for await (const _chunk of stream);
    }
    const limited = await openai.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }], stream: true }).catch((error: unknown) => error);
    assert.ok(limited instanceof OpenAI.RateLimitError, String(limited));
    const retryAfter = Number(limited.headers?.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${retryAfter}`);
    assert.match(limited.message, /allows 3 requests per minute/);
    const info = (await (await fetch(`${gateway.url}/v1/key`, { headers: { "x-api-key": key } })).json()) as { data: { usage: number; limit: number; limit_remaining: number; rate_limit: { requests: number } } };
    assert.deepEqual([info.data.usage, info.data.limit, info.data.limit_remaining, info.data.rate_limit.requests], [0.009, 5, 4.991, 3]);
  });

  it("keeps the database to one process: a second gateway on the same directory is refused, naming the first", async () => {
    const second = await serveTeam(["--database", database, "--config", config]).catch((error: unknown) => error as Error);
    assert.ok(second instanceof Error);
    assert.match(second.message, /exited with 1.*is open in another Switchboard process \(pid \d+\)/s);
    const list = await runCli(["team", "keys", "list", "--database", database]);
    assert.equal(list.status, 1);
    assert.match(list.stderr, /open in another Switchboard process.*Postgres \(--database postgres:\/\/…\)/);
  });

  it("records who changed which key, and the calls with member and team, in a chain that verifies; the key itself never", async () => {
    gateway.child.kill("SIGTERM");
    assert.equal(await gateway.exited, 0);
    const rotated = await runCli(["team", "keys", "rotate", keyId, "--database", database, "--as", "lead"]);
    assert.equal(rotated.status, 0, rotated.stderr);
    const newKey = /^(sbk_\S+)$/m.exec(rotated.stdout)?.[1];
    assert.ok(newKey && newKey !== key);
    const list = await runCli(["team", "keys", "list", "--database", database, "--json"]);
    const keys = JSON.parse(list.stdout) as Array<{ id: string; revokedAt?: string; replacedBy?: string; spentMonthUsd: number }>;
    const [old, replacement] = [keys.find((k) => k.id === keyId)!, keys.find((k) => k.id !== keyId)!];
    assert.equal(old.replacedBy, replacement.id);
    assert.equal(replacement.spentMonthUsd, 0.009, "the new key carries the member's spend so far");
    const byMember = JSON.parse((await runCli(["spend", "--database", database, "--by", "member", "--format", "json"])).stdout) as { rows: Array<{ key: string; requests: number; costUsd: number }> };
    assert.deepEqual(byMember.rows, [{ key: "ana", requests: 3, attempts: 3, estimated: 0, unpriced: 0, inputTokens: 48, outputTokens: 900, costUsd: 0.009 }]);
    const verify = await runCli(["ledger", "verify", "--database", database]);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    // created, three calls, rotated
    assert.match(verify.stdout, /OK, 5 records, hash chain intact/);
    const opened = await openTeamDatabase(database);
    try {
      const rows = await opened.query<{ line: string }>("SELECT line FROM ledger ORDER BY seq");
      const text = rows.map((row) => row.line).join("\n");
      assert.ok(!text.includes(key) && !text.includes(newKey), "no member key in the ledger");
      assert.match(rows[0]!.line, /"created".*"member":"ana","team":"eng","memberKey":"mk_[^"]+","actor":"lead"/);
      assert.match(rows[4]!.line, /"rotated".*"actor":"lead"/);
      await assert.rejects(opened.query("DELETE FROM ledger"), /append-only/);
    } finally {
      await opened.close();
    }
  });

  it("migrates a database made by an earlier version (schema 1) once, keeping its keys; refuses one from a newer version", async () => {
    const directory = join(mkdtempSync(join(tmpdir(), "switchboard-pglite-migrate-")), "db");
    const opened = await openTeamDatabase(directory);
    try {
      await opened.query("CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
      await opened.query(MIGRATIONS[0]!.sql);
      await opened.query("INSERT INTO schema_migrations (version, name) VALUES (1, 'as released')");
      await opened.query("INSERT INTO member_keys (id, secret_hash, preview, member, team, created_by) VALUES ('mk_old', 'h', 'sbk_…', 'old', 'eng', 'lead')");
      assert.deepEqual(await migrate(opened), { applied: [2] });
      assert.deepEqual(await migrate(opened), { applied: [] }, "once");
      assert.deepEqual(await opened.query("SELECT id, admin FROM member_keys"), [{ id: "mk_old", admin: false }]);
      await opened.query("INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')");
      await assert.rejects(migrate(opened), /schema version 99, newer than this Switchboard knows \(2\): upgrade Switchboard/);
    } finally {
      await opened.close();
    }
  });

  it("reads a ledger longer than a page in chain order (ordering by the row number, not its text)", async () => {
    const directory = join(mkdtempSync(join(tmpdir(), "switchboard-pglite-pages-")), "db");
    const opened = await openTeamDatabase(directory);
    try {
      await migrate(opened);
      for (let index = 0; index < 12; index++) await createMemberKey(opened, `m${index}`, "eng", {}, "lead");
      const lines: string[] = [];
      for await (const line of teamLedgerLines(opened, 5)) lines.push(line);
      assert.deepEqual(
        lines.map((line) => /"member":"(m\d+)"/.exec(line)?.[1]),
        Array.from({ length: 12 }, (_, index) => `m${index}`),
      );
      const verified = await verifyLedgerLines(teamLedgerLines(opened, 5));
      assert.deepEqual([verified.ok, verified.records], [true, 12]);
    } finally {
      await opened.close();
    }
  });
});

function getWithHost(port: string, host: string, key: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpGet({ host: "127.0.0.1", port: Number(port), path: "/v1/models", headers: { host, authorization: `Bearer ${key}` } }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
  });
}

describe("team gateway listening beyond loopback", { timeout: 120_000 }, () => {
  let provider: FixtureServer;
  let database: string;
  const tls = mkdtempSync(join(tmpdir(), "switchboard-tls-"));
  before(async () => {
    provider = await recordedProvider();
    database = join(mkdtempSync(join(tmpdir(), "switchboard-pglite-")), "team-db");
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", join(tls, "key.pem"), "-out", join(tls, "cert.pem"), "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], { stdio: "pipe" });
  });
  after(() => provider?.close());

  it("refuses --host 0.0.0.0 without member keys, and a team gateway there over plain HTTP without a reverse proxy's host names", async () => {
    const single = await runCli(["serve", "--host", "0.0.0.0", "--port", "0"]);
    assert.equal(single.status, 2);
    assert.match(single.stderr, /single token is for this machine only.*serve --team/);
    const plain = await runCli(["serve", "--team", "--database", database, "--host", "0.0.0.0", "--port", "0"]);
    assert.equal(plain.status, 2);
    assert.match(plain.stderr, /member keys in the clear: give --tls-cert FILE --tls-key FILE, or, behind a reverse proxy .*--allowed-hosts/);
  });

  it("serves HTTPS on every interface with --tls-cert/--tls-key, and behind a proxy answers only the hosts it names", async () => {
    const { key } = await createKey(database, "ana", "eng");
    const secure = await serveTeam(["--database", database, "--config", teamConfig(provider), "--host", "0.0.0.0", "--tls-cert", join(tls, "cert.pem"), "--tls-key", join(tls, "key.pem")]);
    try {
      assert.match(secure.url, /^https:\/\/0\.0\.0\.0:\d+$/);
      const port = new URL(secure.url).port;
      const { Agent } = await import("undici");
      const dispatcher = new Agent({ connect: { ca: readFileSync(join(tls, "cert.pem")) } });
      const answer = await fetch(`https://localhost:${port}/v1/models`, { headers: { authorization: `Bearer ${key}` }, dispatcher } as RequestInit);
      assert.equal(answer.status, 200);
      const tokenless = await fetch(`https://localhost:${port}/v1/models`, { headers: { authorization: "Bearer sb-local-token" }, dispatcher } as RequestInit);
      assert.equal(tokenless.status, 401, "the local token is no key on a team gateway");
    } finally {
      secure.child.kill("SIGTERM");
      await secure.exited;
    }
    const proxied = await serveTeam(["--database", database, "--config", teamConfig(provider), "--host", "0.0.0.0", "--allowed-hosts", "switchboard.example.com"]);
    try {
      const port = new URL(proxied.url).port;
      // As the proxy forwards: the Host header names the public host.
      const named = await getWithHost(port, "switchboard.example.com", key);
      assert.equal(named.status, 200);
      const other = await getWithHost(port, "attacker.example", key);
      assert.equal(other.status, 403);
      assert.match((JSON.parse(other.body) as { error: { message: string } }).error.message, /switchboard\.example\.com/);
    } finally {
      proxied.child.kill("SIGTERM");
      await proxied.exited;
    }
  });

  it("keeps member keys and Postgres passwords out of error text", () => {
    assert.equal(redactSecrets("bad key sbk_AbCdEfGhIjKlMnOpQrStUvWx0123 here"), "bad key [redacted] here");
    assert.equal(redactSecrets("cannot reach postgres://admin:s3cret@db.example:5432/team"), "cannot reach postgres://admin:[redacted]@db.example:5432/team");
  });
});
