// Switchboard itself, loaded by the small entry (extension.ts) right after activation: builds the
// services, the status bar and the playground, and returns the handlers of every command.
import * as path from "node:path";
import * as vscode from "vscode";
import { keptAgeDays, loadKeptCatalog } from "../core/catalog/kept-catalog";
import { stalePriceWarning } from "../core/catalog/price-age";
import { detectOllamaModels } from "../core/providers/ollama-detect";
import { picoToUsd } from "../core/spend/cost";
import { spentFromCells } from "../core/spend/budget";
import type { SpendCell } from "../core/spend/spend-rollup";
import { registerO200kTokenizer, registerO200kTokenizerOnFirstUse } from "../core/spend/estimate";
import type { ActivationTiming } from "./activation-timing";
import { askWithRoutingCommand } from "./ask-with-routing";
import { SwitchboardChatProvider } from "./chat/chat-provider";
import { importOpenRouterCommand, refreshCatalogCommand, selectDefaultModelsCommand } from "./catalog-commands";
import { CodeActions } from "./code-actions";
import { compareSelectionCommand } from "./compare-selection";
import { removeApiKeyCommand, setApiKeyCommand, testConnectionCommand } from "./key-commands";
import { ExtensionTelemetry, setTelemetryHeadersCommand } from "./extension-telemetry";
import { KeyStore } from "./key-store";
import { AgentRouting } from "./agent-routing";
import { gatewayActionsCommand, LocalGateway, startGatewayCommand, stopGatewayCommand } from "./local-gateway";
import { getLog } from "./log";
import { handleWebviewMessage, PlaygroundPanel } from "./playground-panel";
import { PlaygroundSession } from "./playground-session";
import type * as ExportsBundle from "./exports-entry";
import type * as LedgerMergeBundle from "./ledger-merge-entry";
import type * as TeamGatewayBundle from "./team-gateway-entry";
import { announceLedger, setUpLedger } from "./ledger-setup";
import { watchLedger } from "./ledger-watch";
import { showSpendCommand, verifyLedgerCommand } from "./spend-commands";
import { SpendPanel, type SpendSource } from "./spend-panel";
import type { SpendGrouping } from "../protocol-spend";
import { PromptFileCodeLens } from "./prompt-file-codelens";
import { PromptFileDiagnostics } from "./prompt-file-diagnostics";
import { SideBundles } from "./side-bundles";
import type * as PromptFileBundle from "./prompt-file-entry";
import type * as CatalogRefreshBundle from "./catalog-refresh-entry";
import type * as GatewayBundle from "./gateway-entry";
import { SpendStatusBar } from "./spend-status-bar";
import { lastOfferedSaveUri } from "./save-location";
import { recentNotices } from "./notices";
import { ModelsView } from "./models-view";
import { IMPORTED_MODELS_KEY, SwitchboardServices } from "./switchboard-services";
import { TeamPolicyWatcher } from "./team-policy-watcher";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The prompt file in the active editor, or one the user picks. */
async function pickPromptFile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && /\.prompt\.ya?ml$/.test(active.path)) return active;
  const picked = await vscode.window.showOpenDialog({ title: "Open a prompt file", canSelectMany: false, filters: { "Prompt files": ["prompt.yml", "prompt.yaml", "yml", "yaml"] } });
  return picked?.[0];
}

/** Links in model output are untrusted: http(s) opens through VS Code's own link protection; others ask first. */
async function openLink(href: string): Promise<void> {
  const uri = vscode.Uri.parse(href, true);
  if (uri.scheme !== "http" && uri.scheme !== "https") {
    const choice = await vscode.window.showWarningMessage(`Switchboard: a model's answer links to "${href}". Open it?`, { modal: true }, "Open");
    if (choice !== "Open") return;
  }
  await vscode.env.openExternal(uri);
}

