// An answer asked for as JSON: shown as a JSON code block (Copy, Insert, Apply), never as Markdown, which
// would turn `**x**` bold and drop `\"` escapes. Once the host has judged it, a line says whether it is
// valid JSON and matches the schema; valid JSON is shown formatted.
import type { JsonCheck } from "../src/protocol";
import { Answer } from "./Answer";

/** A fence longer than any backtick run in the text, so the text cannot close it. */
export function jsonCodeBlock(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}json\n${text}\n${fence}`;
}

export function JsonAnswer(props: { text: string; check: JsonCheck | undefined; columnId: string }) {
  const { text, check } = props;
  if (text === "") return null;
  const summary = check ? check.summary.charAt(0).toUpperCase() + check.summary.slice(1) : null;
  return (
    <>
      <Answer text={jsonCodeBlock(check?.pretty ?? text)} columnId={props.columnId} />
      {summary && (
        <div className={`json-check ${check!.ok ? "json-ok" : "json-problem"}`} data-testid="json-check" role={check!.ok ? undefined : "alert"}>
          <span aria-hidden="true">{check!.ok ? "✓ " : "⚠ "}</span>
          {summary}
        </div>
      )}
    </>
  );
}
