// One switch for the coding agents started in VS Code's integrated terminals: while
// switchboard.agents.routeThroughSwitchboard is on, the local gateway runs and new terminals get the
// variables each agent reads (never persisted: they go with this VS Code session). A status bar item shows
// the latest agent session's spend and how much of its prompt was read from the provider's cache.
import * as vscode from "vscode";
import { formatUsd } from "../common/format-usd";
import { LatestAgentCall } from "../core/spend/latest-agent-call";
import { picoToUsd } from "../core/spend/cost";
import type { SpendCell } from "../core/spend/spend-rollup";
import { agentEnvironment, describeAgentEnvironment } from "../gateway/agent-environment";
import { CODEX_PROFILE, codexProfile, codexProfileChange, codexProfileFile } from "../gateway/codex-config";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { LocalGateway } from "./local-gateway";
import { getLog } from "./log";
import type { SwitchboardServices } from "./switchboard-services";

/** What an agent session has cost so far: every attempt recorded under its session id. */
export interface AgentSessionSpend {
  caller: string;
  session: string;
  requests: number;
  costUsd: number;
  /** Of the session's prompt tokens, the share read from the provider's cache (0..1). */
  cacheReadShare: number;
}

export function agentSessionSpend(cells: readonly SpendCell[], caller: string, session: string): AgentSessionSpend {
  let pico = 0n;
  let input = 0;
  let cached = 0;
  let requests = 0;
  for (const cell of cells) {
    if (cell.session !== session || cell.caller !== caller) continue;
    pico += cell.pico;
    input += cell.inputTokens;
    cached += cell.cachedInputTokens;
    requests += cell.requests;
  }
  return { caller, session, requests, costUsd: picoToUsd(pico), cacheReadShare: input > 0 ? cached / input : 0 };
}

