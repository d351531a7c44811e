// A playground column's conversation as the user reads it (earlier turns with their answers and costs)
// and as the model is sent it (chat messages): both built from the same finished turns, so a thread
// restored after a reload continues exactly as one that never left.
import type { ChatMessage, ToolCall } from "../core/stream/events";
import type { ColumnState, ColumnTurn } from "../protocol";

/** A finished turn as history: tool calls are described in text (the playground runs no tools), so a follow-up stays a valid conversation. */
export function assistantTurn(text: string, toolCalls: readonly ToolCall[]): ChatMessage {
  const calls = toolCalls.map((call) => `[called tool ${call.name} with ${call.arguments}]`);
  return { role: "assistant", content: [text, ...calls].filter(Boolean).join("\n") };
}

/** How a column's turn ended, kept for its thread. */
export function turnOf(column: ColumnState): ColumnTurn {
  return {
    prompt: column.prompt ?? "",
    ...(column.images ? { images: column.images } : {}),
    status: column.status,
    text: column.text,
    ...(column.toolCalls?.length ? { toolCalls: column.toolCalls } : {}),
    costUsd: column.stats.costUsd,
    ...(column.stats.unpriced ? { unpriced: true } : {}),
    ...(column.answeredBy ? { answeredBy: column.answeredBy } : {}),
    ...(column.stoppedAtTokenLimit ? { stoppedAtTokenLimit: true } : {}),
    ...(column.error ? { error: column.error } : {}),
    ...(column.jsonOutput ? { json: true } : {}),
  };
}

/** The messages a follow-up sends before its prompt: every answered turn (failed turns were never part of the conversation). */
export function messagesOf(turns: readonly ColumnTurn[]): ChatMessage[] {
  return turns.filter((turn) => turn.status === "done").flatMap((turn) => [{ role: "user" as const, content: turn.prompt }, assistantTurn(turn.text, turn.toolCalls ?? [])]);
}
