// The real coding agents, pinned (Claude Code 2.1.328, Gemini CLI 0.61.0, Codex CLI 0.169.0), pointed at `switchboard serve`
// the way their documentation describes a gateway, each finishing a file-writing task on a model of its
// own wire and on one of another wire. A scripted loopback model makes the agent run its own tool and then
// answer; a recording proxy shows what the agent sent, to compare with what reached the provider.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type AgentGateway, type AgentRun, GATEWAY_TOKEN, PRICES, runAgent, startAgentGateway } from "./agent-gateway";
import { CODEX_PROFILE, codexProfile, codexProfileFile } from "../../src/gateway/codex-config";
import { type AgentBinaries, installAgents } from "./install-agents";
import type { ScriptedModel } from "./scripted-model";

const TASK = "Create a file hello.txt that says hello.";
const ANSWER = "I wrote hello.txt.";

/** Every key anywhere in a JSON value. */
function keysIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysIn(item, into);
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      keysIn(inner, into);
    }
  }
  return into;
}

/** The scripted models write `content` to hello.txt in the agent's work directory (set once it exists). */
function giveTask(g: AgentGateway, tool: string, content: string): (home: string, work: string) => void {
  return (_home, work) => {
    for (const model of Object.values(g.models)) model.task = { tool, args: { file_path: join(work, "hello.txt"), content }, answer: ANSWER };
  };
}

function assertFinished(run: AgentRun, content: string): void {
  assert.equal(run.code, 0, `the agent exited with ${run.code}: ${run.stderr.slice(-2000)}`);
  assert.match(run.stdout, new RegExp(ANSWER.replace(/\./g, "\\.")));
  assert.equal(readFileSync(join(run.workDir, "hello.txt"), "utf8"), content);
}

/** What the agent sent, as the proxy saw it, beside what the provider got, request by request. */
function pairs(g: AgentGateway, model: ScriptedModel) {
  assert.equal(g.proxy.sent.length, model.calls.length, "every request the agent sent reached the provider once");
  return g.proxy.sent.map((sent, index) => ({ sent, sentBody: JSON.parse(sent.text) as Record<string, unknown>, got: model.calls[index]! }));
}

const usd = (tokens: number, perMillion: number) => (tokens * perMillion) / 1e6;


