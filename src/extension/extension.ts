// Switchboard's entry point: registers commands, the status bar and the playground, then returns.
import * as vscode from "vscode";
import { ModelCatalog } from "../core/catalog/catalog";
import { DemoProvider } from "../core/providers/demo-provider";
import type { ChatProvider } from "../core/stream/events";
import { compareSelectionCommand } from "./compare-selection";
import { KeyStore, keyStatus, removeApiKeyCommand, setApiKeyCommand } from "./key-store";
import { getLog } from "./log";
import { PLAYGROUND_VIEW_TYPE, PlaygroundPanel } from "./playground-panel";
import { PlaygroundSession } from "./playground-session";
import { defaultCompareModels, demoEnabled } from "./settings";
import { SpendStatusBar } from "./spend-status-bar";

export function activate(context: vscode.ExtensionContext): void {
  const log = getLog();
  const keys = new KeyStore(context.secrets);
  const statusBar = new SpendStatusBar();
  const demo = new DemoProvider();
  const providers = new Map<string, ChatProvider>([[demo.id, demo]]);
  const session = new PlaygroundSession({
    // Real providers join the playground when keys are wired to SecretStorage (issue 5); until then, demo only.
    catalog: new ModelCatalog({ demoEnabled: demoEnabled(), bundledEnabled: false }),
    findProvider: (id) => (id === demo.id && !demoEnabled() ? undefined : providers.get(id)),
    defaultModels: defaultCompareModels,
    onSpendChanged: (usd) => statusBar.update(usd),
  });
  const openPlayground = () => PlaygroundPanel.show(context.extensionUri, session);

  context.subscriptions.push(
    log,
    statusBar,
    { dispose: () => session.dispose() },
    vscode.window.registerWebviewPanelSerializer(PLAYGROUND_VIEW_TYPE, PlaygroundPanel.serializer(context.extensionUri, session)),
    vscode.window.registerTreeDataProvider("switchboard.home", { getChildren: () => [], getTreeItem: (item) => item }),
    vscode.commands.registerCommand("switchboard.openPlayground", () => {
      openPlayground();
    }),
    vscode.commands.registerCommand("switchboard.compareSelection", () =>
      compareSelectionCommand((prompt) => {
        openPlayground();
        session.run(prompt, defaultCompareModels());
      }),
    ),
    vscode.commands.registerCommand("switchboard.setApiKey", (provider?: unknown, key?: unknown) =>
      setApiKeyCommand(keys, provider, key),
    ),
    vscode.commands.registerCommand("switchboard.removeApiKey", (provider?: unknown) =>
      removeApiKeyCommand(keys, provider),
    ),
    vscode.commands.registerCommand("switchboard.showLog", () => log.show()),
    // Not in the palette: lets tests and scripts observe state without ever exposing a key.
    vscode.commands.registerCommand("switchboard.internal.state", async () => ({
      playgroundReady: PlaygroundPanel.isReady,
      columns: session.columns(),
      sessionCostUsd: session.sessionCostUsd(),
      statusBarText: statusBar.text,
      keys: await keyStatus(keys),
    })),
  );
  log.info(`Switchboard ${context.extension.packageJSON.version} activated.`);
}

export function deactivate(): void {}
