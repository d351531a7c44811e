// What a user saw go wrong in the layout (issue 13, item 9), in real Chromium: columns that fit any width,
// prices that say their unit, tables that look like tables, a trace of blocked images, and a prompt box
// that is ready for the next prompt once one is sent.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ColumnState, HostMessage, ModelOption } from "../../src/protocol";
import { WebviewHarness } from "./webview-host";

const models: ModelOption[] = [
  { id: "demo/swift-mini", displayName: "Swift Mini (simulated)", simulated: true, inputPrice: 0.15, outputPrice: 0.6, contextWindow: 128000 },
  { id: "demo/sage-large", displayName: "Sage Large (simulated)", simulated: true, inputPrice: 3, outputPrice: 15, contextWindow: 200000 },
];
const init: HostMessage = { type: "init", models, defaultModels: ["demo/swift-mini", "demo/sage-large"], prompt: "" };
const stats = { inputTokens: 5, outputTokens: 9, cachedInputTokens: 0, costUsd: 0.00001, exact: true, ttftMs: 100, tokensPerSecond: 50 };
const answer = "A long answer that should wrap inside its column rather than run off the right edge of a narrow editor.";
const columns = (count: number, text = answer): ColumnState[] =>
  Array.from({ length: count }, (_, i) => ({ columnId: `c${i + 1}`, modelId: models[i % 2]!.id, status: "done", text, reasoning: "", error: null, stats }));

