// A column's earlier turns: each prompt with its answer and cost, oldest first. The latest earlier turn is
// open, older ones are collapsed so a long conversation stays readable; the list scrolls on its own.
import { formatUsd } from "../src/common/format-usd";
import type { ColumnTurn } from "../src/protocol";
import { Answer } from "./Answer";
import { jsonCodeBlock } from "./JsonAnswer";
import { VisibleText } from "./VisibleText";

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}

function turnCost(turn: ColumnTurn, blind: boolean): string {
  if (blind) return "";
  return ` · ${turn.unpriced ? "no price" : formatUsd(turn.costUsd)}`;
}

export function Thread(props: { turns: readonly ColumnTurn[]; columnId: string; blind: boolean }) {
  const last = props.turns.length - 1;
  return (
    <ol className="thread" data-testid="thread" aria-label="Earlier turns">
      {props.turns.map((turn, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: turns are append-only; the index is the turn
        <li key={index}>
          <details className="thread-turn" data-testid="thread-turn" open={index === last}>
            <summary>
              Turn {index + 1}: <VisibleText text={firstLine(turn.prompt)} />
              <span className="thread-cost" data-testid="turn-cost">{turnCost(turn, props.blind)}</span>
            </summary>
            <div className="thread-prompt">
              <span className="thread-you">You:</span> <VisibleText text={turn.prompt} />
              {turn.images ? <span className="thread-images"> ({turn.images} image{turn.images === 1 ? "" : "s"})</span> : null}
            </div>
            {turn.text !== "" && <Answer text={turn.json ? jsonCodeBlock(turn.text) : turn.text} columnId={props.columnId} />}
            {(turn.toolCalls ?? []).map((call) => (
              <div className="thread-tool-call" key={call.id}>
                Tool call <code>{call.name}</code> <code>{call.arguments}</code>
              </div>
            ))}
            {turn.error && (
              <div className="thread-error">
                {turn.error.kind}: {turn.error.message}
              </div>
            )}
            {turn.status === "cancelled" && <div className="thread-error">Stopped</div>}
          </details>
        </li>
      ))}
    </ol>
  );
}
