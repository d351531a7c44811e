// An eval run written to a file (--out): JSON for scripts, Markdown for a pull request, HTML to open or
// attach. Every answer and check is in it; the HTML escapes all of it and loads nothing.
import { escapeHtml } from "../../common/escape-html";
import { formatUsd } from "../../common/format-usd";
import type { CellResult, EvalSummary } from "./eval-run";

export interface EvalRun {
  file: string;
  name: string;
  cells: CellResult[];
  summary: EvalSummary;
  generatedAt: string;
}

/** One --json line per cell. */
export function jsonCell(cell: CellResult) {
  return {
    type: "result",
    row: cell.row,
    model: cell.model,
    text: cell.text,
    pass: cell.pass,
    checks: cell.checks,
    usage: cell.usage,
    costUsd: cell.costUsd,
    ttftMs: cell.ttftMs,
    durationMs: cell.durationMs,
    ...(cell.error === undefined ? {} : { error: cell.error }),
  };
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const money = (usd: number | null) => (usd === null ? "—" : formatUsd(usd));

function markdownCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s+/g, " ").slice(0, 200);
}

export function evalReport(format: ".json" | ".md" | ".html", run: EvalRun): string {
  if (format === ".json") return `${JSON.stringify({ file: run.file, name: run.name, generatedAt: run.generatedAt, results: run.cells.map(jsonCell), summary: run.summary }, null, 2)}\n`;
  const summaryRows = run.summary.models.map((model) => [model.model, String(model.passed), String(model.failed), String(model.errors), percent(model.passRate), money(model.costUsd), money(model.costPerPassUsd), model.p50LatencyMs === null ? "—" : `${Math.round(model.p50LatencyMs)} ms`]);
  const head = ["Model", "Passed", "Failed", "Errors", "Pass rate", "Cost", "Cost per pass", "p50 latency"];
  // Rows as a person counts them, from 1 (the JSON report keeps the 0-based index).
  const cellRows = run.cells.map((cell) => [String(cell.row + 1), cell.model, cell.pass ? "pass" : cell.error ? "error" : "fail", cell.error ?? cell.checks.map((check) => `${check.pass ? "✓" : "✗"} ${check.name}: ${check.detail}`).join("; "), cell.text, money(cell.costUsd)]);
  const cellHead = ["Row", "Model", "Result", "Checks", "Answer", "Cost"];
  const notes = [
    run.summary.judgeCostUsd > 0 ? `Judges cost ${formatUsd(run.summary.judgeCostUsd)}, not in the models' cost.` : "",
    run.summary.stopped ? `Stopped (${run.summary.stopped}): ${run.summary.notRun} cell(s) not sent.` : "",
    run.summary.skippedEvaluators.length > 0 ? `Not run here: ${run.summary.skippedEvaluators.join(", ")}.` : "",
  ].filter(Boolean);
  if (format === ".md") {
    const table = (header: string[], rows: string[][]) => [`| ${header.join(" | ")} |`, `|${header.map(() => " --- ").join("|")}|`, ...rows.map((row) => `| ${row.map(markdownCell).join(" | ")} |`)].join("\n");
    return `# ${run.name}\n\n${run.file}, ${run.generatedAt}\n\n${table(head, summaryRows)}\n\n${notes.join("\n\n")}${notes.length ? "\n\n" : ""}## Every answer\n\n${table(cellHead, cellRows)}\n`;
  }
  const table = (header: string[], rows: string[][]) =>
    `<table><thead><tr>${header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join("")}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(run.name)}: Switchboard eval</title>
<style>body{font:13px system-ui,sans-serif;margin:20px;color:#222}table{border-collapse:collapse;margin:12px 0}th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top;max-width:480px;white-space:pre-wrap}th{background:#f3f3f3}@media(prefers-color-scheme:dark){body{background:#1e1e1e;color:#ccc}th{background:#2d2d30}th,td{border-color:#3c3c3c}}</style>
</head><body><h1>${escapeHtml(run.name)}</h1><p>${escapeHtml(run.file)}, ${escapeHtml(run.generatedAt)}</p>
${table(head, summaryRows)}
${notes.map((note) => `<p>${escapeHtml(note)}</p>`).join("")}
<h2>Every answer</h2>
${table(cellHead, cellRows)}
</body></html>
`;
}
