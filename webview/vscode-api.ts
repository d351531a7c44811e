// The webview's side of the host protocol: typed posts, and view state kept across panel reloads.
import type { ColumnState, WebviewMessage } from "../src/protocol";
import type { EvalViewMessage } from "../src/protocol-eval";
import type { SpendViewMessage } from "../src/protocol-spend";

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function postToHost(message: WebviewMessage): void {
  api.postMessage(message);
}

export function postSpendMessage(message: SpendViewMessage): void {
  api.postMessage(message);
}

export function postEvalMessage(message: EvalViewMessage): void {
  api.postMessage(message);
}

export interface ViewState {
  prompt: string;
  models: string[];
  system: string;
  params: Array<{ temperature?: number; maxOutputTokens?: number }>;
  blind: boolean;
  order: number[];
  /** The comparison the order and vote belong to. */
  comparison: number | null;
  /** That comparison ran blind, and which column the vote picked (null: no vote yet). */
  ranBlind: boolean;
  picked: string | null;
  /** The finished comparison on show, handed back to a restarted host (Reload Window). */
  conversation: { comparison: number; columns: ColumnState[] } | null;
  /** Tools and JSON output options, as typed. */
  toolsText: string;
  json: boolean;
  schemaText: string;
}

export function loadViewState(): Partial<ViewState> {
  const state = api.getState();
  return typeof state === "object" && state !== null ? (state as Partial<ViewState>) : {};
}

export function saveViewState(state: ViewState): void {
  api.setState(state);
}
