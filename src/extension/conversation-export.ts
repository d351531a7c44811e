// The playground's conversation as a file: Markdown to read or paste, JSON to process. Every turn of every
// column with its prompt, answer, tool calls and cost, and each column's total.
import { formatUsd } from "../common/format-usd";
import type { ColumnState, ColumnTurn } from "../protocol";
import { turnOf } from "./playground-thread";

export interface ExportedColumn {
  modelId: string;
  displayName: string;
  /** null when a turn's model has no price. */
  totalCostUsd: number | null;
  turns: ColumnTurn[];
}

/** Each column's turns, oldest first, the one on show last. */
export function exportedColumns(columns: readonly ColumnState[], displayName: (modelId: string) => string): ExportedColumn[] {
  return columns.map((column) => {
    const turns = [...(column.history ?? []), turnOf(column)];
    return {
      modelId: column.modelId,
      displayName: displayName(column.modelId),
      totalCostUsd: turns.some((turn) => turn.unpriced) ? null : turns.reduce((sum, turn) => sum + turn.costUsd, 0),
      turns,
    };
  });
}

export function conversationJson(columns: readonly ExportedColumn[], exportedAt: Date): string {
  return JSON.stringify({ exportedAt: exportedAt.toISOString(), columns }, null, 2);
}

/** A block quote of the prompt: every line quoted, so the prompt's own Markdown stays inside it. */
function quoted(text: string): string {
  return text.split("\n").map((line) => `> ${line}`.trimEnd()).join("\n");
}

function turnMarkdown(turn: ColumnTurn, number: number): string {
  const parts = [`### Turn ${number}`, "", quoted(turn.prompt)];
  if (turn.images) parts.push(">", `> _(${turn.images} image${turn.images === 1 ? "" : "s"} attached)_`);
  parts.push("");
  if (turn.answeredBy) parts.push(`_Answered by ${turn.answeredBy} (fallback)._`, "");
  if (turn.text) parts.push(turn.text, "");
  for (const call of turn.toolCalls ?? []) parts.push(`Tool call \`${call.name}\`:`, "", "```json", call.arguments, "```", "");
  if (turn.error) parts.push(`**${turn.error.kind}:** ${turn.error.message}`, "");
  const ending = turn.stoppedAtTokenLimit ? "stopped at the token limit" : turn.status === "cancelled" ? "stopped" : turn.status;
  parts.push(`_${ending} · ${turn.unpriced ? "cost unknown (no price)" : formatUsd(turn.costUsd)}_`, "");
  return parts.join("\n");
}

export function conversationMarkdown(columns: readonly ExportedColumn[], exportedAt: Date): string {
  const parts = [`# Switchboard conversation, ${exportedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`, ""];
  for (const column of columns) {
    parts.push(`## ${column.displayName} (\`${column.modelId}\`)`, "", `Total: ${column.totalCostUsd === null ? "unknown (a model has no price)" : formatUsd(column.totalCostUsd)}`, "");
    parts.push(...column.turns.map((turn, i) => turnMarkdown(turn, i + 1)));
  }
  return `${parts.join("\n").trimEnd()}\n`;
}