export class AgentRouting implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("switchboard.agentSession", vscode.StatusBarAlignment.Right, 98);
  private routedTo: string | undefined;
  private latest: AgentSessionSpend | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly gateway: LocalGateway,
    private readonly services: SwitchboardServices,
  ) {
    this.item.name = "Switchboard Agent Session";
    this.item.command = "switchboard.showSpend";
    // The variables hold the gateway's token: they must not outlive this VS Code session.
    context.environmentVariableCollection.persistent = false;
    this.gatewayWatch = gateway.onDidChange((running) => this.followGateway(running !== undefined));
  }

  private readonly gatewayWatch: vscode.Disposable;

  /**
   * Stopped by hand, the gateway takes the agents' variables with it (new terminals would point at
   * nothing); started again, they come back while the setting is on.
   */
  private followGateway(running: boolean): void {
    if (running) {
      if (this.services.settings.routeAgents && !this.routedTo) void this.apply();
      return;
    }
    if (!this.routedTo) return;
    this.context.environmentVariableCollection.clear();
    this.routedTo = undefined;
    this.item.hide();
    void vscode.window.showWarningMessage("Switchboard: the local gateway stopped, so new terminals no longer route coding agents through it. Start Local Gateway to route them again.");
  }

  /** The variables set now (names and values), for tests and the message; undefined while off. */
  get variables(): Record<string, string> | undefined {
    if (!this.routedTo) return undefined;
    const set: Record<string, string> = {};
    this.context.environmentVariableCollection.forEach((name, mutator) => {
      set[name] = mutator.value;
    });
    return set;
  }

  get session(): AgentSessionSpend | undefined {
    return this.latest;
  }

  /** The status bar item's text while it shows. */
  get statusText(): string | undefined {
    return this.routedTo && this.latest ? this.item.text : undefined;
  }

  /** Follows the setting: on starts the gateway and sets the variables, off removes them. */
  async apply(): Promise<void> {
    const { routeAgents, agentModel } = this.services.settings;
    if (!routeAgents) return this.clear();
    const info = await this.gateway.start();
    const variables = agentEnvironment(info.url, info.token, agentModel || undefined);
    const key = JSON.stringify(variables);
    if (this.routedTo === key) return;
    const collection = this.context.environmentVariableCollection;
    collection.clear();
    for (const variable of variables) collection.replace(variable.name, variable.value);
    collection.description = new vscode.MarkdownString(`Switchboard routes coding agents through its gateway on ${info.url} (**${describeAgentEnvironment(variables)}**).`);
    this.routedTo = key;
    const names = describeAgentEnvironment(variables);
    getLog().info(`Coding agents in new terminals go through ${info.url}: ${names}.`);
    void vscode.window
      .showInformationMessage(
        `Switchboard: coding agents started in new terminals now go through ${info.url}. Set: ${names}. Gemini CLI needs "Use Gemini API key" as its auth (/auth); Codex CLI needs Switchboard's profile (run it as codex --profile ${CODEX_PROFILE}).`,
        "Add Profile to Codex",
      )
      .then((choice) => (choice ? this.setUpCodex() : undefined));
    this.render();
  }

  /**
   * Writes Switchboard's profile for Codex CLI (its own file beside Codex's config.toml), pointing at the
   * running gateway; `profileFile` lets tests use a file of their own.
   */
  async setUpCodex(options?: unknown): Promise<string | undefined> {
    const given = (options as { profileFile?: unknown } | undefined)?.profileFile;
    const file = typeof given === "string" ? given : codexProfileFile();
    const info = await this.gateway.start();
    const existing = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? undefined : Promise.reject(error)));
    const change = codexProfileChange(existing, codexProfile(info.url, this.services.settings.agentModel || undefined));
    if (change.kind === "conflict") {
      void vscode.window.showWarningMessage(`Switchboard: ${file} was left as it is: ${change.message}.`);
      return undefined;
    }
    if (change.kind === "written") {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, change.text);
      getLog().info(`Codex CLI: profile "${CODEX_PROFILE}" written to ${file} (gateway ${info.url}).`);
    }
    void vscode.window.showInformationMessage(
      `Switchboard: run codex --profile ${CODEX_PROFILE} in a new terminal to go through the gateway (${file}). It reads the gateway token from the terminal while coding agents are routed through Switchboard.`,
    );
    return file;
  }

  private clear(): void {
    if (!this.routedTo) return;
    this.context.environmentVariableCollection.clear();
    this.routedTo = undefined;
    this.item.hide();
    getLog().info("Coding agents in new terminals no longer go through Switchboard.");
    void vscode.window.showInformationMessage("Switchboard: new terminals no longer route coding agents through Switchboard (terminals already open keep their variables until closed).");
  }

  /** Counts refreshes, so a slow read never overwrites what a later one found. */
  private refreshes = 0;
  private agentCalls: LatestAgentCall | undefined;

  /**
   * After each recorded request: the latest agent session's spend, from the ledger's last records, read
   * off the event loop (the extension host is shared with every other extension): only the records
   * appended since the last refresh are read.
   */
  async refresh(cells: readonly SpendCell[]): Promise<void> {
    const generation = ++this.refreshes;
    const file = this.services.ledger.file;
    if (this.agentCalls?.file !== file) this.agentCalls = new LatestAgentCall(file);
    const last = await this.agentCalls.read();
    if (generation !== this.refreshes) return;
    this.latest = last ? agentSessionSpend(cells, last.caller, last.session) : undefined;
    this.render();
  }

  private render(): void {
    if (!this.routedTo || !this.latest) {
      this.item.hide();
      return;
    }
    const { caller, session, costUsd, cacheReadShare, requests } = this.latest;
    const share = `${Math.round(cacheReadShare * 100)}%`;
    this.item.text = `$(terminal) ${caller} ${formatUsd(costUsd)} · ${share} cached`;
    this.item.tooltip = new vscode.MarkdownString(
      `**Agent session** ${caller} \`${session.slice(0, 8)}\`\n\n${requests} requests, ${formatUsd(costUsd)}  \n${share} of the prompt tokens read from the provider's cache\n\nClick for the spend report (group by session).`,
    );
    this.item.show();
  }

  dispose(): void {
    this.gatewayWatch.dispose();
    this.item.dispose();
  }
}
