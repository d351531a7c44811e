// Folds host messages into what the playground shows. Pure, so it is easy to reason about.
import type { CodeAttachment, ColumnState, HostMessage, ModelOption } from "../src/protocol";

export interface PlaygroundState {
  models: ModelOption[];
  /** The demo models are left out of the picker because a key is set. */
  demoHidden: boolean;
  defaultModels: string[];
  initialPrompt: string | null;
  columns: ColumnState[];
  /** The host's number for the comparison on show; null until one arrives. */
  comparison: number | null;
  /** What the comparison on show asked. */
  asked: string | null;
  sessionCostUsd: number;
  hostError: string | null;
  attachment: CodeAttachment | null;
  leaderboard: { template: string; wins: Record<string, number> } | null;
}

export const initialPlaygroundState: PlaygroundState = {
  models: [],
  demoHidden: false,
  defaultModels: [],
  initialPrompt: null,
  columns: [],
  comparison: null,
  asked: null,
  sessionCostUsd: 0,
  hostError: null,
  attachment: null,
  leaderboard: null,
};

export function reducePlayground(state: PlaygroundState, message: HostMessage): PlaygroundState {
  switch (message.type) {
    case "init":
      return {
        ...state,
        models: message.models,
        demoHidden: message.demoHidden ?? false,
        defaultModels: message.defaultModels,
        initialPrompt: message.prompt,
      };
    case "columns":
      return { ...state, columns: message.columns, comparison: message.comparison ?? state.comparison, asked: message.prompt ?? (message.columns.length === 0 ? null : state.asked), sessionCostUsd: message.sessionCostUsd, hostError: null };
    case "column-delta":
      return {
        ...state,
        sessionCostUsd: message.sessionCostUsd,
        columns: state.columns.map((column) =>
          column.columnId === message.columnId
            ? {
                ...column,
                text: column.text + message.text,
                reasoning: column.reasoning + message.reasoning,
                status: message.status,
                stats: message.stats,
                error: message.error,
                answeredBy: message.answeredBy,
                route: message.route,
                toolCalls: message.toolCalls,
                stoppedAtTokenLimit: message.stoppedAtTokenLimit,
              }
            : column,
        ),
      };
    case "column-json":
      return { ...state, columns: state.columns.map((column) => (column.columnId === message.columnId ? { ...column, jsonCheck: message.check } : column)) };
    case "error":
      return { ...state, hostError: message.message };
    case "attachment":
      return { ...state, attachment: message.attachment };
    case "leaderboard":
      return { ...state, leaderboard: { template: message.template, wins: message.wins } };
  }
}
