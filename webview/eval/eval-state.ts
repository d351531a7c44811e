// The matrix view's state: the file, and cells by row and model as they stream in. Pure, so the
// reducer is tested without a browser.
import type { ModelOption } from "../../src/protocol";
import type { EvalCellView, EvalFileView, EvalHostMessage } from "../../src/protocol-eval";

export interface EvalState {
  file: EvalFileView | undefined;
  modelOptions: ModelOption[];
  /** The models of the run shown (the file's list until a run starts). */
  runModels: string[];
  cells: Map<string, EvalCellView>;
  running: boolean;
  done: Extract<EvalHostMessage, { type: "eval-done" }> | undefined;
  /** Bumped on every change, so memoised views know to recompute. */
  version: number;
}

export const cellKey = (row: number, model: string) => `${row}\u0000${model}`;

export const initialEvalState: EvalState = { file: undefined, modelOptions: [], runModels: [], cells: new Map(), running: false, done: undefined, version: 0 };

export function evalReducer(state: EvalState, message: EvalHostMessage): EvalState {
  switch (message.type) {
    case "eval-file":
      return { ...state, file: message.file, modelOptions: message.modelOptions, runModels: state.running || state.cells.size > 0 ? state.runModels : message.file.models, version: state.version + 1 };
    case "eval-started":
      return { ...state, runModels: message.models, cells: new Map(), running: true, done: undefined, version: state.version + 1 };
    case "eval-cell": {
      // Cells are updated in place: a 200 × 4 run must not copy 800 entries per streamed update.
      state.cells.set(cellKey(message.cell.row, message.cell.model), message.cell);
      return { ...state, version: state.version + 1 };
    }
    case "eval-done":
      return { ...state, running: false, done: message, version: state.version + 1 };
  }
}
