// The checks of one answer: gh's string evaluators (contains / startsWith / endsWith ignore case, equals
// is exact, on the trimmed answer, as `gh models eval` matches them) and Switchboard's regex, JSON
// Schema, cost and latency checks. LLM judges are asked by the caller (they cost money and time).
import { checkJsonAnswer } from "./json-answer";
import type { GhEvaluator, SwitchboardEvaluator } from "./prompt-file";
import { fillTemplate, type Row } from "./template";

export interface CheckResult {
  name: string;
  pass: boolean;
  detail: string;
}

export interface AnsweredCell {
  /** The answer as gh compares it: trimmed. */
  text: string;
  costUsd: number | null;
  durationMs: number;
}

function quote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, " ");
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

export function stringCheck(evaluator: GhEvaluator, row: Row, answer: string): CheckResult {
  const check = evaluator.string!;
  const [kind, template] = Object.entries(check).find(([, value]) => value !== undefined) as [keyof typeof check, string];
  const expected = fillTemplate(template, row);
  const lower = answer.toLowerCase();
  const want = expected.toLowerCase();
  const pass = kind === "equals" ? answer === expected : kind === "contains" ? lower.includes(want) : kind === "startsWith" ? lower.startsWith(want) : lower.endsWith(want);
  return { name: evaluator.name, pass, detail: pass ? `${kind} ${quote(expected)}` : `expected the answer to ${kind === "equals" ? "equal" : kind === "contains" ? "contain" : kind === "startsWith" ? "start with" : "end with"} ${quote(expected)}${kind === "equals" ? "" : " (ignoring case)"}; got ${quote(answer)}` };
}

/** Switchboard's checks that need no model: regex, json-schema, max-cost, max-latency-ms. */
export function localCheck(evaluator: SwitchboardEvaluator, cell: AnsweredCell): CheckResult | undefined {
  const name = evaluator.name;
  if (evaluator.regex !== undefined) {
    const { pattern, flags } = typeof evaluator.regex === "string" ? { pattern: evaluator.regex, flags: "" } : evaluator.regex;
    const pass = new RegExp(pattern, flags).test(cell.text);
    return { name, pass, detail: pass ? `matches /${pattern}/${flags ?? ""}` : `does not match /${pattern}/${flags ?? ""}; got ${quote(cell.text)}` };
  }
  if (evaluator["json-schema"] !== undefined) {
    const check = checkJsonAnswer(cell.text, { type: "json-schema", schema: evaluator["json-schema"] as object });
    if (!check.parses) return { name, pass: false, detail: `the answer is not JSON (${check.parseError})` };
    const pass = check.matchesSchema === true;
    return { name, pass, detail: pass ? "valid JSON, matches the schema" : `JSON does not match the schema: ${check.schemaError}` };
  }
  if (evaluator["max-cost"] !== undefined) {
    const max = evaluator["max-cost"];
    if (cell.costUsd === null) return { name, pass: false, detail: "the model has no known price, so its cost cannot be checked" };
    const pass = cell.costUsd <= max;
    return { name, pass, detail: `cost $${cell.costUsd.toFixed(6)} ${pass ? "≤" : ">"} $${max}` };
  }
  if (evaluator["max-latency-ms"] !== undefined) {
    const max = evaluator["max-latency-ms"];
    const pass = cell.durationMs <= max;
    return { name, pass, detail: `took ${Math.round(cell.durationMs)} ms ${pass ? "≤" : ">"} ${max} ms` };
  }
  return undefined;
}

/** gh's llm evaluator: the first choice found in the judge's answer (ignoring case) decides the score. */
export function llmVerdict(evaluator: GhEvaluator, judgeAnswer: string): CheckResult {
  const answer = judgeAnswer.trim().toLowerCase();
  for (const choice of evaluator.llm!.choices) {
    if (answer.includes(choice.choice.toLowerCase())) return { name: evaluator.name, pass: choice.score > 0, detail: `the judge answered "${choice.choice}" (score ${choice.score})` };
  }
  return { name: evaluator.name, pass: false, detail: `the judge's answer ${quote(judgeAnswer)} matched none of the choices` };
}

/** Switchboard's llm-judge: a 1–5 score for the rubric; passes at pass-score or above. */
export function judgeVerdict(evaluator: SwitchboardEvaluator, judgeAnswer: string): CheckResult {
  const passScore = evaluator["llm-judge"]!["pass-score"] ?? 4;
  const score = /\b([1-5])\b/.exec(judgeAnswer)?.[1];
  if (!score) return { name: evaluator.name, pass: false, detail: `the judge gave no score from 1 to 5: ${quote(judgeAnswer)}` };
  const pass = Number(score) >= passScore;
  return { name: evaluator.name, pass, detail: `the judge scored ${score}/5 (passes at ${passScore})` };
}

export function judgePrompt(rubric: string, row: Row, prompt: string, answer: string): string {
  return [
    "You grade an AI assistant's answer against a rubric. Reply with a single digit from 1 (fails the rubric) to 5 (fully meets it), then one short sentence why.",
    `Rubric:\n${fillTemplate(rubric, row)}`,
    `The request:\n${prompt}`,
    `The answer:\n${answer}`,
  ].join("\n\n");
}
