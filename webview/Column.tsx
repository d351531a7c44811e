// One model's answer with its live counters: tokens, cost (estimated until usage arrives), TTFT, speed.
import { formatUsd } from "../src/core/spend/cost";
import type { ColumnState, ModelOption } from "../src/protocol";
import { Badge, Button, Spinner } from "./ui";

const STATUS_LABEL: Record<ColumnState["status"], string> = {
  idle: "Idle",
  waiting: "Waiting for first token…",
  streaming: "Streaming",
  done: "Done",
  error: "Error",
  cancelled: "Stopped",
};

function formatMs(ms: number | null): string {
  if (ms === null) return "–";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function Column(props: { column: ColumnState; model: ModelOption | undefined; onStop: () => void }) {
  const { column, model } = props;
  const { stats } = column;
  const running = column.status === "waiting" || column.status === "streaming";
  return (
    <section className="column" data-testid={`column-${column.columnId}`} aria-label={model?.displayName ?? column.modelId}>
      <header className="column-header">
        <span className="model-name">{model?.displayName ?? column.modelId}</span>
        {model?.simulated && <Badge title="A simulated demo model: no real provider is called">simulated</Badge>}
        <span className={`status status-${column.status}`} data-testid="status">
          {running && <Spinner label="running" />}
          {STATUS_LABEL[column.status]}
        </span>
        {running && (
          <Button icon title="Stop this column" onClick={props.onStop}>
            ■
          </Button>
        )}
      </header>
      <dl className="counters" data-testid="counters">
        <div>
          <dt>In</dt>
          <dd data-testid="input-tokens">{stats.inputTokens.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>Out</dt>
          <dd data-testid="output-tokens">{stats.outputTokens.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd data-testid="cost" title={stats.exact ? "Exact: from the provider's reported usage" : "Estimated while streaming"}>
            {formatUsd(stats.costUsd)}
            <span className="exactness">{stats.exact ? " exact" : " est."}</span>
          </dd>
        </div>
        <div>
          <dt>TTFT</dt>
          <dd data-testid="ttft">{formatMs(stats.ttftMs)}</dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd data-testid="speed">{stats.tokensPerSecond === null ? "–" : `${stats.tokensPerSecond.toFixed(0)} tok/s`}</dd>
        </div>
      </dl>
      {column.reasoning !== "" && (
        <details className="reasoning">
          <summary>Thinking</summary>
          <div className="reasoning-text">{column.reasoning}</div>
        </details>
      )}
      <div className="answer" data-testid="answer">
        {column.text}
      </div>
      {column.error && (
        <div className="column-error" role="alert" data-testid="error">
          <strong>{column.error.kind}</strong>: {column.error.message}
        </div>
      )}
    </section>
  );
}
