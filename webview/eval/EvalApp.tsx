// A prompt file as a matrix: testData rows × models, each cell streaming in with its pass/fail badge;
// per-model totals (pass rate, cost, cost per pass, p50 latency) pinned on top and sortable; a cell's
// full answer and checks below; two cells compared in VS Code's diff editor. Rows are virtualised, so a
// run of hundreds of rows stays smooth.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useReducer, useRef, useState } from "react";
import { type ModelSummary, summarizeModels } from "../../src/common/eval-summary";
import { formatUsd } from "../../src/common/format-usd";
import { problemPosition } from "../../src/common/problem-position";
import type { EvalCellView, EvalHostMessage } from "../../src/protocol-eval";
import { Button } from "../ui";
import { ModelPicker } from "../ui/ModelPicker";
import { postEvalMessage } from "../vscode-api";
import { cellKey, evalReducer, initialEvalState } from "./eval-state";
import "./eval.css";

type SortKey = "file" | "passRate" | "costUsd" | "costPerPassUsd" | "p50LatencyMs";
const SORTS: Array<{ key: SortKey; label: string }> = [
  { key: "passRate", label: "Pass rate" },
  { key: "costUsd", label: "Cost" },
  { key: "costPerPassUsd", label: "Cost per pass" },
  { key: "p50LatencyMs", label: "p50 latency" },
];

function sortModels(summaries: ModelSummary[], key: SortKey): ModelSummary[] {
  if (key === "file") return summaries;
  // Best first: highest pass rate, lowest cost and latency; models without a figure last.
  const value = (summary: ModelSummary) => summary[key];
  return [...summaries].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return key === "passRate" ? y - x : x - y;
  });
}

function Badge(props: { cell: EvalCellView | undefined }) {
  const { cell } = props;
  if (!cell) return <span className="eval-badge eval-badge-idle">—</span>;
  if (cell.status !== "done") return <span className="eval-badge eval-badge-running">…</span>;
  if (cell.error !== undefined) return <span className="eval-badge eval-badge-error" title={cell.error}>error</span>;
  return cell.pass ? <span className="eval-badge eval-badge-pass">pass</span> : <span className="eval-badge eval-badge-fail">fail</span>;
}

