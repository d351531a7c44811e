// The playground editor tab: creates or restores the webview and relays zod-checked messages.
import * as vscode from "vscode";
import { describeProtocolError, type HostMessage, protocolSchemas } from "../protocol";
import { PLAYGROUND_VIEW_TYPE } from "./ids";
import { getLog } from "./log";
import type { PlaygroundSession } from "./playground-session";
import { playgroundHtml } from "./webview-html";


export class PlaygroundPanel {
  private static current: PlaygroundPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;

  static show(extensionUri: vscode.Uri, session: PlaygroundSession): PlaygroundPanel {
    if (PlaygroundPanel.current) {
      PlaygroundPanel.current.panel.reveal();
      return PlaygroundPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      PLAYGROUND_VIEW_TYPE,
      "Switchboard Playground",
      vscode.ViewColumn.Active,
      PlaygroundPanel.options(extensionUri),
    );
    return new PlaygroundPanel(panel, extensionUri, session);
  }

  /** Restores the panel VS Code kept open across a reload. */
  static serializer(extensionUri: vscode.Uri, session: PlaygroundSession): vscode.WebviewPanelSerializer {
    return {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        panel.webview.options = PlaygroundPanel.options(extensionUri);
        PlaygroundPanel.current?.panel.dispose();
        new PlaygroundPanel(panel, extensionUri, session);
      },
    };
  }

  static get isReady(): boolean {
    return PlaygroundPanel.current?.ready ?? false;
  }

  /** How many times a webview said "ready" (each load or reload of the panel), for tests. */
  static readyCount = 0;

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist"), vscode.Uri.joinPath(extensionUri, "media")],
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly session: PlaygroundSession,
  ) {
    PlaygroundPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, "media", "icon.png");
    panel.webview.html = playgroundHtml(panel.webview, extensionUri);
    session.attach((message) => this.post(message));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const result = handleWebviewMessage(raw, this.session);
    if (result.ok && result.type === "ready") {
      this.ready = true;
      PlaygroundPanel.readyCount += 1;
    }
    if (!result.ok) this.post({ type: "error", message: result.error });
  }

  private dispose(): void {
    if (PlaygroundPanel.current === this) PlaygroundPanel.current = undefined;
    // Closing the panel cancels its requests (what already streamed is recorded in the ledger).
    this.session.stop();
    this.session.attach(undefined);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** Validates one message from the webview and acts on it; an invalid one is logged and answered, never thrown. */
export function handleWebviewMessage(raw: unknown, session: PlaygroundSession): { ok: true; type: string } | { ok: false; error: string } {
  const parsed = protocolSchemas().webviewMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const reason = describeProtocolError(parsed.error);
    getLog().warn(`Ignored an invalid message from the playground: ${reason}`);
    return { ok: false, error: `The playground sent an invalid request (${reason}).` };
  }
  const message = parsed.data;
  switch (message.type) {
    case "ready":
      session.handleReady();
      break;
    case "run":
      session.run(message.prompt, message.models, "playground", {
        system: message.system,
        params: message.params,
        followUp: message.followUp,
        images: message.images,
        tools: message.tools,
        responseFormat: message.responseFormat,
      });
      break;
    case "vote":
      void session.vote(message.columnId);
      break;
    case "stop":
      session.stop(message.columnId);
      break;
    case "retry":
      session.retry(message.columnId);
      break;
    case "clear":
      session.clear();
      break;
    case "code-action":
      void session.actions?.code(message.action, message.code);
      break;
    case "open-link":
      void session.actions?.openLink(message.href);
      break;
    case "error-action":
      void session.actions?.fixError(message.action, message.modelId);
      break;
    case "restore":
      session.restore(message);
      break;
    case "tool-results": {
      const problem = session.answerTools(message.columnId, message.results);
      if (problem) session.showError(problem);
      break;
    }
    case "models-chosen":
      session.chosenModels = message.models;
      break;
    case "export-conversation":
      void vscode.commands.executeCommand("switchboard.exportConversation");
      break;
  }
  return { ok: true, type: message.type };
}
