// Connect to Team Gateway, built into dist/team-gateway.js and loaded when a member connects (or starts
// VS Code connected): the gateway's address in the setting switchboard.teamGateway.url, the member key in
// SecretStorage as provider "team", the models GET /v1/models lists for the key in the pickers, and what
// is left of the member's budgets (GET /v1/key) in the status bar.
import * as vscode from "vscode";
import { describeRemaining, fetchMemberStatus, fetchTeamModels, fetchTeamSpend, type MemberStatus, normaliseGatewayUrl, TEAM_PROVIDER_ID } from "../core/team/team-gateway-client";
import { SPEND_GROUPINGS, type SpendDashboard, type SpendGrouping } from "../protocol-spend";
import type { SpendSource } from "./spend-panel";
import { MEMBER_KEY_PREFIX } from "../core/team/member-key-shape";
import type { KeyStore } from "./key-store";
import { getLog } from "./log";
import { showInfo } from "./notices";
import type { SpendStatusBar } from "./spend-status-bar";
import { type SwitchboardServices, TEAM_MODELS_KEY } from "./switchboard-services";

export { registerO200kTokenizer, registerO200kTokenizerOnFirstUse } from "../core/spend/estimate";

export interface TeamGatewayDeps {
  context: vscode.ExtensionContext;
  services: SwitchboardServices;
  keys: KeyStore;
  statusBar: SpendStatusBar;
  rebuild(): void;
  /** Opens (or refreshes) the spend tab for these figures. */
  showSpend(by: SpendGrouping | undefined, source: SpendSource): Promise<{ dashboard: SpendDashboard | undefined }>;
}

/** The smallest amount left under any budget with a limit (the member's own or the team's), or undefined. */
function tightestRemaining(status: MemberStatus): number | undefined {
  const left = Object.values(status.budgets)
    .map((budget) => budget.remaining)
    .filter((remaining): remaining is number => remaining !== null);
  return left.length ? Math.min(...left) : undefined;
}

function showStatus(deps: TeamGatewayDeps, url: string, status: MemberStatus | undefined, problem?: string): void {
  deps.statusBar.setTeam(
    status
      ? { line: `Team gateway ${url} as ${status.member} (team ${status.team}): ${describeRemaining(status)}`, remainingUsd: tightestRemaining(status) }
      : problem
        ? { line: `Team gateway ${url}: ${problem}` }
        : undefined,
  );
}

/** Lists the member's models and limits again (at start-up, after requests, after connecting). */
export async function refreshTeamGateway(deps: TeamGatewayDeps, models = true): Promise<MemberStatus | undefined> {
  const url = deps.services.settings.teamGatewayUrl;
  const key = deps.keys.get(TEAM_PROVIDER_ID);
  if (!url || !key) {
    showStatus(deps, url, undefined);
    return undefined;
  }
  const status = await fetchMemberStatus(url, key);
  if (!status.ok) {
    getLog().warn(`Team gateway ${url}: ${status.message}`);
    showStatus(deps, url, undefined, status.message);
    return undefined;
  }
  showStatus(deps, url, status.value);
  if (models) {
    const listed = await fetchTeamModels(url, key);
    if (listed.ok) {
      await deps.context.globalState.update(TEAM_MODELS_KEY, { models: listed.value, listedAt: new Date().toISOString() });
      deps.rebuild();
    } else getLog().warn(`Team gateway ${url}: the model list failed: ${listed.message}`);
  }
  return status.value;
}

/**
 * Switchboard: Connect to Team Gateway. `urlArg` and `keyArg` (scripts, tests) skip the prompts. The key
 * is checked against the gateway before anything is stored. Returns the member's status.
 */
