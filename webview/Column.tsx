// One model's answer with its live counters: tokens, cost (estimated until usage arrives), TTFT, speed.
import { memo } from "react";
import { formatUsd } from "../src/common/format-usd";
import type { ColumnState, ModelOption } from "../src/protocol";
import { Answer } from "./Answer";
import { JsonAnswer } from "./JsonAnswer";
import { Badge, Button, Spinner } from "./ui";
import { postToHost } from "./vscode-api";
import { prettyArguments } from "./request-options";
import { Thread } from "./Thread";
import { ToolResults } from "./ToolResults";
import { VisibleText } from "./VisibleText";

/** What the user can do about an error, by its kind (and, for key problems, whether the provider takes keys). */
function errorAction(kind: string, model: ModelOption | undefined): { label: string; run: (column: ColumnState) => void } {
  if (kind === "auth" && model?.local) {
    return { label: "Open Provider Settings", run: (c) => postToHost({ type: "error-action", action: "open-provider-settings", modelId: c.modelId }) };
  }
  if (kind === "auth") return { label: "Set API Key", run: (c) => postToHost({ type: "error-action", action: "set-key", modelId: c.modelId }) };
  if (kind === "budget") return { label: "Open Budget Settings", run: (c) => postToHost({ type: "error-action", action: "open-budget", modelId: c.modelId }) };
  if (kind === "not-found" || kind === "policy" || kind === "bad-request") {
    return { label: "Pick Another Model", run: (c) => postToHost({ type: "error-action", action: "pick-model", modelId: c.modelId }) };
  }
  return { label: "Retry", run: (c) => postToHost({ type: "retry", columnId: c.columnId }) };
}

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

interface ColumnProps {
  column: ColumnState;
  model: ModelOption | undefined;
  onStop: () => void;
  /** Blind mode: the neutral name shown instead of the model's. */
  blindName?: string;
  /** After a blind vote: the letter the column had ("Model A"), shown beside the revealed name. */
  letter?: string;
  /** After a blind vote: this column got the vote. */
  picked?: boolean;
  onVote?: () => void;
}

// Counters change every delta: one shared formatter (toLocaleString builds a new one per call).
const integer = new Intl.NumberFormat("en-US");

/**
 * A delta changes one column: the others skip rendering. The callbacks are new closures on every App
 * render but act only on this column's id, so only whether they are offered matters.
 */
export const Column = memo(ColumnView, (before, after) =>
  before.column === after.column && before.model === after.model && before.blindName === after.blindName && before.letter === after.letter && before.picked === after.picked && !before.onVote === !after.onVote);