export interface Switchboard {
  /** Handlers by command id (the entry registers them); each waits for stored keys and the policy. */
  commands: Record<string, (...args: unknown[]) => unknown>;
  restorePlayground(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  /** The language model chat provider the entry registered at activation. */
  chat: SwitchboardChatProvider;
  /** VS Code is shutting down the extension: send what telemetry is queued (at most 2 s). */
  shutdown(): Promise<void>;
}

function offerReload(message: string): void {
  void vscode.window.showInformationMessage(`Switchboard: ${message}`, "Reload Window").then((choice) => {
    if (choice) void vscode.commands.executeCommand("workbench.action.reloadWindow");
  });
}

/** What a column's error button does: each fixes the cause its error named. */
function fixColumnError(action: "set-key" | "open-budget" | "pick-model" | "open-provider-settings", modelId: string): Thenable<unknown> {
  switch (action) {
    case "set-key":
      return vscode.commands.executeCommand("switchboard.setApiKey", modelId.split("/")[0]);
    case "open-budget":
      return vscode.commands.executeCommand("workbench.action.openSettings", "switchboard.budgets");
    case "open-provider-settings":
      return vscode.commands.executeCommand("workbench.action.openSettings", "switchboard.providers");
    case "pick-model":
      return vscode.commands.executeCommand("switchboard.selectDefaultModels");
  }
}

/** `activation` is the entry's own timing; `engineLoadMs` how long evaluating this bundle took. */
/** `chatModelsChanged` tells VS Code to ask the chat provider for its models again. */
export function startSwitchboard(context: vscode.ExtensionContext, activation: ActivationTiming, engineLoadMs: number, chatModelsChanged: vscode.EventEmitter<void>): Switchboard {
  const started = performance.now();
  const log = getLog();
  const keys = new KeyStore(context.secrets);
  const policy = new TeamPolicyWatcher();
  const statusBar = new SpendStatusBar();
  const telemetry = new ExtensionTelemetry(context.secrets);
  const services = new SwitchboardServices(context, keys, policy, telemetry);
  // Stored keys and the team policy arrive asynchronously (SecretStorage is a round trip): activation
  // does not wait for them. Everything that can send a request or show keys waits for `ready` instead.
  // Created with the gateway below; the totals refresh reads it once it exists.
  let agents: AgentRouting | undefined;
  // The earlier ledger is moved or registered before any request is recorded.
  const ledgerState = setUpLedger(context, services);
  const keysAndPolicy = Promise.all([keys.load(services.keyedProviders().map((provider) => provider.id)), policy.load(), telemetry.loadSecretHeaders(), ledgerState]);

  let spendTotals = { todayUsd: 0, monthUsd: 0 };
  let modelsView: ModelsView | undefined;
  // After every request: the ledger's new records are read off the event loop.
  const refreshTotals = () => void services.spend.readAsync().then(({ cells }) => showTotals(cells));
  const showTotals = (cells: readonly SpendCell[]) => {
    services.spendRead(cells);
    const spent = spentFromCells(cells, null);
    void agents?.refresh(cells);
    statusBar.setTotals(picoToUsd(spent.daily), picoToUsd(spent.monthly), services.budget.state(services.project));
    spendTotals = { todayUsd: picoToUsd(spent.daily), monthUsd: picoToUsd(spent.monthly) };
    modelsView?.refresh();
    // The session figure counts every face's requests (Ask with Routing, the gateway), not only the playground.
    statusBar.update(session.sessionCostUsd());
    void SpendPanel.open?.refresh();
  };
  context.subscriptions.push(watchLedger(services.ledger.file, refreshTotals));
  const codeActions = new CodeActions();
  const session = new PlaygroundSession({
    services,
    votes: {
      get: () => context.globalState.get<Record<string, Record<string, number>>>("switchboard.votes") ?? {},
      set: (value) => context.globalState.update("switchboard.votes", value),
    },
    onSpendChanged: (usd) => statusBar.update(usd),
    checkJson: (text, format) => {
      const { checkJsonAnswer, describeJsonCheck } = evalBundle.load();
      const check = checkJsonAnswer(text, format);
      return { check, summary: describeJsonCheck(check) };
    },
    actions: {
      code: (action, code) => (action === "copy" ? codeActions.copy(code) : action === "insert" ? codeActions.insert(code) : codeActions.proposeDiff(code)),
      openLink: (href) => openLink(href),
      fixError: (action, modelId) => fixColumnError(action, modelId),
    },
  });
  const openPlayground = () => PlaygroundPanel.show(context.extensionUri, session);
  const rebuild = () => {
    services.rebuild();
    refreshTotals();
    session.refreshModels();
    modelsView?.refresh();
    // Keys, settings, the team policy or the catalog changed: VS Code's model list may have too.
    chatModelsChanged.fire();
  };
  void ledgerState.then((state) => announceLedger(context, state));
  const ready = keysAndPolicy.then(rebuild, (error: unknown) => log.error(`Stored keys or the team policy could not be read: ${error instanceof Error ? error.message : String(error)}`));
  const chat = new SwitchboardChatProvider(services, ready);
  const commands: Switchboard["commands"] = {};
  // biome-ignore lint/suspicious/noExplicitAny: each handler checks its own arguments (they come from anywhere)
  const command = (id: string, handler: (...args: any[]) => unknown) => {
    commands[id] = async (...args: unknown[]) => {
      await ready;
      return handler(...args);
    };
  };
  const serializer = PlaygroundPanel.serializer(context.extensionUri, session);
  // Prompt files' matrix with the eval machinery (dist/eval.js), the local gateway (dist/gateway.js) and
  // the catalog refresh (dist/catalog-refresh.js) load on first use, kept out of start-up.
  // OpenAI's exact tokenizer loads the first time an OpenAI-family model is estimated (see SideBundles);
  // until then, and if it fails to load, estimates use ~4 characters a token.
  const sideBundles = new SideBundles(path.join(context.extensionPath, "dist"), () => {
    try {
      const countTokens = require(path.join(context.extensionPath, "dist", "tokenizer.js")).countTokens as (text: string) => number;
      registerO200kTokenizer(countTokens);
      return countTokens;
    } catch (error) {
      log.warn(`The OpenAI tokenizer did not load; estimates use ~4 characters per token (${error}).`);
      return undefined;
    }
  });
  registerO200kTokenizerOnFirstUse(() => sideBundles.tokenizerNeeded());
  // Prompt files run cells side by side and the gateway serves streams side by side: they load it with them.
  const evalBundle = sideBundles.bundle<typeof PromptFileBundle>("eval", { tokenizerAtLoad: true });
  const gateway = new LocalGateway(services, sideBundles.bundle<typeof GatewayBundle>("gateway", { tokenizerAtLoad: true }).load);
  const catalogRefresher = sideBundles.bundle<typeof CatalogRefreshBundle>("catalog-refresh").load;
  const ledgerMerge = sideBundles.bundle<typeof LedgerMergeBundle>("ledger-merge").load;
  const teamGateway = sideBundles.bundle<typeof TeamGatewayBundle>("team-gateway").load;
  const exportsBundle = sideBundles.bundle<typeof ExportsBundle>("exports").load;
  SpendPanel.renderHtml = (...args) => exportsBundle().spendReportHtml(...args);
  const teamDeps = () => ({ context, services, keys, statusBar, rebuild, showSpend: (by: SpendGrouping | undefined, source: SpendSource) => SpendPanel.show(context.extensionUri, services, by, source) });
  // A member's budgets move with every request (theirs and their team's): ask the gateway again after each.
  const refreshTeam = (models = false) => {
    if (services.settings.teamGatewayUrl) void teamGateway().refreshTeamGateway(teamDeps(), models);
  };
  services.onRequestRecorded = () => {
    refreshTotals();
    refreshTeam();
  };
  void ready.then(() => refreshTeam(true));
  agents = new AgentRouting(context, gateway, services);
  modelsView = new ModelsView({
    models: () => session.modelOptions(),
    providerName: (id) => services.registry.get(id)?.displayName ?? id,
    spend: () => spendTotals,
    gatewayUrl: () => gateway.info?.url,
  });
  const routeAgents = () =>
    agents!.apply().catch((error: unknown) => {
      const message = (error as NodeJS.ErrnoException).code === "EADDRINUSE" ? "the gateway's port is in use: change switchboard.gateway.port (0 picks a free one)" : String(error instanceof Error ? error.message : error);
      void vscode.window.showErrorMessage(`Switchboard: coding agents cannot be routed: ${message}`);
    });

  context.subscriptions.push(
    services.documents,
    modelsView,
    vscode.window.registerTreeDataProvider("switchboard.home", modelsView),
    gateway.onDidChange(() => modelsView?.refresh()),
    log,
    statusBar,
    policy,
    { dispose: () => session.dispose() },
    gateway,
    { dispose: () => void services.ledger.close() },
    keys.onDidChange(rebuild),
    context.secrets.onDidChange((event) => {
      if (event.key === "switchboard.telemetry.otlpHeaders") void telemetry.loadSecretHeaders().then(rebuild);
    }),
    policy.onDidChange(rebuild),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("switchboard")) rebuild();
      if (event.affectsConfiguration("switchboard.ledger.path")) offerReload("The ledger path takes effect after a window reload.");
      if (event.affectsConfiguration("switchboard.agents") || event.affectsConfiguration("switchboard.gateway")) void ready.then(routeAgents);
    }),
    agents,
    codeActions,
    vscode.languages.registerCodeLensProvider([{ pattern: "**/*.prompt.yml" }, { pattern: "**/*.prompt.yaml" }], new PromptFileCodeLens()),
    new PromptFileDiagnostics(() => evalBundle.load().promptFileProblems),
  );
  command("switchboard.openPlayground", () => {
    openPlayground();
  });
  command("switchboard.compareSelection", (template?: unknown) =>
    compareSelectionCommand((prompt, code, editor, templateId) => {
      codeActions.rememberCompareTarget(editor);
      openPlayground();
      session.setAttachment(code);
      // The models the open playground's pickers show; else (or if one left the catalog) the default models.
      const chosen = session.chosenModels?.every((id) => services.catalog.find(id)) ? session.chosenModels : undefined;
      session.run(prompt, chosen ?? services.settings.defaultModels, "compare-selection", { template: templateId });
    }, template),
  );
  command("switchboard.exportConversation", (format?: unknown, file?: unknown) => exportsBundle().exportConversationCommand(session, format, file));
  command("switchboard.stopPlayground", () => session.stop());
  command("switchboard.newConversation", () => session.clear());
  command("switchboard.applyProposal", () => codeActions.applyPending());
  command("switchboard.askWithRouting", (prompt?: unknown) => askWithRoutingCommand(services, refreshTotals, prompt));
  command("switchboard.showSpend", (by?: unknown, format?: unknown, file?: unknown) => showSpendCommand(services, context.extensionUri, by, format, file));
  command("switchboard.verifyLedger", () => verifyLedgerCommand(services));
  command("switchboard.mergeLedgers", (file?: unknown) => ledgerMerge().mergeLedgersCommand(services, refreshTotals, file));
  command("switchboard.connectTeamGateway", (url?: unknown, key?: unknown) => teamGateway().connectTeamGatewayCommand(teamDeps(), url, key));
  command("switchboard.disconnectTeamGateway", () => teamGateway().disconnectTeamGatewayCommand(teamDeps()));
  command("switchboard.showTeamSpend", (by?: unknown) => teamGateway().showTeamSpendCommand(teamDeps(), by));
  command("switchboard.importOpenRouterPrices", (url?: unknown) => importOpenRouterCommand(context, services, catalogRefresher, url));
  command("switchboard.refreshCatalog", (source?: unknown, url?: unknown) => refreshCatalogCommand(context, services, catalogRefresher, source, url));
  command("switchboard.selectDefaultModels", () => selectDefaultModelsCommand(services));
  command("switchboard.setApiKey", (provider?: unknown, key?: unknown) => setApiKeyCommand(services, keys, provider, key));
  command("switchboard.removeApiKey", (provider?: unknown) => removeApiKeyCommand(services, keys, provider));
  command("switchboard.testConnection", (provider?: unknown) => testConnectionCommand(services, keys, provider));
  command("switchboard.showLog", () => log.show());
  command("switchboard.openPromptFile", async (uri?: unknown) => {
    const target = uri instanceof vscode.Uri ? uri : await pickPromptFile();
    if (!target) return undefined;
    return (await evalBundle.load().PromptFilePanel.show(context.extensionUri, services, target, () => session.modelOptions())).state;
  });
  // Not in the palette: the open matrix of a prompt file, for tests.
  command("switchboard.internal.promptFileState", (uri: unknown) => (uri instanceof vscode.Uri ? evalBundle.loaded()?.PromptFilePanel.forFile(uri)?.state : undefined));
  // Not in the palette: feeds a raw message to a prompt file's matrix through the webview's validation.
  command("switchboard.internal.promptFileMessage", async (uri: unknown, raw: unknown) => {
    const panel = uri instanceof vscode.Uri ? evalBundle.loaded()?.PromptFilePanel.forFile(uri) : undefined;
    await panel?.receive(raw);
    return panel?.state;
  });
  command("switchboard.setTelemetryHeaders", (value?: unknown) => setTelemetryHeadersCommand(telemetry, rebuild, value));
  command("switchboard.startGateway", () => startGatewayCommand(gateway));
  command("switchboard.stopGateway", () => stopGatewayCommand(gateway));
  command("switchboard.gatewayActions", () => gatewayActionsCommand(gateway));
  // The switch is the setting, so it shows in Settings and follows Settings Sync like any other.
  command("switchboard.routeAgents", () => vscode.workspace.getConfiguration("switchboard").update("agents.routeThroughSwitchboard", true, vscode.ConfigurationTarget.Global));
  command("switchboard.stopRoutingAgents", () => vscode.workspace.getConfiguration("switchboard").update("agents.routeThroughSwitchboard", false, vscode.ConfigurationTarget.Global));
  command("switchboard.setUpCodex", (options?: unknown) => agents!.setUpCodex(options));
  // Not in the palette: lets tests and scripts observe state without ever exposing a key (a prompt may hold one).
  const observable = <T>(value: T): T => JSON.parse(keys.redact(JSON.stringify(value))) as T;
  command("switchboard.internal.state", () =>
    observable({
    playgroundReady: PlaygroundPanel.isReady,
    readyCount: PlaygroundPanel.readyCount,
    runs: session.runs,
    defaultModels: services.settings.defaultModels,
    columns: session.columns(),
    sessionCostUsd: session.sessionCostUsd(),
    statusBarText: statusBar.text,
    statusBarTooltip: statusBar.tooltip,
    budgetState: statusBar.budgetState,
    keys: Object.fromEntries(services.keyedProviders().map((provider) => [provider.id, keys.has(provider.id)])),
    models: services.catalog.list().map((model) => model.id),
    pickerModels: session.modelOptions().map((model) => model.id),
    routingTimeoutMs: services.settings.timeoutMs,
    ledgerFile: services.ledger.file,
    lastSaveDialog: lastOfferedSaveUri?.fsPath,
    chosenModels: session.chosenModels,
    notices: [...recentNotices],
    modelsView: modelsView?.describe(),
    agentVariables: agents.variables,
    agentSession: agents.session,
    agentStatusText: agents.statusText,
    redactedMessages: services.redactedMessages,
    activation: { ...activation, engineLoadMs, engineStartMs },
    ledgerReadThreads: services.spend.mostThreads,
    openAITokenizerLoaded: sideBundles.tokenizerLoaded,
  }));
  // Not in the palette: feeds a raw message through the same validation as the webview's.
  command("switchboard.internal.receiveWebviewMessage", (raw: unknown) => handleWebviewMessage(raw, session));
  refreshTotals();
  const engineStartMs = performance.now() - started;

  // A running Ollama joins the catalog with its local models (free, no key); quietly nothing otherwise.
  void ready.then(() => detectOllamaModels()).then((models) => {
    if (models.length === 0) return;
    services.localModels = models;
    rebuild();
    log.info(`Found Ollama with ${models.length} local models.`);
  });

  const imported = context.globalState.get<{ importedAt?: string }>(IMPORTED_MODELS_KEY);
  const stale = !imported?.importedAt || Date.now() - Date.parse(imported.importedAt) > DAY_MS;
  if (services.settings.gatewayAutoStart) void ready.then(() => startGatewayCommand(gateway));
  if (services.settings.routeAgents) void ready.then(routeAgents);
  // The kept copy of models.dev's catalog, read off the event loop; then, if asked, a refresh when it is old.
  const catalogLoaded = ready.then(async () => {
    const { kept, problem } = await loadKeptCatalog(services.keptModelsDevFile);
    if (problem) log.warn(`Catalog: ${problem}`);
    services.keptModelsDev = kept;
    if (kept) rebuild();
    const { catalogSource, catalogAutoRefreshDays } = services.settings;
    const keptAt = catalogSource === "models.dev" ? kept?.fetchedAt : context.globalState.get<{ importedAt?: string }>(IMPORTED_MODELS_KEY)?.importedAt;
    if (catalogSource !== "bundled" && catalogAutoRefreshDays > 0 && (!keptAt || keptAgeDays({ fetchedAt: keptAt }, new Date()) >= catalogAutoRefreshDays)) {
      await refreshCatalogCommand(context, services, catalogRefresher, catalogSource, undefined, true);
    }
  });
  // Old prices of models the user can call make costs disagree with the invoice: say so once, with the fix.
  void catalogLoaded.then(() => {
    const warning = stalePriceWarning(services.registry.callable(services.catalog.list()), new Date(), "refresh the model catalog, or set prices in switchboard.models.");
    if (!warning) return;
    log.warn(`Prices: ${warning}`);
    void vscode.window.showWarningMessage(`Switchboard: ${warning}`, "Refresh Model Catalog").then((choice) => {
      if (choice) void vscode.commands.executeCommand("switchboard.refreshCatalog");
    });
  });
  if (services.settings.autoImportOpenRouter && stale) void ready.then(() => importOpenRouterCommand(context, services, catalogRefresher));
  log.info(
    `Switchboard ${context.extension.packageJSON.version} activated in ${activation.totalMs.toFixed(1)} ms (entry ${activation.loadMs.toFixed(1)} ms, activate ${activation.activateMs.toFixed(1)} ms), then started in ${(engineLoadMs + engineStartMs).toFixed(1)} ms (load ${engineLoadMs.toFixed(1)} ms${activation.codeCacheUsed ? " from the code cache" : ""}, start ${engineStartMs.toFixed(1)} ms); ledger at ${services.ledger.file}.`,
  );
  return {
    commands,
    chat,
    shutdown: () => telemetry.shutdown(),
    restorePlayground: async (panel, state) => {
      await ready;
      await serializer.deserializeWebviewPanel(panel, state);
    },
  };
}
