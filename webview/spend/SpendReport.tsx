// The spend report: the stacked daily chart with budget lines, the table beneath it and price drift.
// The same component renders inside VS Code (Show Spend) and in `switchboard spend --format html`.
import { type ReactNode, useEffect, useRef } from "react";
import { formatUsd } from "../../src/common/format-usd";
import type { SpendDashboard } from "../../src/protocol-spend";
import { drawSpendChart } from "./spend-chart";
import "./spend.css";

const COLUMNS: Array<{ label: string; title: string; value: (row: SpendDashboard["total"]) => string }> = [
  { label: "Requests", title: "Requests made, each counted once, under the model that answered it (or failed last)", value: (row) => String(row.requests) },
  { label: "Attempts", title: "Calls sent to providers, fallbacks included", value: (row) => String(row.attempts) },
  { label: "Est.", title: "Attempts billed at Switchboard's estimate because the provider reported no usage (a stopped stream)", value: (row) => String(row.estimated) },
  { label: "No price", title: "Attempts of models without a known price: their cost is unknown and left out of Cost", value: (row) => String(row.unpriced) },
  { label: "In", title: "Input tokens", value: (row) => row.inputTokens.toLocaleString("en-US") },
  { label: "Out", title: "Output tokens", value: (row) => row.outputTokens.toLocaleString("en-US") },
  { label: "Cost", title: "What the calls cost (the provider's figure where it reported one)", value: (row) => formatUsd(row.costUsd) },
];

function percent(value: number | null): string {
  return value === null ? "—" : `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)}%`;
}

export function SpendReport(props: { dashboard: SpendDashboard; controls?: ReactNode }) {
  const { dashboard } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => (canvas.current ? drawSpendChart(canvas.current, dashboard) : undefined), [dashboard]);
  const byLabel = dashboard.by[0]!.toUpperCase() + dashboard.by.slice(1);
  const today = dashboard.monthToDateUsd.at(-1) ?? 0;
  return (
    <main className="spend" data-testid="spend-report">
      <header className="spend-header">
        <div>
          <h1>Switchboard spend by {dashboard.by}</h1>
          <p className="spend-subtitle">
            {dashboard.since} to {dashboard.until} (UTC) · <strong data-testid="spend-total">{formatUsd(dashboard.total.costUsd)}</strong> over {dashboard.total.requests} requests
            {dashboard.budgets.monthlyUsd !== undefined ? ` · this month ${formatUsd(today)} of ${formatUsd(dashboard.budgets.monthlyUsd)}` : ""}
          </p>
        </div>
        {props.controls}
      </header>
      <div className="spend-chart">
        <canvas ref={canvas} data-testid="spend-chart" role="img" aria-label={`Spend per day by ${dashboard.by}, stacked${dashboard.budgets.dailyUsd !== undefined ? `, daily budget ${formatUsd(dashboard.budgets.dailyUsd)}` : ""}`} />
      </div>
      {dashboard.rows.length === 0 ? <p className="spend-empty">No spend recorded in this range.</p> : null}
      <table className="spend-table" data-testid="spend-table">
        <thead>
          <tr>
            <th scope="col">{byLabel}</th>
            {COLUMNS.map((column) => (
              <th key={column.label} scope="col" title={column.title}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {dashboard.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.key}</th>
              {COLUMNS.map((column) => (
                <td key={column.label}>{column.value(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {COLUMNS.map((column) => (
              <td key={column.label}>{column.value(dashboard.total)}</td>
            ))}
          </tr>
        </tfoot>
      </table>
      {dashboard.drift.length > 0 ? (
        <section className="spend-drift" data-testid="spend-drift">
          <h2>Price drift</h2>
          <p className="spend-subtitle">What providers reported charging minus what the price list says for the same calls. A large drift means a stale or wrong price.</p>
          <table className="spend-table">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Reported calls</th>
                <th scope="col">Reported</th>
                <th scope="col">Price list</th>
                <th scope="col">Drift</th>
                <th scope="col">Drift %</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.drift.map((row) => (
                <tr key={row.model}>
                  <th scope="row">{row.model}</th>
                  <td>{row.reported}</td>
                  <td>{formatUsd(row.reportedUsd)}</td>
                  <td>{formatUsd(row.catalogUsd)}</td>
                  <td>{row.driftUsd < 0 ? `−${formatUsd(-row.driftUsd)}` : formatUsd(row.driftUsd)}</td>
                  <td>{percent(row.relativeDrift)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <footer className="spend-footer">
        From {dashboard.source}, read {dashboard.generatedAt.replace("T", " ").slice(0, 19)} UTC. Blind votes are not spend and are not counted.
      </footer>
    </main>
  );
}