export async function connectTeamGatewayCommand(deps: TeamGatewayDeps, urlArg?: unknown, keyArg?: unknown): Promise<MemberStatus | undefined> {
  const rawUrl =
    typeof urlArg === "string"
      ? urlArg
      : await vscode.window.showInputBox({
          title: "Connect to Team Gateway (1/2)",
          prompt: "The team gateway's address, from your team's Switchboard admin",
          placeHolder: "https://switchboard.example.com",
          value: deps.services.settings.teamGatewayUrl,
          ignoreFocusOut: true,
          validateInput: (value) => {
            const checked = normaliseGatewayUrl(value);
            return checked.ok ? undefined : checked.message;
          },
        });
  if (rawUrl === undefined) return undefined;
  const checked = normaliseGatewayUrl(rawUrl);
  if (!checked.ok) {
    void vscode.window.showErrorMessage(`Switchboard: ${checked.message}.`);
    return undefined;
  }
  const key =
    typeof keyArg === "string"
      ? keyArg.trim()
      : (
          await vscode.window.showInputBox({
            title: "Connect to Team Gateway (2/2)",
            prompt: "Your member key (it is kept in VS Code's secret storage)",
            placeHolder: `${MEMBER_KEY_PREFIX}…`,
            password: true,
            ignoreFocusOut: true,
            validateInput: (value) => (value.trim().startsWith(MEMBER_KEY_PREFIX) ? undefined : `a member key starts with ${MEMBER_KEY_PREFIX}`),
          })
        )?.trim();
  if (!key) return undefined;
  const status = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Switchboard: checking the key with ${checked.url}…` }, () =>
    fetchMemberStatus(checked.url, key),
  );
  if (!status.ok) {
    void vscode.window.showErrorMessage(`Switchboard: the team gateway did not accept the key: ${status.message}.`);
    return undefined;
  }
  await deps.keys.store(TEAM_PROVIDER_ID, key);
  await vscode.workspace.getConfiguration("switchboard").update("teamGateway.url", checked.url, vscode.ConfigurationTarget.Global);
  deps.rebuild();
  const refreshed = (await refreshTeamGateway(deps)) ?? status.value;
  const count = deps.services.catalog.list().filter((model) => model.id.startsWith(`${TEAM_PROVIDER_ID}/`)).length;
  void showInfo(`Switchboard: connected to the team gateway as ${refreshed.member} (team ${refreshed.team}): ${count} models, ${describeRemaining(refreshed)}.`);
  getLog().info(`Connected to the team gateway ${checked.url} as ${refreshed.member} (team ${refreshed.team}, key ${refreshed.keyId}).`);
  return refreshed;
}

/** Switchboard: Disconnect from Team Gateway: the key, the address and the listed models are removed. */
export async function disconnectTeamGatewayCommand(deps: TeamGatewayDeps): Promise<void> {
  const url = deps.services.settings.teamGatewayUrl;
  await deps.keys.remove(TEAM_PROVIDER_ID);
  await deps.context.globalState.update(TEAM_MODELS_KEY, undefined);
  await vscode.workspace.getConfiguration("switchboard").update("teamGateway.url", undefined, vscode.ConfigurationTarget.Global);
  deps.rebuild();
  showStatus(deps, "", undefined);
  void showInfo(url ? `Switchboard: disconnected from the team gateway ${url}; its key is removed.` : "Switchboard: no team gateway was connected.");
}

/**
 * Switchboard: Show Team Spend: the whole team's spend from the gateway's database, for an admin key, in
 * the spend tab (by member, team, model, …; exports as CSV, JSON or HTML as usual). Returns what it shows.
 */
export async function showTeamSpendCommand(deps: TeamGatewayDeps, byArg?: unknown): Promise<SpendDashboard | undefined> {
  const url = deps.services.settings.teamGatewayUrl;
  const key = deps.keys.get(TEAM_PROVIDER_ID);
  if (!url || !key) {
    void vscode.window.showErrorMessage("Switchboard: connect to your team's gateway first (Switchboard: Connect to Team Gateway), with an admin key.");
    return undefined;
  }
  const status = await fetchMemberStatus(url, key);
  const first = await fetchTeamSpend(url, key);
  if (!first.ok) {
    void vscode.window.showErrorMessage(`Switchboard: the team's spend could not be read: ${first.message}.`);
    return undefined;
  }
  let pending: typeof first | undefined = first;
  const source: SpendSource = {
    title: "Switchboard Team Spend",
    label: `team gateway ${url}`,
    // The first read is the one just made; later ones (a new grouping or range) ask the gateway again.
    cells: async () => {
      const answer = pending ?? (await fetchTeamSpend(url, key));
      pending = undefined;
      if (!answer.ok) throw new Error(answer.message);
      return answer.value;
    },
    groupings: SPEND_GROUPINGS,
    budgets: () => (status.ok ? { dailyUsd: status.value.budgets.team_daily.limit ?? undefined, monthlyUsd: status.value.budgets.team_monthly.limit ?? undefined } : {}),
  };
  const by = SPEND_GROUPINGS.find((grouping) => grouping === byArg) ?? "member";
  return (await deps.showSpend(by, source)).dashboard;
}