function ColumnView(props: ColumnProps) {
  const { column, blindName } = props;
  const model = blindName ? undefined : props.model;
  const { stats } = column;
  const running = column.status === "waiting" || column.status === "streaming";
  const history = column.history ?? [];
  return (
    <section className={`column${props.picked ? " picked" : ""}`} data-testid={`column-${column.columnId}`} aria-label={blindName ?? model?.displayName ?? column.modelId}>
      <header className="column-header">
        <span className="model-name" data-testid="model-name" title={blindName ? undefined : `${model?.displayName ?? column.modelId} (${column.modelId})`}>
          {props.letter && <span className="blind-letter" data-testid="blind-letter">{props.letter} = </span>}
          {blindName ?? model?.displayName ?? column.modelId}
        </span>
        {model?.simulated && <Badge title="A simulated demo model: no real provider is called">simulated</Badge>}
        {props.picked && <Badge title="Your blind vote picked this answer">★ your pick</Badge>}
        {column.status === "done" && column.stoppedAtTokenLimit ? (
          <span className="status status-limit" data-testid="status" title="The answer reached Max tokens (finish reason length) and is cut off: raise Max tokens and retry for the rest">
            Stopped at the token limit
          </span>
        ) : (
          <span className={`status status-${column.status}`} data-testid="status">
            {running && <Spinner label="running" />}
            {STATUS_LABEL[column.status]}
          </span>
        )}
        {running && (
          <Button icon title="Stop this column" onClick={props.onStop}>
            ■
          </Button>
        )}
        {column.text !== "" && !running && (
          <Button icon title="Copy this answer (Markdown)" testId="copy-answer" onClick={() => postToHost({ type: "code-action", action: "copy", code: column.text, columnId: column.columnId })}>
            ⧉
          </Button>
        )}
        {/* A failed column can be sent again once its cause is fixed (a key set, a budget raised). */}
        {(column.status === "done" || column.status === "cancelled" || (column.error && errorAction(column.error.kind, props.model).label !== "Retry")) && !column.restored && (
          <Button icon title="Retry this column" testId="retry" onClick={() => postToHost({ type: "retry", columnId: column.columnId })}>
            ↻
          </Button>
        )}
      </header>
      {/* Blind: no counters at all until the vote (output tokens and speed tell models apart). */}
      {!blindName && (
      <dl className="counters" data-testid="counters">
        <div>
          <dt>In</dt>
          <dd data-testid="input-tokens">{integer.format(stats.inputTokens)}</dd>
        </div>
        <div>
          <dt>Out</dt>
          <dd data-testid="output-tokens">{integer.format(stats.outputTokens)}</dd>
        </div>
          <>
            <div>
              <dt>Cost</dt>
              {stats.unpriced ? (
                <dd data-testid="cost" title="No price is known for this model: set its pricing in switchboard.models">
                  —<span className="exactness"> no price</span>
                </dd>
              ) : (
                <dd data-testid="cost" title={stats.exact ? "Exact: from the provider's reported usage" : "Estimated while streaming"}>
                  {formatUsd(stats.costUsd)}
                  <span className="exactness">{stats.exact ? " exact" : " est."}</span>
                </dd>
              )}
            </div>
            <div>
              <dt>TTFT</dt>
              <dd data-testid="ttft">{formatMs(stats.ttftMs)}</dd>
            </div>
            <div>
              <dt>Speed</dt>
              <dd data-testid="speed">{stats.tokensPerSecond === null ? "–" : `${stats.tokensPerSecond.toFixed(0)} tok/s`}</dd>
            </div>
            {history.length > 0 && (
              <div>
                <dt title="Every turn of this column's conversation">Total</dt>
                <dd data-testid="column-total">{history.some((turn) => turn.unpriced) || stats.unpriced ? "—" : formatUsd(history.reduce((sum, turn) => sum + turn.costUsd, stats.costUsd))}</dd>
              </div>
            )}
          </>
      </dl>
      )}
      {history.length > 0 && (
        <>
          <Thread turns={history} columnId={column.columnId} blind={blindName !== undefined} />
          <div className="turn-now" data-testid="turn-now">
            Turn {history.length + 1}: <VisibleText text={(column.prompt ?? "").split("\n")[0] ?? ""} />
          </div>
        </>
      )}
      {/* Only some models think out loud: their reasoning would give them away before the vote. */}
      {!blindName && column.reasoning !== "" && (
        <details className="reasoning">
          <summary>Thinking</summary>
          <div className="reasoning-text">
            <VisibleText text={column.reasoning} />
          </div>
        </details>
      )}
      {!blindName && column.answeredBy && column.answeredBy !== column.modelId && (
        <div className="answered-by" data-testid="answered-by" title={column.route ?? undefined}>
          Answered by <strong>{column.answeredBy}</strong> (fallback): {column.route}
        </div>
      )}
      {column.jsonOutput ? <JsonAnswer text={column.text} check={column.jsonCheck} columnId={column.columnId} /> : <Answer text={column.text} columnId={column.columnId} />}
      {(column.toolCalls ?? []).map((call) => (
        <details className="tool-call" key={call.id} data-testid="tool-call" open>
          <summary>
            <span className="tool-call-label">Tool call</span> <code>{call.name}</code>
          </summary>
          <pre data-testid="tool-call-arguments">
            <code>
              <VisibleText text={prettyArguments(call.arguments)} />
            </code>
          </pre>
        </details>
      ))}
      {/* A finished answer that asked for tools: the user can play the tools and send their results. */}
      {column.status === "done" && !column.restored && !blindName && (column.toolCalls?.length ?? 0) > 0 && <ToolResults key={`${column.columnId}-${history.length}`} columnId={column.columnId} calls={column.toolCalls!} />}
      {props.onVote && (
        <Button testId="vote" onClick={props.onVote}>
          This answer is best
        </Button>
      )}
      {column.error && (
        <div className="column-error" role="alert">
          <span data-testid="error">
            <strong>{column.error.kind}</strong>: {column.error.message}
          </span>
          <Button secondary testId="error-action" onClick={() => errorAction(column.error!.kind, props.model).run(column)}>
            {errorAction(column.error.kind, props.model).label}
          </Button>
        </div>
      )}
    </section>
  );
}
