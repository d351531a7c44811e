// Shared helpers of the VS Code suites: find the extension, read its observable state, wait for things.
import * as vscode from "vscode";

export const EXTENSION_ID = "switchboard-dev.switchboard";

export interface SwitchboardState {
  playgroundReady: boolean;
  columns: Array<{
    columnId: string;
    modelId: string;
    status: string;
    text: string;
    reasoning: string;
    stats: { inputTokens: number; outputTokens: number; costUsd: number; exact: boolean; ttftMs: number | null };
    error: { kind: string; message: string } | null;
    answeredBy?: string | null;
    route?: string | null;
    toolCalls?: Array<{ id: string; name: string; arguments: string }>;
    turn?: number;
    jsonOutput?: boolean;
    prompt?: string;
    history?: Array<{ prompt: string; text: string; costUsd: number; status: string }>;
    jsonCheck?: { parses: boolean; ok: boolean; summary: string; pretty?: string };
  }>;
  sessionCostUsd: number;
  statusBarText: string;
  statusBarTooltip: string;
  activation?: { loadMs: number; activateMs: number; totalMs: number; engineLoadMs: number; engineStartMs: number; codeCacheUsed?: boolean };
  /** The most threads one read of the ledger has used (worker threads for a long unread stretch). */
  ledgerReadThreads?: number;
  openAITokenizerLoaded: boolean;
  keys: Record<string, boolean>;
  readyCount: number;
  /** Comparisons started so far. */
  runs: number;
  defaultModels: string[];
  models: string[];
  /** What the playground's model picker offers. */
  pickerModels: string[];
  /** switchboard.routing.timeoutMs as the extension last read it. */
  routingTimeoutMs: number;
  budgetState: string;
  ledgerFile: string;
  /** Where the last save dialog opened. */
  lastSaveDialog?: string;
  /** The information messages shown lately, oldest first. */
  notices: string[];
  /** The Models side-bar view as text. */
  modelsView?: string[];
  /** The models the playground's pickers show, while it is open. */
  chosenModels?: string[];
  redactedMessages: number;
  /** What new terminals get while coding agents are routed through Switchboard (undefined: off). */
  agentVariables?: Record<string, string>;
  agentSession?: { caller: string; session: string; requests: number; costUsd: number; cacheReadShare: number };
  agentStatusText?: string;
}

/** Sets a switchboard.* setting for the user and waits for the extension to rebuild. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration("switchboard").update(key, value, vscode.ConfigurationTarget.Global);
  await new Promise((resolve) => setTimeout(resolve, 50));
}

export async function activateSwitchboard(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  await extension.activate();
  return extension;
}

export function state(): Thenable<SwitchboardState> {
  return vscode.commands.executeCommand<SwitchboardState>("switchboard.internal.state");
}

/** Polls until the predicate holds; fails with the last state seen, which says what went wrong. */
export async function waitForState(
  predicate: (current: SwitchboardState) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<SwitchboardState> {
  const deadline = Date.now() + timeoutMs;
  let current = await state();
  while (!predicate(current)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last state: ${JSON.stringify(current)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    current = await state();
  }
  return current;
}

/** Polls Switchboard's model list until it matches (VS Code asks the provider again after its change event). */
export async function waitForModels(predicate: (ids: string[]) => boolean, what: string): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ids = (await vscode.lm.selectChatModels({ vendor: "switchboard" })).map((model) => model.id);
    if (predicate(ids)) return ids;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; offered: ${ids.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
