// Show Spend inside VS Code: the report with its controls (grouping, range) and exports; the host
// answers each query with the figures from the ledger.
import { useEffect, useState } from "react";
import { SPEND_RANGES, type SpendDashboard, type SpendGrouping, type SpendHostMessage } from "../../src/protocol-spend";
import { Button, Select } from "../ui";
import { postSpendMessage } from "../vscode-api";
import { SpendReport } from "./SpendReport";

export function SpendApp() {
  const [view, setView] = useState<{ dashboard: SpendDashboard; days: number } | undefined>();
  useEffect(() => {
    const onMessage = (event: MessageEvent<SpendHostMessage>) => {
      if (event.data?.type === "spend") setView({ dashboard: event.data.dashboard, days: event.data.days });
    };
    window.addEventListener("message", onMessage);
    postSpendMessage({ type: "spend-ready" });
    return () => window.removeEventListener("message", onMessage);
  }, []);
  if (!view) return <p className="spend">Reading the ledger…</p>;
  const query = (by: SpendGrouping, days: number) => postSpendMessage({ type: "spend-query", by, days: days as (typeof SPEND_RANGES)[number] });
  const controls = (
    <div className="spend-controls">
      <Select label="Group by" testId="spend-by" value={view.dashboard.by} options={view.dashboard.groupings.map((by) => ({ value: by, label: `By ${by}` }))} onChange={(by) => query(by as SpendGrouping, view.days)} />
      <Select label="Range" testId="spend-range" value={String(view.days)} options={SPEND_RANGES.map((days) => ({ value: String(days), label: `Last ${days} days` }))} onChange={(days) => query(view.dashboard.by, Number(days))} />
      <Button secondary title="Export CSV" testId="spend-export-csv" onClick={() => postSpendMessage({ type: "spend-export", format: "csv" })}>
        Export CSV…
      </Button>
      <Button secondary title="Export JSON" onClick={() => postSpendMessage({ type: "spend-export", format: "json" })}>
        Export JSON…
      </Button>
      <Button secondary title="Save as one HTML file" onClick={() => postSpendMessage({ type: "spend-export", format: "html" })}>
        Save HTML…
      </Button>
    </div>
  );
  return <SpendReport dashboard={view.dashboard} controls={controls} />;
}