describe("coding agents through switchboard serve", { timeout: 600_000 }, () => {
  let agents: AgentBinaries;
  before(() => {
    agents = installAgents();
  });

  describe("Claude Code 2.1.328", () => {
    let g: AgentGateway;
    before(async () => {
      g = await startAgentGateway();
    });
    after(() => g.close());

    const claude = (model: string, content: string) =>
      runAgent(
        agents.claude,
        ["-p", TASK, "--permission-mode", "acceptEdits"],
        {
          ANTHROPIC_BASE_URL: g.proxy.url,
          ANTHROPIC_API_KEY: GATEWAY_TOKEN,
          ANTHROPIC_MODEL: model,
          ANTHROPIC_DEFAULT_HAIKU_MODEL: model,
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
        },
        giveTask(g, "Write", content),
      );

    it("on an Anthropic model: the provider gets exactly what Claude Code sent, its thinking signature comes back on the next turn, billed with cache reads and writes per session", async () => {
      const content = "Hello from Claude Code on its own wire\n";
      const run = await claude("scripted-anthropic/claude", content);
      assertFinished(run, content);
      const model = g.models.anthropic;
      const requests = pairs(g, model);
      assert.ok(requests.length >= 2, "a tool turn and an answer turn");
      for (const { sent, sentBody, got } of requests) {
        assert.equal(got.url, sent.url.replace(/^\/v1\/messages/, "/v1/messages"));
        assert.deepEqual(got.body, { ...sentBody, model: "claude" });
        for (const header of ["anthropic-beta", "anthropic-version", "x-app", "user-agent"]) assert.equal(got.headers[header], sent.headers[header], header);
        assert.ok(!JSON.stringify(got.headers).includes(GATEWAY_TOKEN), "the gateway token stays with the gateway");
      }
      const [first, second] = requests;
      // What Claude Code sends that a stripping gateway loses.
      assert.ok(keysIn(first!.got.body).has("cache_control"));
      assert.match(String(first!.sent.headers["anthropic-beta"]), /claude-code-/);
      const signature = model.signatures[0]!;
      const thinkingBack = (second!.got.body.messages as Array<{ role: string; content: unknown }>).some(
        (message) => message.role === "assistant" && Array.isArray(message.content) && message.content.some((block) => block.type === "thinking" && block.signature === signature),
      );
      assert.ok(thinkingBack, "the signed thinking block of the tool turn went back unchanged");

      const session = String(first!.sent.headers["x-claude-code-session-id"]);
      const records = g.records();
      assert.equal(records.length, requests.length);
      for (const record of records) {
        assert.deepEqual([record.provider, record.model, record.outcome, record.caller, record.session], ["scripted-anthropic", "claude", "ok", "claude-code", session]);
        assert.deepEqual([record.inputTokens, record.cachedInputTokens, record.cacheWriteTokens, record.outputTokens], [32900, 30000, 2000, 60]);
        const expected = usd(900, PRICES.anthropic.input) + usd(30000, PRICES.anthropic.cachedInput) + usd(2000, PRICES.anthropic.cacheWrite) + usd(60, PRICES.anthropic.output);
        assert.ok(Math.abs(record.costUsd - expected) < 1e-12, `${record.costUsd} vs ${expected}`);
      }
      // What the session cost, as `switchboard spend --by session` and `--by caller` report it.
      const bySession = g.spend("session");
      assert.deepEqual(bySession.rows.map((row) => [row.key, row.requests]), [[`claude-code ${session}`, records.length]]);
      assert.equal(bySession.rows[0]!.costUsd, bySession.total.costUsd);
      assert.deepEqual(g.spend("caller").rows.map((row) => row.key), ["claude-code"]);
    });

    it("on an OpenAI-compatible model: every body is a valid Chat Completions request with nothing Anthropic-only, the tool call and its result tied by id", async () => {
      g.proxy.sent.length = 0;
      const before = g.records().length;
      const content = "Hello from Claude Code on another wire\n";
      const run = await claude("scripted-openai/gpt", content);
      assertFinished(run, content);
      const requests = pairs(g, g.models.openai);
      for (const { sentBody, got } of requests) {
        assert.equal(got.url, "/v1/chat/completions");
        const body = got.body as { model: string; messages: Array<{ role: string; tool_calls?: Array<{ id: string }>; tool_call_id?: string }>; tools?: Array<{ type: string; function: { name: string } }> };
        assert.equal(body.model, "gpt");
        for (const key of ["cache_control", "signature", "defer_loading", "context_management", "output_config", "thinking", "metadata", "input_schema"]) {
          assert.ok(!keysIn(body).has(key), `${key} must not reach an OpenAI-compatible provider`);
        }
        for (const message of body.messages) assert.ok(["system", "user", "assistant", "tool"].includes(message.role), message.role);
        for (const tool of body.tools ?? []) assert.equal(tool.type, "function");
        const calls = body.messages.flatMap((message) => message.tool_calls ?? []).map((call) => call.id);
        const results = body.messages.flatMap((message) => (message.tool_call_id ? [message.tool_call_id] : []));
        assert.deepEqual(results, calls.slice(0, results.length));
        // Claude Code's effort reaches a reasoning model as its reasoning setting.
        const effort = (sentBody.output_config as { effort?: string } | undefined)?.effort;
        if (effort === "low" || effort === "medium" || effort === "high") assert.equal((got.body as { reasoning_effort?: string }).reasoning_effort, effort);
      }
      assert.ok(requests.some(({ got }) => JSON.stringify(got.body).includes('"role":"tool"')), "the tool's result went back to the model");
      const records = g.records().slice(before);
      assert.equal(records.length, requests.length);
      for (const record of records) assert.deepEqual([record.provider, record.outcome, record.caller, record.cachedInputTokens], ["scripted-openai", "ok", "claude-code", 2048]);
    });
  });

  describe("Gemini CLI 0.61.0", () => {
    let g: AgentGateway;
    before(async () => {
      g = await startAgentGateway();
    });
    after(() => g.close());

    const gemini = (model: string, content: string) => {
      const task = giveTask(g, "write_file", content);
      return runAgent(
        agents.gemini,
        ["-m", model, "-p", TASK, "--yolo"],
        { GOOGLE_GEMINI_BASE_URL: g.proxy.url, GEMINI_API_KEY: GATEWAY_TOKEN, GEMINI_CLI_TRUST_WORKSPACE: "true" },
        (home, work) => {
          // An API key is the auth method the CLI uses with a base URL of one's own.
          mkdirSync(join(home, ".gemini"), { recursive: true });
          writeFileSync(join(home, ".gemini", "settings.json"), JSON.stringify({ security: { auth: { selectedType: "gemini-api-key" } } }));
          task(home, work);
        },
      );
    };

    it("on a Gemini model: the request as sent (the model from the path), its thought signature back on the next turn, billed per conversation", async () => {
      const content = "Hello from Gemini CLI on its own wire\n";
      const run = await gemini("scripted-gemini/gemini", content);
      assertFinished(run, content);
      const model = g.models.gemini;
      const requests = pairs(g, model);
      assert.ok(requests.length >= 2);
      for (const { sent, sentBody, got } of requests) {
        assert.equal(got.url, sent.url.replace("/models/scripted-gemini/gemini:", "/models/gemini:"));
        assert.deepEqual(got.body, sentBody);
        assert.equal(got.headers["x-goog-api-client"], sent.headers["x-goog-api-client"]);
        assert.ok(!JSON.stringify(got.headers).includes(GATEWAY_TOKEN));
      }
      const signature = model.signatures[0]!;
      const chat = requests.filter(({ got }) => got.url.includes("streamGenerateContent"));
      assert.ok(JSON.stringify(chat.at(-1)!.got.body.contents).includes(`"thoughtSignature":"${signature}"`), "the thought signature went back unchanged");
      const records = g.records();
      assert.equal(records.length, requests.length);
      const sessions = new Set(records.filter((record) => record.feature === "gateway").map((record) => record.session));
      assert.equal(sessions.size, 1, "one conversation, one session");
      for (const record of records) {
        assert.deepEqual([record.provider, record.caller, record.inputTokens, record.cachedInputTokens, record.outputTokens], ["scripted-gemini", "gemini-cli", 5000, 4000, 52]);
        const expected = usd(1000, PRICES.gemini.input) + usd(4000, PRICES.gemini.cachedInput) + usd(52, PRICES.gemini.output);
        assert.ok(Math.abs(record.costUsd - expected) < 1e-12, `${record.costUsd} vs ${expected}`);
      }
    });

    it("on an Anthropic model: valid Messages bodies (alternating turns, tool_use and tool_result tied by id, no Gemini-only parts), the task done", async () => {
      g.proxy.sent.length = 0;
      const content = "Hello from Gemini CLI on another wire\n";
      const run = await gemini("scripted-anthropic/claude", content);
      assertFinished(run, content);
      const requests = pairs(g, g.models.anthropic);
      for (const { got } of requests) {
        assert.equal(got.url, "/v1/messages");
        const body = got.body as { model: string; messages: Array<{ role: string; content: unknown }>; system?: unknown; tools?: Array<{ name: string; input_schema: unknown }> };
        assert.equal(body.model, "claude");
        for (const key of ["thoughtSignature", "thought", "functionCall", "functionResponse", "parametersJsonSchema", "generationConfig"]) assert.ok(!keysIn(body).has(key), `${key} must not reach Anthropic`);
        for (const [index, message] of body.messages.entries()) assert.equal(message.role, index % 2 === 0 ? "user" : "assistant");
        for (const tool of body.tools ?? []) assert.equal(typeof tool.input_schema, "object");
        const blocks = body.messages.flatMap((message) => (Array.isArray(message.content) ? (message.content as Array<{ type: string; id?: string; tool_use_id?: string }>) : []));
        const uses = blocks.filter((block) => block.type === "tool_use").map((block) => block.id);
        const results = blocks.filter((block) => block.type === "tool_result").map((block) => block.tool_use_id);
        assert.deepEqual(results, uses.slice(0, results.length));
      }
      assert.ok(requests.some(({ got }) => JSON.stringify(got.body).includes('"tool_result"')));
    });
  });

  describe("Codex CLI 0.169.0", () => {
    let g: AgentGateway;
    before(async () => {
      g = await startAgentGateway();
    });
    after(() => g.close());

    /** Codex's own file tool: apply_patch, a custom (free-text) tool taking a patch. */
    const patchFor = (content: string) => `*** Begin Patch\n*** Add File: hello.txt\n${content.replace(/\n$/, "").split("\n").map((line) => `+${line}`).join("\n")}\n*** End Patch\n`;

    /**
     * With a model it knows (gpt-5.5, by its bare name) Codex offers apply_patch; with one it does not know
     * it falls back to its shell tool, exec_command. Either writes hello.txt in the work directory.
     */
    const codex = (model: string, content: string) => {
      const tool = model.includes("/") ? "exec_command" : "apply_patch";
      const args = tool === "apply_patch" ? { input: patchFor(content) } : { cmd: `printf '%s\\n' '${content.trim()}' > hello.txt` };
      return runAgent(
        agents.codex,
        ["exec", "--profile", CODEX_PROFILE, "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "-m", model, TASK],
        { SWITCHBOARD_GATEWAY_TOKEN: GATEWAY_TOKEN },
        (home) => {
          // Codex 0.169 reads no base-URL variable: the gateway is a model provider in a profile, the file
          // Switchboard writes (Add Switchboard to Codex CLI) beside the user's own config.toml.
          mkdirSync(join(home, ".codex"), { recursive: true });
          writeFileSync(join(home, ".codex", "config.toml"), 'model_reasoning_effort = "low"\n\n[tui]\nnotifications = false\n');
          writeFileSync(codexProfileFile({ CODEX_HOME: join(home, ".codex") }), codexProfile(g.proxy.url));
          for (const scripted of Object.values(g.models)) scripted.task = { tool, args, answer: ANSWER };
        },
      );
    };

    it("on a Responses model: the provider gets exactly what Codex sent, its encrypted reasoning comes back on the next turn, billed with cached tokens per session", async () => {
      const content = "Hello from Codex on its own wire\n";
      const run = await codex("gpt-5.5", content);
      assertFinished(run, content);
      const model = g.models.responses;
      const requests = pairs(g, model);
      assert.ok(requests.length >= 2, "a tool turn and an answer turn");
      for (const { sent, sentBody, got } of requests) {
        assert.equal(got.url, "/v1/responses");
        assert.deepEqual(got.body, { ...sentBody, model: "gpt-5.5" });
        for (const header of ["session-id", "originator", "user-agent", "x-codex-beta-features"]) assert.equal(got.headers[header], sent.headers[header], header);
        assert.ok(!JSON.stringify(got.headers).includes(GATEWAY_TOKEN), "the gateway token stays with the gateway");
      }
      const [first, second] = requests;
      assert.equal(first!.sentBody.store, false);
      assert.ok(keysIn(first!.sentBody).has("prompt_cache_key"));
      const encrypted = model.signatures[0]!;
      const reasoningBack = (second!.got.body.input as Array<{ type?: string; encrypted_content?: string }>).some((item) => item.type === "reasoning" && item.encrypted_content === encrypted);
      assert.ok(reasoningBack, "the encrypted reasoning of the tool turn went back unchanged");
      assert.match(JSON.stringify(second!.got.body.input), /"type":"custom_tool_call_output"/);

      const session = String(first!.sent.headers["session-id"]);
      const records = g.records();
      assert.equal(records.length, requests.length);
      for (const record of records) {
        assert.deepEqual([record.provider, record.model, record.outcome, record.caller, record.session], ["scripted-responses", "gpt-5.5", "ok", "codex", session]);
        assert.deepEqual([record.inputTokens, record.cachedInputTokens, record.outputTokens], [3000, 2048, 50]);
        const expected = usd(952, PRICES.responses.input) + usd(2048, PRICES.responses.cachedInput) + usd(50, PRICES.responses.output);
        assert.ok(Math.abs(record.costUsd - expected) < 1e-12, `${record.costUsd} vs ${expected}`);
      }
      assert.deepEqual(g.spend("session").rows.map((row) => [row.key, row.requests]), [[`codex ${session}`, records.length]]);
    });

    for (const [wire, modelId, provider] of [
      ["a Chat Completions", "scripted-openai/gpt", "scripted-openai"],
      ["an Anthropic", "scripted-anthropic/claude", "scripted-anthropic"],
    ] as const) {
      it(`on ${wire} model: valid ${wire.replace(/^an? /, "")} bodies (Codex's grouped tools flattened, nothing OpenAI-only), the shell call and its output tied by id, the task done and billed`, async () => {
        g.proxy.sent.length = 0;
        const before = g.records().length;
        const scripted = provider === "scripted-openai" ? g.models.openai : g.models.anthropic;
        scripted.calls.length = 0;
        const content = `Hello from Codex on ${wire} model\n`;
        const run = await codex(modelId, content);
        assertFinished(run, content);
        const requests = pairs(g, scripted);
        for (const { got } of requests) {
          for (const key of ["encrypted_content", "prompt_cache_key", "client_metadata", "include"]) assert.ok(!keysIn(got.body).has(key), `${key} must not reach ${wire} provider`);
          const names = JSON.stringify(got.body.tools);
          assert.match(names, /"exec_command"/);
          // Codex groups its sub-agent tools in a namespace: another wire gets them as NAMESPACE__NAME functions.
          assert.match(names, /"multi_agent_v1__\w+"/);
        }
        const text = JSON.stringify(requests.at(-1)!.got.body);
        assert.ok(provider === "scripted-openai" ? text.includes('"role":"tool"') : text.includes('"tool_result"'), "the patch's result went back to the model");
        const records = g.records().slice(before);
        assert.equal(records.length, requests.length);
        for (const record of records) assert.deepEqual([record.provider, record.outcome, record.caller], [provider, "ok", "codex"]);
        assert.ok(records.every((record) => record.cachedInputTokens > 0), "cached tokens billed");
      });
    }
  });
});