describe("playground layout in Chromium", () => {
  let harness: WebviewHarness;
  before(async () => {
    harness = await WebviewHarness.start();
  });
  after(() => harness?.close());

  for (const width of [250, 420, 900]) {
    it(`four columns fit a ${width} px wide editor: nothing is cut off on the right (regression)`, async () => {
      const view = await harness.openReady(init, "vscode-dark", { width, height: 900 });
      await view.send({ type: "columns", columns: columns(4), sessionCostUsd: 0, comparison: 1 });
      await view.page.getByTestId("column-c4").waitFor();
      const layout = await view.page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        rights: [...document.querySelectorAll("section.column")].map((column) => column.getBoundingClientRect().right),
      }));
      assert.ok(layout.scrollWidth <= layout.innerWidth, `the page scrolls sideways: ${layout.scrollWidth} > ${layout.innerWidth}`);
      for (const right of layout.rights) assert.ok(right <= layout.innerWidth, `a column ends at ${right}, past ${layout.innerWidth}`);
      await view.page.close();
    });
  }

  it("at 300 px the prompt box takes the width (buttons below it) and the model list fits without sideways scrolling or clipped badges (regression)", async () => {
    const badged: ModelOption[] = models.map((m) => ({ ...m, local: true, imageInput: true, toolCalling: true, dataPolicy: "zero-retention", keyMissing: true }));
    const view = await harness.openReady({ ...init, models: badged }, "vscode-dark", { width: 300, height: 900 });
    await view.page.getByText("Send to 2 models").waitFor();
    const prompt = await view.page.getByTestId("prompt").boundingBox();
    assert.ok(prompt && prompt.width >= 240, `the prompt box is ${prompt?.width} px wide`);
    await view.page.getByTestId("model-2").locator(".picker-current").click();
    const popup = view.page.locator(".picker-popup");
    await popup.waitFor();
    const fit = await popup.evaluate((element) => {
      const list = element.querySelector(".picker-list")!;
      const box = element.getBoundingClientRect();
      return {
        left: box.left,
        right: box.right,
        sideways: list.scrollWidth - list.clientWidth,
        badges: [...element.querySelectorAll(".picker-badge")].map((badge) => badge.getBoundingClientRect().right),
      };
    });
    assert.ok(fit.left >= 0 && fit.right <= 300, `the list spans ${fit.left}–${fit.right} of 300 px`);
    assert.equal(fit.sideways, 0, "the list does not scroll sideways");
    for (const right of fit.badges) assert.ok(right <= fit.right, `a badge ends at ${right}, past the list's ${fit.right}`);
    await view.page.close();
  });

  it("columns stand side by side when there is room", async () => {
    const view = await harness.openReady(init, "vscode-dark", { width: 1400, height: 900 });
    await view.send({ type: "columns", columns: columns(4), sessionCostUsd: 0, comparison: 1 });
    await view.page.getByTestId("column-c4").waitFor();
    const tops = await view.page.locator("section.column").evaluateAll((all) => all.map((column) => Math.round(column.getBoundingClientRect().top)));
    assert.equal(new Set(tops).size, 1, `tops: ${tops.join(", ")}`);
    await view.page.close();
  });

  it("the collapsed picker says its prices are per 1M tokens; tables have borders and padding; a blocked image leaves its alt text", async () => {
    const view = await harness.openReady(init);
    await view.page.getByText("Send to 2 models").waitFor();
    assert.equal(await view.page.getByTestId("model-1").locator(".picker-current .picker-summary").innerText(), "$0.15/$0.6 per 1M");
    const markdown = "| a | b |\n| --- | --- |\n| 1 | 2 |\n\nHere: ![a cat on a mat](https://example.com/cat.png)";
    await view.send({ type: "columns", columns: columns(1, markdown), sessionCostUsd: 0, comparison: 2 });
    const cell = view.page.getByTestId("answer").locator("td").first();
    await cell.waitFor();
    const style = await cell.evaluate((td) => {
      const computed = getComputedStyle(td);
      return { border: computed.borderTopWidth, style: computed.borderTopStyle, padding: computed.paddingLeft };
    });
    assert.equal(style.style, "solid");
    assert.notEqual(style.border, "0px");
    assert.notEqual(style.padding, "0px");
    assert.match(await view.page.getByTestId("answer").innerText(), /Here: \[image not loaded: a cat on a mat\]/);
    assert.equal(await view.page.getByTestId("answer").locator("img").count(), 0);
  });

  it("after Send the prompt box is empty and the sent prompt shows above the answers; one sent from the editor replaces an old draft (regression)", async () => {
    const view = await harness.openReady(init);
    await view.page.getByTestId("prompt").click();
    await view.page.keyboard.type("Which sort is stable?");
    await view.page.getByTestId("send").click();
    await view.send({ type: "columns", columns: columns(2), sessionCostUsd: 0, comparison: 3, prompt: "Which sort is stable?" });
    const box = view.page.getByTestId("prompt");
    await view.page.waitForFunction(() => (document.querySelector('[data-testid="prompt"]') as HTMLTextAreaElement).value === "");
    assert.equal(await view.page.getByTestId("asked").locator("summary").innerText(), "Asked: Which sort is stable?");

    await box.click();
    await view.page.keyboard.type("an unrelated draft");
    const instruction = "Find bugs and risky edge cases in this typescript code from stats.ts (lines 1-9).";
    await view.send({ type: "columns", columns: columns(2), sessionCostUsd: 0, comparison: 4, prompt: `${instruction}\n\n\`\`\`ts\nconst x = 1;\n\`\`\`` });
    await view.page.waitForFunction(() => (document.querySelector('[data-testid="prompt"]') as HTMLTextAreaElement).value === "");
    assert.equal(await view.page.getByTestId("asked").locator("summary").innerText(), `Asked: ${instruction}`);
  });

  it("typing right after Ctrl+A in the prompt box keeps every character (regression: VS Code's late select-all ate the first ones)", async () => {
    const view = await harness.openReady(init);
    const box = view.page.getByTestId("prompt");
    await box.click();
    await view.page.keyboard.type("an old draft");
    await view.page.keyboard.press("Control+A");
    await view.page.keyboard.type("Write a haiku about routers", { delay: 25 });
    await view.page.waitForTimeout(150);
    assert.equal(await box.evaluate((el) => (el as HTMLTextAreaElement).value), "Write a haiku about routers");
  });
});
