import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ColumnState, HostMessage } from "../../src/protocol";
import { HOSTILE_OUTPUTS } from "./hostile-outputs";
import { WebviewHarness, type WebviewPage } from "./webview-host";

const models = [{ id: "demo/swift-mini", displayName: "Swift Mini (simulated)", simulated: true, inputPrice: 0.15, outputPrice: 0.6, contextWindow: 128000 }];
const init: HostMessage = { type: "init", models, defaultModels: ["demo/swift-mini"], prompt: "" };
const stats = { inputTokens: 5, outputTokens: 9, cachedInputTokens: 0, costUsd: 0.00001, exact: true, ttftMs: 100, tokensPerSecond: 50 };

function column(text: string, extra: Partial<ColumnState> = {}): ColumnState {
  return { columnId: "c1", modelId: "demo/swift-mini", status: "done", text, reasoning: "", error: null, stats, ...extra };
}

describe("answers as Markdown, safely", () => {
  let harness: WebviewHarness;
  let view: WebviewPage;
  const dialogs: string[] = [];
  const outgoing: string[] = [];

  before(async () => {
    harness = await WebviewHarness.start();
    view = await harness.open();
    view.page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    view.page.on("request", (request) => {
      if (!request.url().startsWith(harness.origin)) outgoing.push(request.url());
    });
    await view.waitForPosted("ready");
    await view.send(init);
  });
  after(() => harness?.close());

  it("renders headings, lists, inline code and fenced code, with actions on each code block", async () => {
    const text = "# Plan\n\n- one\n- two\n\nUse `npm ci`.\n\n```ts\nconst x = 1 < 2;\n```\n";
    await view.send({ type: "columns", columns: [column(text)], sessionCostUsd: 0 });
    const answer = view.page.getByTestId("answer");
    await answer.locator("h1", { hasText: "Plan" }).waitFor();
    assert.equal(await answer.locator("li").count(), 2);
    assert.equal(await answer.locator("p code").innerText(), "npm ci");
    assert.equal(await answer.locator("pre code").innerText(), "const x = 1 < 2;");
    assert.equal(await answer.locator("pre code").getAttribute("data-language"), "ts");
    assert.equal(await answer.locator("pre code .hljs-keyword").first().innerText(), "const", "highlighted as TypeScript");
    await answer.getByRole("button", { name: "Insert at Cursor" }).click();
    await answer.getByRole("button", { name: "Apply as Diff" }).click();
    await answer.getByRole("button", { name: "Copy" }).click();
    const actions = (await view.posted()).filter((m) => m.type === "code-action");
    assert.deepEqual(actions, [
      { type: "code-action", action: "insert", code: "const x = 1 < 2;", columnId: "c1" },
      { type: "code-action", action: "apply", code: "const x = 1 < 2;", columnId: "c1" },
      { type: "code-action", action: "copy", code: "const x = 1 < 2;", columnId: "c1" },
    ]);
  });

  it("sends link clicks to the host instead of navigating", async () => {
    await view.send({ type: "columns", columns: [column("See [the docs](https://example.com/docs).")], sessionCostUsd: 0 });
    await view.page.getByRole("link", { name: "the docs" }).click();
    const links = (await view.posted()).filter((m) => m.type === "open-link");
    assert.deepEqual(links.at(-1), { type: "open-link", href: "https://example.com/docs" });
    assert.ok(view.page.url().startsWith(harness.origin), "the page did not navigate");
  });

  it("a rendered link has no live href, so nothing but the host's confirmed path can open it (regression: VS Code opened it before the user confirmed)", async () => {
    await view.send({ type: "columns", columns: [column("Read [the guide](https://example.com/guide) first.")], sessionCostUsd: 0 });
    const link = view.page.getByRole("link", { name: "the guide" });
    await link.waitFor();
    assert.equal(await link.getAttribute("href"), null, "no href for the webview host to follow on its own");
    assert.equal(await link.getAttribute("title"), "https://example.com/guide", "the target is still shown");
    const before = (await view.posted()).filter((m) => m.type === "open-link").length;
    await link.focus();
    await view.page.keyboard.press("Enter");
    const links = (await view.posted()).filter((m) => m.type === "open-link");
    assert.equal(links.length, before + 1, "the keyboard opens it through the host too");
    assert.deepEqual(links.at(-1), { type: "open-link", href: "https://example.com/guide" });
  });

  it("shows Unicode bidi control characters as visible markers instead of applying them", async () => {
    // "Trojan source": U+202E reverses what follows, so the text reads "...txt.exe" instead of "...exe.txt".
    await view.send({ type: "columns", columns: [column("Open invoice\u202Etxt.exe and `a\u2066b`")], sessionCostUsd: 0 });
    const answer = view.page.getByTestId("answer");
    await answer.locator(".bidi-control").first().waitFor();
    const shown = await answer.evaluate((el) => ({ text: el.textContent ?? "", markers: [...el.querySelectorAll(".bidi-control")].map((m) => m.textContent) }));
    assert.deepEqual(shown.markers, ["[U+202E]", "[U+2066]"]);
    assert.equal(/[\u202A-\u202E\u2066-\u2069]/.test(shown.text), false, "no live control character is left");
    assert.match(shown.text, /Open invoice\[U\+202E\]txt\.exe/);
  });

  it("shows bidi controls in highlighted code as markers too, with the code still highlighted", async () => {
    await view.send({ type: "columns", columns: [column("```ts\nconst role = \"user\u202E\u2066// admin\";\n```")], sessionCostUsd: 0 });
    const code = view.page.getByTestId("answer").locator("pre code");
    await code.locator(".bidi-control").first().waitFor();
    const shown = await code.evaluate((el) => ({ text: el.textContent ?? "", keyword: el.querySelector(".hljs-keyword")?.textContent, slot: el.getAttribute("data-highlight") }));
    assert.equal(shown.text, 'const role = "user[U+202E][U+2066]// admin";');
    assert.deepEqual({ keyword: shown.keyword, slot: shown.slot }, { keyword: "const", slot: null });
  });

  it("shows bidi controls as markers in the neighbouring plain text too: reasoning, tool-call arguments, the sent prompt", async () => {
    await view.send({
      type: "columns",
      columns: [column("ok", { reasoning: "think\u202Eelif", toolCalls: [{ id: "t1", name: "save", arguments: '{"path":"a\u2067b"}' }] })],
      sessionCostUsd: 0,
      comparison: 77,
      prompt: "ask\u202Bed",
    });
    await view.page.locator(".reasoning-text .bidi-control").waitFor({ state: "attached" });
    const seen = await view.page.evaluate(() => ({
      reasoning: document.querySelector(".reasoning-text")?.textContent,
      args: document.querySelector('[data-testid="tool-call-arguments"]')?.textContent,
      asked: document.querySelector('[data-testid="asked"] summary')?.textContent,
    }));
    assert.deepEqual(seen, { reasoning: "think[U+202E]elif", args: '{\n  "path": "a[U+2067]b"\n}', asked: "Asked: ask[U+202B]ed" });
  });

  it("streams: finished blocks stay, the open block grows, and the result equals a one-shot render", async () => {
    const full = "First paragraph.\n\n```js\nlet a = 1;\nlet b = 2;\n```\n\nLast words here.";
    await view.send({ type: "columns", columns: [column("", { status: "streaming" })], sessionCostUsd: 0 });
    const parts = full.match(/[\s\S]{1,5}/g)!;
    for (const part of parts) {
      await view.send({ type: "column-delta", columnId: "c1", text: part, reasoning: "", status: "streaming", stats, error: null, sessionCostUsd: 0 });
    }
    await view.page.getByTestId("answer").filter({ hasText: "Last words here." }).waitFor();
    const streamed = await view.page.getByTestId("answer").innerHTML();
    await view.send({ type: "columns", columns: [column(full)], sessionCostUsd: 0 });
    await view.page.getByTestId("status").filter({ hasText: "Done" }).waitFor();
    assert.equal(await view.page.getByTestId("answer").innerHTML(), streamed);
  });

  it(`renders ${HOSTILE_OUTPUTS.length} hostile outputs with no script, no dialog and no outgoing request`, async () => {
    assert.ok(HOSTILE_OUTPUTS.length >= 30);
    for (const hostile of HOSTILE_OUTPUTS) {
      await view.send({ type: "columns", columns: [column(hostile)], sessionCostUsd: 0 });
      await view.page.waitForTimeout(20);
      const dom = await view.page.getByTestId("answer").evaluate((el) => ({
        scripts: el.querySelectorAll("script, iframe, object, embed, style, img, svg, form, input, link, meta, base").length,
        handlers: [...el.querySelectorAll("*")].flatMap((node) => [...node.attributes].filter((a) => a.name.startsWith("on")).map((a) => a.name)),
        badLinks: [...el.querySelectorAll("a")].map((a) => a.getAttribute("data-href") ?? "").filter((href) => !/^(https?:|mailto:|#)/i.test(href) && href !== ""),
        liveLinks: el.querySelectorAll("a[href]").length,
      }));
      assert.deepEqual(dom, { scripts: 0, handlers: [], badLinks: [], liveLinks: 0 }, hostile.slice(0, 80));
    }
    await view.page.waitForTimeout(200);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined, "no injected script ran");
    assert.deepEqual(dialogs, []);
    assert.deepEqual(outgoing, []);
    assert.deepEqual(view.errors, []);
  });
});

describe("column controls and context", () => {
  let harness: WebviewHarness;
  let view: WebviewPage;
  before(async () => {
    harness = await WebviewHarness.start();
    view = await harness.openReady(init);
  });
  after(() => harness?.close());

  it("offers the fitting action for each error kind", async () => {
    const cases: Array<[string, string, object]> = [
      ["auth", "Set API Key", { type: "error-action", action: "set-key", modelId: "demo/swift-mini" }],
      ["budget", "Open Budget Settings", { type: "error-action", action: "open-budget", modelId: "demo/swift-mini" }],
      ["policy", "Pick Another Model", { type: "error-action", action: "pick-model", modelId: "demo/swift-mini" }],
      ["rate-limit", "Retry", { type: "retry", columnId: "c1" }],
    ];
    for (const [kind, label, message] of cases) {
      await view.send({ type: "columns", columns: [column("", { status: "error", error: { kind, message: "boom" } })], sessionCostUsd: 0 });
      const button = view.page.getByTestId("error-action");
      await button.filter({ hasText: label }).waitFor();
      await button.click();
      assert.deepEqual((await view.posted()).at(-1), message, kind);
    }
  });

  it("stops one streaming column, or all of them", async () => {
    await view.send({ type: "columns", columns: [column("Partial", { status: "streaming" }), column("Other", { columnId: "c2", status: "streaming" })], sessionCostUsd: 0 });
    await view.page.getByTestId("column-c2").getByRole("button", { name: "Stop this column" }).click();
    assert.deepEqual((await view.posted()).at(-1), { type: "stop", columnId: "c2" });
    await view.page.getByTestId("stop-all").click();
    assert.deepEqual((await view.posted()).at(-1), { type: "stop" });
  });

  it("retries a finished column and clears the playground", async () => {
    await view.send({ type: "columns", columns: [column("Done answer.")], sessionCostUsd: 0 });
    await view.page.getByTestId("retry").click();
    assert.deepEqual((await view.posted()).at(-1), { type: "retry", columnId: "c1" });
    await view.page.getByTestId("clear").click();
    assert.deepEqual((await view.posted()).at(-1), { type: "clear" });
  });

  it("shows the selected code a comparison started from as an expandable chip", async () => {
    await view.send({ type: "attachment", attachment: { fileName: "stats.ts", languageId: "typescript", startLine: 1, endLine: 5, code: "export function median() {}" } });
    const chip = view.page.getByTestId("attachment");
    await chip.locator("summary", { hasText: "Attached: stats.ts · typescript · lines 1–5" }).click();
    assert.equal(await chip.locator("code").innerText(), "export function median() {}");
  });

  it("announces column status to screen readers, not every token", async () => {
    await view.send({ type: "columns", columns: [column("x", { status: "streaming" })], sessionCostUsd: 0 });
    const announcer = view.page.getByTestId("announcer");
    assert.equal(await announcer.getAttribute("aria-live"), "polite");
    await announcer.filter({ hasText: "Swift Mini (simulated): streaming." }).waitFor({ state: "attached" });
  });
});
