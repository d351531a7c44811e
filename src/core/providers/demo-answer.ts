// Composes the demo provider's simulated answers: deterministic, shaped by the prompt and the model's style.
import type { DemoModelBehaviour } from "../catalog/demo-models";

export interface DemoAnswer {
  reasoning: string;
  text: string;
}

const FENCE = "```";

function looksLikeCode(prompt: string): boolean {
  return prompt.includes(FENCE) || /[;{}]\s*$/m.test(prompt) || /^\s*(def|function|class|import|const|let)\b/m.test(prompt);
}

function codeFacts(prompt: string) {
  const lines = prompt.split("\n").filter((line) => line.trim() !== "" && !line.startsWith(FENCE));
  const names = [...prompt.matchAll(/\b(?:function|def|class|fn|func)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]);
  const longest = lines.reduce((max, line) => Math.max(max, line.length), 0);
  return { lineCount: lines.length, names: [...new Set(names)], longest };
}

function codeReview(prompt: string, style: DemoModelBehaviour["style"]): string {
  const { lineCount, names, longest } = codeFacts(prompt);
  const subject = names.length > 0 ? `\`${names.join("`, `")}\`` : "this snippet";
  const parts = [
    `This is a simulated review of ${subject} (${lineCount} non-empty lines).`,
    "",
    "- It reads clearly and the control flow is easy to follow.",
    longest > 100
      ? `- The longest line has ${longest} characters; wrapping it would help reviewers.`
      : "- Line lengths are comfortable.",
  ];
  if (style !== "concise") {
    parts.push(
      "- Consider a test for the empty-input case: it is the path most likely to break later.",
      "- Name the magic values: a constant with a name explains *why* the number is what it is.",
      "",
      "A possible shape for that test:",
      "",
      `${FENCE}ts`,
      `test("${names[0] ?? "handles"} empty input", () => {`,
      `  expect(() => ${names[0] ?? "subject"}([])).not.toThrow();`,
      "});",
      FENCE,
    );
  }
  return parts.join("\n");
}

function generalAnswer(prompt: string, style: DemoModelBehaviour["style"]): string {
  const topic = prompt.trim().replace(/\s+/g, " ").slice(0, 80) || "your question";
  const parts = [
    `You asked: "${topic}". This answer comes from a **simulated** demo model, so it shows how Switchboard streams, counts tokens and prices a call without calling any real provider.`,
  ];
  if (style !== "concise") {
    parts.push(
      "",
      "With a real provider configured, the same prompt would go to each selected model side by side, and every column would show its own time to first token, speed and exact cost.",
      "",
      "1. Pick models in each column.",
      "2. Send the prompt to all of them at once.",
      "3. Compare the answers, the speed and the bill.",
    );
  }
  return parts.join("\n");
}

export function composeDemoAnswer(prompt: string, style: DemoModelBehaviour["style"]): DemoAnswer {
  const text = looksLikeCode(prompt) ? codeReview(prompt, style) : generalAnswer(prompt, style);
  const reasoning =
    style === "reasoning"
      ? "The user wants a useful answer. First check what the prompt contains, then decide whether it is code or prose, then keep the answer short and concrete."
      : "";
  return { reasoning, text };
}

/** Splits text into token-sized pieces (~4 characters, never splitting inside a word shorter than that). */
export function splitIntoTokens(text: string): string[] {
  return text.match(/\s*[^\s]{1,4}|\s+/g) ?? [];
}
