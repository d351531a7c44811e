// Loads the workspace's .switchboard/policy.json and reloads it when it changes. An invalid file refuses
// every request (fail closed) until it is fixed.
import * as vscode from "vscode";
import { parseTeamPolicy, type TeamPolicy } from "../core/routing/team-policy";
import { getLog } from "./log";

export type PolicyState = { kind: "none" } | { kind: "ok"; policy: TeamPolicy; uri: vscode.Uri } | { kind: "invalid"; message: string; uri: vscode.Uri };

export class TeamPolicyWatcher implements vscode.Disposable {
  private state: PolicyState = { kind: "none" };
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly changed = new vscode.EventEmitter<PolicyState>();
  readonly onDidChange = this.changed.event;

  constructor() {
    // The folder too: deleting .switchboard reports only the folder, and the policy must go with it.
    this.watcher = vscode.workspace.createFileSystemWatcher("**/.switchboard{,/policy.json}");
    const reload = () => void this.load();
    this.watcher.onDidCreate(reload);
    this.watcher.onDidChange(reload);
    this.watcher.onDidDelete(reload);
  }

  get current(): PolicyState {
    return this.state;
  }

  async load(): Promise<PolicyState> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return this.set({ kind: "none" });
    const uri = vscode.Uri.joinPath(folder.uri, ".switchboard", "policy.json");
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return this.set({ kind: "none" });
    }
    const parsed = parseTeamPolicy(text, vscode.workspace.asRelativePath(uri));
    if (parsed.ok) return this.set({ kind: "ok", policy: parsed.policy, uri });
    const message = `the team policy is invalid, so no request is sent until it is fixed: ${parsed.message}`;
    getLog().error(message);
    void vscode.window.showErrorMessage(`Switchboard: ${message}`, "Open Policy").then((choice) => {
      if (choice) void vscode.window.showTextDocument(uri);
    });
    return this.set({ kind: "invalid", message, uri });
  }

  private set(state: PolicyState): PolicyState {
    this.state = state;
    this.changed.fire(state);
    return state;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
