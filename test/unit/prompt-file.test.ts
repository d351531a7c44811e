// GitHub Models prompt files as Switchboard reads, checks and saves them: GitHub's own examples parse;
// every problem of a bad file is reported with its line and column; string checks match as
// `gh models eval` matches them; Switchboard's regex, JSON Schema, cost and latency checks; saving keeps
// keys and comments Switchboard does not know.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { judgeVerdict, llmVerdict, localCheck, stringCheck } from "../../src/core/eval/checks";
import { rowMessages } from "../../src/core/eval/eval-run";
import { parsePromptFile, updatePromptFile } from "../../src/core/eval/prompt-file";

const fixture = (name: string) => readFileSync(join(__dirname, "..", "fixtures", "prompts", name), "utf8");

function parsed(text: string) {
  const result = parsePromptFile(text, "t.prompt.yml");
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result;
}

describe("prompt files", () => {
  it("GitHub's documentation example parses; {{input}} is filled from the row, the rest of the prompt kept", () => {
    const { file } = parsed(fixture("text-summarizer.prompt.yml"));
    assert.equal(file.model, "gpt-4o-mini");
    assert.equal(file.modelParameters?.temperature, 0.5);
    const messages = rowMessages(file, file.testData![0]!);
    assert.equal(messages[0]!.role, "system");
    assert.equal(messages[1]!.content, 'Summarize the given text, beginning with "Summary -":\n<text>\nThe quick brown fox jumped over the lazy dog.\nThe dog was too tired to react.\n\n</text>\n');
  });

  it("gh's json_schema example parses, with its schema", () => {
    const { file } = parsed(fixture("json-schema.prompt.yml"));
    assert.equal(file.responseFormat, "json_schema");
    assert.equal(file.testData?.length, 2);
  });

  it("a bad file: every problem with its line and column, in one go", () => {
    const text = [
      "name: Broken", // 1
      "messages:", // 2
      "  - role: robot", // 3
      "    content: hi", // 4
      "evaluators:", // 5
      "  - name: two kinds", // 6
      "    string: { contains: a, equals: b }", // 7
      "switchboard:", // 8
      "  models: [gpt-4o]", // 9
      "  evaluators:", // 10
      "    - name: bad regex", // 11
      "      regex: '(unclosed'", // 12
    ].join("\n");
    const result = parsePromptFile(text, "broken.prompt.yml");
    assert.equal(result.ok, false);
    const problems = result.ok ? [] : result.problems;
    assert.equal(problems.length, 3, problems.join("\n"));
    assert.match(problems[0]!, /^broken\.prompt\.yml:3:11: messages\.0\.role: /);
    assert.match(problems[1]!, /^broken\.prompt\.yml:7:13: evaluators\.0\.string: give exactly one of contains, equals, startsWith, endsWith/);
    assert.match(problems[2]!, /^broken\.prompt\.yml:9:12: switchboard\.models\.0: use PROVIDER\/MODEL/);
    // The regex is checked once the structure is right.
    const regex = parsePromptFile("messages: [{ role: user, content: hi }]\nswitchboard:\n  evaluators:\n    - name: bad regex\n      regex: '(unclosed'\n", "r.prompt.yml");
    assert.match(regex.ok ? "" : regex.problems[0]!, /^r\.prompt\.yml:5:14: switchboard\.evaluators\.0\.regex: Invalid regular expression/);
  });

  it("YAML that does not parse says where: the line and column of each problem, not 1:1", () => {
    const problems = (text: string) => {
      const result = parsePromptFile(text, "y.prompt.yml");
      return result.ok ? [] : result.problems;
    };
    assert.deepEqual(problems("name: x\nmodel: openai/gpt-4.1-mini\n\tmessages: []\n"), ["y.prompt.yml:3:1: Tabs are not allowed as indentation"]);
    assert.deepEqual(problems("name: x\nname: y\nmessages: []\n"), ["y.prompt.yml:2:1: Map keys must be unique"]);
    assert.match(problems("name: x\nmessages:\n  - role: user\n    content: hi\n  bad: : :\n")[0]!, /^y\.prompt\.yml:5:1: All mapping items must start at the same column/);
  });

  it("saving a change keeps comments and keys Switchboard does not know", () => {
    const text = "# team prompt\nname: Keep\nx-team-owner: search # who to ask\nmodel: openai/gpt-4.1-mini\nmessages:\n  - role: user\n    content: hi\n";
    const saved = updatePromptFile(text, { model: "anthropic/claude-sonnet-4-5", models: ["openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-5"] });
    assert.match(saved, /^# team prompt\n/);
    assert.match(saved, /x-team-owner: search # who to ask/);
    assert.match(saved, /model: anthropic\/claude-sonnet-4-5/);
    assert.deepEqual(parsed(saved).file.switchboard?.models, ["openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-5"]);
  });

  it("saving the model list changes only that list: untouched lines stay byte for byte as written (regression: {a: 2} became { a: 2 })", () => {
    const head = "name: Keep\nmodel: openai/gpt-4.1-mini\nmessages:\n  - role: user\n    content: '{{a}}'\ntestData:\n  - {a: 2}\n  - {a: \"x\"}   # quoted on purpose\n";
    const block = `${head}switchboard:\n  evaluators:\n    - name: n\n      regex: x\n  models:\n    - openai/gpt-4.1-mini\n    - demo/swift-mini\n`;
    const changed = updatePromptFile(block, { models: ["anthropic/claude-sonnet-4-5", "demo/sage-large"] });
    assert.equal(changed, block.replace("    - openai/gpt-4.1-mini\n    - demo/swift-mini\n", "    - anthropic/claude-sonnet-4-5\n    - demo/sage-large\n"));

    const flow = `${head}switchboard:\n  models: [openai/gpt-4.1-mini]  # compared weekly\n`;
    assert.equal(updatePromptFile(flow, { models: ["a/b", "c/d"] }), flow.replace("[openai/gpt-4.1-mini]", "[a/b, c/d]"));

    const beside = `${head}switchboard:\n  evaluators:\n    - name: n\n      regex: x\n`;
    const added = updatePromptFile(beside, { models: ["a/b"] });
    assert.equal(added, beside.replace("switchboard:\n", "switchboard:\n  models: [a/b]\n"));
    assert.deepEqual(parsed(added).file.switchboard?.models, ["a/b"]);

    const none = updatePromptFile(head, { models: ["a/b", "lan/odd: id"] });
    assert.equal(none, `${head}switchboard:\n  models: [a/b, "lan/odd: id"]\n`);
    assert.deepEqual(parsed(none).file.switchboard?.models, ["a/b", "lan/odd: id"]);
  });
});

describe("checks", () => {
  const string = (kind: string, value: string) => ({ name: kind, string: { [kind]: value } });

  it("contains, startsWith and endsWith ignore case; equals is exact; templates fill from the row", () => {
    const row = { expected: "Paris" };
    assert.equal(stringCheck(string("contains", "{{expected}}"), row, "The capital is paris.").pass, true);
    assert.equal(stringCheck(string("startsWith", "summary -"), row, "Summary - a fox").pass, true);
    assert.equal(stringCheck(string("endsWith", "DOG."), row, "a lazy dog.").pass, true);
    assert.equal(stringCheck(string("equals", "{{expected}}"), row, "paris").pass, false);
    assert.equal(stringCheck(string("equals", "{{expected}}"), row, "Paris").pass, true);
    assert.match(stringCheck(string("contains", "Lyon"), row, "Paris").detail, /expected the answer to contain "Lyon" \(ignoring case\); got "Paris"/);
  });

  it("regex, json-schema (a fenced JSON answer counts), max-cost (an unknown price fails), max-latency-ms", () => {
    const cell = { text: '```json\n{"name":"Rex","diet":"carnivore"}\n```', costUsd: 0.002, durationMs: 1200 };
    assert.equal(localCheck({ name: "r", regex: { pattern: "REX", flags: "i" } }, cell)?.pass, true);
    const schema = { type: "object", required: ["name", "habitat"], properties: { name: { type: "string" } } };
    const invalid = localCheck({ name: "s", "json-schema": schema }, cell);
    assert.equal(invalid?.pass, false);
    assert.match(invalid?.detail ?? "", /must have required property 'habitat'/);
    assert.equal(localCheck({ name: "s", "json-schema": { type: "object", required: ["name"] } }, cell)?.pass, true);
    assert.match(localCheck({ name: "s", "json-schema": schema }, { ...cell, text: "not json" })?.detail ?? "", /^the answer is not JSON/);
    assert.equal(localCheck({ name: "c", "max-cost": 0.001 }, cell)?.pass, false);
    assert.equal(localCheck({ name: "c", "max-cost": 0.001 }, { ...cell, costUsd: null })?.pass, false);
    assert.equal(localCheck({ name: "l", "max-latency-ms": 1500 }, cell)?.pass, true);
  });

  it("gh's llm evaluator takes the first choice in the judge's answer; the llm-judge's score passes at pass-score", () => {
    const llm = { name: "quality", llm: { modelId: "openai/gpt-4o", prompt: "Rate {{completion}}", choices: [{ choice: "good", score: 1 }, { choice: "bad", score: 0 }] } };
    assert.equal(llmVerdict(llm, "GOOD, clearly").pass, true);
    assert.equal(llmVerdict(llm, "bad").pass, false);
    assert.match(llmVerdict(llm, "unsure").detail, /matched none of the choices/);
    const judge = { name: "rubric", "llm-judge": { model: "openai/gpt-4.1-mini", rubric: "cites a source", "pass-score": 3 } };
    assert.equal(judgeVerdict(judge, "3 - it cites one").pass, true);
    assert.equal(judgeVerdict(judge, "2: no source").pass, false);
    assert.match(judgeVerdict(judge, "no idea").detail, /gave no score from 1 to 5/);
  });
});
