// Switchboard's entry point, kept small so activation is quick: it registers every command and the
// playground's restorer, then loads the rest (dist/engine.js, built from
// switchboard.ts) in the next turn of the event loop. A command used before that waits for it, and so
// does VS Code asking the language model chat provider for models or an answer.
import * as vscode from "vscode";
import { join } from "node:path";
import { startActivationTimer } from "./activation-timing";
import { loadEngine } from "./engine-loader";
import { CHAT_VENDOR, COMMAND_IDS, PLAYGROUND_VIEW_TYPE } from "./ids";
import type { startSwitchboard, Switchboard } from "./switchboard";

let engine: Promise<Switchboard> | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const activated = startActivationTimer();
  const load = () =>
    (engine ??= new Promise<Switchboard>((resolve, reject) => {
      setImmediate(() => {
        try {
          const loadStart = performance.now();
          // Beside this file (esbuild keeps it apart), through V8's code cache.
          const engine = loadEngine(join(__dirname, "engine.js"), context.globalStorageUri.fsPath);
          const start = (engine.exports as { startSwitchboard: typeof startSwitchboard }).startSwitchboard;
          resolve(start(context, { ...timing, codeCacheUsed: engine.codeCacheUsed }, performance.now() - loadStart, chatModelsChanged));
          // A cache that cannot be written only costs the next start its speed.
          setTimeout(() => void engine.saveCodeCache().catch(() => undefined), 0);
        } catch (error) {
          reject(error);
        }
      });
    }));
  const chatModelsChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    chatModelsChanged,
    vscode.lm.registerLanguageModelChatProvider(CHAT_VENDOR, {
      onDidChangeLanguageModelChatInformation: chatModelsChanged.event,
      provideLanguageModelChatInformation: async (options) => (await load()).chat.provideLanguageModelChatInformation(options),
      provideLanguageModelChatResponse: async (model, messages, options, progress, token) => (await load()).chat.provideLanguageModelChatResponse(model, messages, options, progress, token),
      provideTokenCount: async (model, text) => (await load()).chat.provideTokenCount(model, text),
    }),
    ...COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, async (...args: unknown[]) => (await load()).commands[id]!(...args))),
    vscode.window.registerWebviewPanelSerializer(PLAYGROUND_VIEW_TYPE, { deserializeWebviewPanel: async (panel, state) => (await load()).restorePlayground(panel, state) }),
  );
  const timing = activated();
  // The status bar, stored keys and the rest start right away, just not inside activate().
  load().catch((error: unknown) => {
    void vscode.window.showErrorMessage(`Switchboard could not start: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/** VS Code waits for this: queued telemetry gets its last chance to go out. */
export async function deactivate(): Promise<void> {
  const running = engine;
  engine = undefined;
  await (await running?.catch(() => undefined))?.shutdown();
}