export function EvalApp() {
  const [state, dispatch] = useReducer(evalReducer, initialEvalState);
  const [sort, setSort] = useState<SortKey>("file");
  const [selected, setSelected] = useState<{ row: number; model: string } | undefined>();
  const [compare, setCompare] = useState<Array<{ row: number; model: string }>>([]);
  const [adding, setAdding] = useState("");
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onMessage = (event: MessageEvent<EvalHostMessage>) => {
      if (typeof event.data?.type === "string" && event.data.type.startsWith("eval-")) dispatch(event.data);
    };
    window.addEventListener("message", onMessage);
    postEvalMessage({ type: "eval-ready" });
    return () => window.removeEventListener("message", onMessage);
  }, []);

  const file = state.file;
  const rows = file?.rows ?? [];
  // biome-ignore lint/correctness/useExhaustiveDependencies: cells change in place (see eval-state.ts); the version says when
  const cells = useMemo(() => [...state.cells.values()].filter((cell) => cell.status === "done"), [state.version, state.cells]);
  const summaries = useMemo(() => sortModels(summarizeModels(cells, state.runModels), sort), [cells, state.runModels, sort]);
  const models = summaries.map((summary) => summary.model);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 64, overscan: 8 });

  if (!file) return <p className="eval">Reading the prompt file…</p>;
  const detail = selected ? state.cells.get(cellKey(selected.row, selected.model)) : undefined;
  const pick = (row: number, model: string, additive: boolean) => {
    if (additive) setCompare((current) => [...current.filter((c) => c.row !== row || c.model !== model), { row, model }].slice(-2));
    else setSelected({ row, model });
  };
  const editModels = (next: string[]) => postEvalMessage({ type: "eval-set-models", models: next });
  const grid = { gridTemplateColumns: `minmax(160px, 1.2fr) repeat(${models.length}, minmax(180px, 1fr))` };

  return (
    <main className="eval" data-testid="eval-view">
      <header className="eval-header">
        <div>
          <h1>{file.name}</h1>
          <p className="eval-subtitle">
            {file.path} · {rows.length} row{rows.length === 1 ? "" : "s"} × {state.runModels.length} model{state.runModels.length === 1 ? "" : "s"} · checks: {file.evaluators.join(", ") || "none"}
          </p>
          {file.description ? <p className="eval-subtitle">{file.description}</p> : null}
        </div>
        <div className="eval-actions">
          {state.running ? (
            <Button secondary testId="eval-stop" onClick={() => postEvalMessage({ type: "eval-stop" })}>
              Stop
            </Button>
          ) : (
            <Button testId="eval-run" disabled={file.problems.length > 0 || file.models.length === 0} onClick={() => postEvalMessage({ type: "eval-run" })}>
              Run {rows.length * file.models.length} cells
            </Button>
          )}
          <Button secondary testId="eval-compare" disabled={compare.length !== 2} title="Ctrl/Cmd-click two cells, then compare their answers" onClick={() => postEvalMessage({ type: "eval-compare", a: compare[0]!, b: compare[1]! })}>
            Compare two answers
          </Button>
          {(["md", "html", "json"] as const).map((format) => (
            <Button key={format} secondary disabled={!state.done} title={`Export the run as ${format.toUpperCase()}`} onClick={() => postEvalMessage({ type: "eval-export", format })}>
              {format === "md" ? "Markdown" : format.toUpperCase()}
            </Button>
          ))}
        </div>
      </header>

      {file.problems.length > 0 ? (
        <section className="eval-problems" role="alert" data-testid="eval-problems">
          <strong>Fix the prompt file to run it:</strong>
          <ul>
            {file.problems.map((problem) => {
              const at = problemPosition(problem);
              return (
                <li key={problem}>
                  {at ? (
                    <button type="button" className="eval-problem-link" title={`Go to line ${at.line}, column ${at.column}`} onClick={() => postEvalMessage({ type: "eval-reveal", line: at.line, column: at.column })}>
                      {problem}
                    </button>
                  ) : (
                    problem
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      <section className="eval-models" aria-label="Models">
        {file.models.map((model) => (
          <span key={model} className="eval-chip">
            {model}
            <button type="button" aria-label={`Remove ${model}`} disabled={file.models.length === 1} onClick={() => editModels(file.models.filter((m) => m !== model))}>
              ×
            </button>
          </span>
        ))}
        {file.models.length < 8 ? (
          <ModelPicker
            label="Add a model"
            testId="eval-add-model"
            value={adding || "Add a model…"}
            models={state.modelOptions.filter((option) => !file.models.includes(option.id))}
            onChange={(id) => {
              setAdding("");
              editModels([...file.models, id]);
            }}
          />
        ) : null}
        {file.dirty ? (
          <Button secondary testId="eval-save" title="Write the model list to the file's switchboard.models (nothing else changes)" onClick={() => postEvalMessage({ type: "eval-save" })}>
            Save to file
          </Button>
        ) : null}
      </section>

      <table className="eval-totals" data-testid="eval-totals">
        <thead>
          <tr>
            <th scope="col">
              <button type="button" className={sort === "file" ? "sorted" : ""} onClick={() => setSort("file")}>
                Model
              </button>
            </th>
            <th scope="col">Passed / failed / errors</th>
            {SORTS.map((column) => (
              <th key={column.key} scope="col" aria-sort={sort === column.key ? (column.key === "passRate" ? "descending" : "ascending") : "none"}>
                <button type="button" className={sort === column.key ? "sorted" : ""} onClick={() => setSort(column.key)}>
                  {column.label}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {summaries.map((summary) => (
            <tr key={summary.model}>
              <th scope="row">{summary.model}</th>
              <td>
                {summary.passed} / {summary.failed} / {summary.errors}
              </td>
              <td>{summary.passed + summary.failed + summary.errors === 0 ? "—" : `${(summary.passRate * 100).toFixed(1)}%`}</td>
              <td>{formatUsd(summary.costUsd)}</td>
              <td>{summary.costPerPassUsd === null ? "—" : formatUsd(summary.costPerPassUsd)}</td>
              <td>{summary.p50LatencyMs === null ? "—" : `${Math.round(summary.p50LatencyMs)} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.done ? (
        <p className="eval-subtitle" data-testid="eval-done">
          Done.{state.done.judgeCostUsd > 0 ? ` Judges: ${formatUsd(state.done.judgeCostUsd)} (not in the models' cost).` : ""}
          {state.done.stopped ? ` Stopped: ${state.done.stopped}; ${state.done.notRun} cell(s) not sent.` : ""}
          {state.done.skippedEvaluators.length > 0 ? ` Not run here: ${state.done.skippedEvaluators.join(", ")}.` : ""}
        </p>
      ) : null}

      <div className="eval-matrix" data-testid="eval-matrix">
        <div className="eval-row eval-row-head" style={grid}>
          <div>Row</div>
          {models.map((model) => (
            <div key={model}>
              {model}
            </div>
          ))}
        </div>
        <div className="eval-scroll" ref={scroller}>
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((item) => {
              const variables = rows[item.index] ?? {};
              return (
                <div key={item.key} className="eval-row" data-row={item.index} style={{ ...grid, position: "absolute", top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}>
                  <div className="eval-vars" title={Object.entries(variables).map(([name, value]) => `${name}: ${value}`).join("\n")}>
                    <strong>{item.index + 1}</strong> {Object.values(variables)[0] ?? ""}
                  </div>
                  {models.map((model) => {
                    const cell = state.cells.get(cellKey(item.index, model));
                    const isSelected = selected?.row === item.index && selected.model === model;
                    const inCompare = compare.some((c) => c.row === item.index && c.model === model);
                    return (
                      <button
                        type="button"
                        key={model}
                        aria-label={`Row ${item.index + 1}, ${model}: ${cell?.status !== "done" ? (cell ? "running" : "not run") : cell.error !== undefined ? "error" : cell.pass ? "pass" : "fail"}`}
                        data-testid={`cell-${item.index}-${model}`}
                        className={`eval-cell${isSelected ? " selected" : ""}${inCompare ? " compared" : ""}`}
                        aria-pressed={isSelected}
                        onClick={(event) => pick(item.index, model, event.ctrlKey || event.metaKey)}
                      >
                        <Badge cell={cell} />
                        <span className="eval-cell-text">{cell?.error ?? cell?.text ?? ""}</span>
                        {cell?.status === "done" && cell.costUsd !== null ? <span className="eval-cell-cost">{formatUsd(cell.costUsd)}</span> : null}
                      </button>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
      </div>

      {detail ? (
        <section className="eval-detail" data-testid="eval-detail" aria-label="The selected answer">
          <h2>
            Row {detail.row + 1} · {detail.model} <Badge cell={detail} />
          </h2>
          <p className="eval-subtitle">
            {detail.costUsd === null ? "no price" : formatUsd(detail.costUsd)} · {detail.inputTokens} in / {detail.outputTokens} out · {detail.ttftMs === null ? "" : `first token ${detail.ttftMs} ms · `}
            {detail.durationMs} ms
          </p>
          <ul className="eval-checks">
            {detail.checks.map((check) => (
              <li key={check.name} className={check.pass ? "pass" : "fail"}>
                {check.pass ? "✓" : "✗"} <strong>{check.name}</strong>: {check.detail}
              </li>
            ))}
          </ul>
          <pre className="eval-answer">{detail.error ?? detail.text}</pre>
        </section>
      ) : null}
    </main>
  );
}
