// Everything the commands and the playground use, built from settings, stored keys, imported prices and
// the team policy, and rebuilt when any of them changes. Keeps circuit breakers and spend across rebuilds.
import * as vscode from "vscode";
import { ReadOnlyDocuments } from "./read-only-documents";
import { ModelCatalog } from "../core/catalog/catalog";
import type { KeptCatalog } from "../core/catalog/catalog-source";
import { keptCatalogFile } from "../core/catalog/kept-catalog";
import type { ModelInfo } from "../core/catalog/model-info";
import { builtInProviders, needsKey, type ProviderDefinition } from "../core/providers/provider-definitions";
import { type KeyAdvice, mergeProviders, ProviderRegistry } from "../core/providers/provider-registry";
import { RouteExecutor } from "../core/routing/executor";
import { historyFromLedger } from "../core/routing/ledger-history";
import type { PipelineDeps } from "../core/run/run-request";
import type { RoutingPreferences } from "../core/routing/routing-types";
import { type BudgetGuard, machineBudgetGuard, spentFromCells } from "../core/spend/budget";
import type { SpendCell } from "../core/spend/spend-rollup";
import { LedgerWriter } from "../core/spend/ledger-writer";
import { LedgerSpendSources } from "../core/spend/spend-sources";
import { TEAM_PROVIDER_ID, teamGatewayProvider } from "../core/team/team-gateway-provider";
import type { ExtensionTelemetry } from "./extension-telemetry";
import type { KeyStore } from "./key-store";
import { configuredLedgerFile } from "./ledger-setup";
import { getLog } from "./log";
import { type ExtensionSettings, readSettings } from "./settings";
import type { TeamPolicyWatcher } from "./team-policy-watcher";

export const IMPORTED_MODELS_KEY = "switchboard.importedModels";
/** The models the connected team gateway offered this member, as last listed (GET /v1/models). */
export const TEAM_MODELS_KEY = "switchboard.teamGatewayModels";

/** Inside VS Code, keys go through Set API Key and endpoints through the providers setting (never env vars). */
const VSCODE_KEY_ADVICE: KeyAdvice = {
  missingKey: (definition) => `no API key for ${definition.displayName ?? definition.id}: run "Switchboard: Set API Key"`,
  keylessRejected: (definition) =>
    `${definition.id} is set up without a key (local), but the server asks for one: set "needsKey": true for it in the switchboard.providers setting, then run "Switchboard: Set API Key"`,
};

export class SwitchboardServices {
  settings!: ExtensionSettings;
  catalog!: ModelCatalog;
  registry!: ProviderRegistry;
  budget!: BudgetGuard;
  readonly ledger: LedgerWriter;
  /** Spend totals from the ledger (and an earlier one until merged), read incrementally. */
  readonly spend: LedgerSpendSources;
  readonly executor: RouteExecutor;
  /** This VS Code session's spend so far, by every face: the session budget and the status bar. */
  private spentThisSession = 0n;
  /** Read-only documents for answers and snippets shown in an editor (disposed with the extension). */
  readonly documents = new ReadOnlyDocuments("switchboard-view");
  /** Models a local Ollama server offers (found at start-up). */
  localModels: ModelInfo[] = [];
  /** The copy of models.dev's catalog kept by Refresh Model Catalog (loaded after start-up). */
  keptModelsDev: KeptCatalog | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly keys: KeyStore,
    private readonly policy: TeamPolicyWatcher,
    readonly telemetry: ExtensionTelemetry,
  ) {
    // The user's one ledger, shared with the CLI and the gateway (see ledger-setup.ts).
    this.ledger = new LedgerWriter(configuredLedgerFile());
    this.spend = new LedgerSpendSources(this.ledger.file);
    this.executor = new RouteExecutor({
      provider: (id) => this.registry.create(id),
      model: (id) => this.catalog.find(id),
    });
    this.rebuild();
  }

  /** Providers whose keys we look after: built-in ones that take a key, the user's own endpoints, a team gateway. */
  keyedProviders(): ProviderDefinition[] {
    return mergeProviders(this.userProviders(this.settings ?? readSettings())).filter(needsKey);
  }

  /** The providers setting, plus the team gateway when one is connected. */
  private userProviders(settings: ExtensionSettings): ProviderDefinition[] {
    if (!settings.teamGatewayUrl) return settings.providers;
    return [...settings.providers.filter((provider) => provider.id !== TEAM_PROVIDER_ID), teamGatewayProvider(settings.teamGatewayUrl)];
  }

  get project(): string | null {
    return vscode.workspace.workspaceFolders?.[0]?.name ?? null;
  }

  /** The provider (as the registry has it) takes a key and none is stored: its models cannot be called yet. */
  keyMissing(definition: ProviderDefinition): boolean {
    return needsKey(definition) && !this.keys.has(definition.id);
  }

  /** How many providers have a stored key. */
  keyCount(): number {
    return this.keys.count;
  }

  /** Whether the picker offers the demo models (they stay callable either way, so open columns keep working). */
  demoVisible(): boolean {
    if (this.settings.demoShow === "always") return true;
    if (this.settings.demoShow === "never") return false;
    return this.keys.count === 0;
  }

  rebuild(): void {
    this.settings = readSettings();
    const imported = this.context.globalState.get<{ models: ModelInfo[] }>(IMPORTED_MODELS_KEY)?.models ?? [];
    const team = this.settings.teamGatewayUrl ? (this.context.globalState.get<{ models: ModelInfo[] }>(TEAM_MODELS_KEY)?.models ?? []) : [];
    this.catalog = new ModelCatalog({
      // Always in the catalog: a column or a setting that names a demo model keeps working after a key is
      // set; the picker is what hides them (see PlaygroundSession.modelOptions).
      demoEnabled: true,
      imported: [...imported, ...this.localModels, ...team],
      refreshed: this.settings.catalogSource === "models.dev" && this.keptModelsDev ? [this.keptModelsDev] : [],
      overrides: this.settings.models,
      overridesSource: "setting switchboard.models",
    });
    const providers = mergeProviders(this.userProviders(this.settings), builtInProviders);
    this.registry = new ProviderRegistry(providers, (definition) => this.keys.get(definition.id), undefined, VSCODE_KEY_ADVICE);
    // The totals of the last read (off the event loop); a rebuild never reads the ledger itself.
    const cells = this.latestCells;
    // Shared with the user's other windows, the CLI and the gateway: the caps hold machine-wide.
    this.budget = machineBudgetGuard(this.ledger.file, this.spend);
    this.budget.addScope("(all projects)", null, this.settings.budgets, { ...spentFromCells(cells, null), session: this.spentThisSession });
    this.telemetry.configure(this.settings.otlp, () => this.registry);
    const policy = this.policy.current;
    if (policy.kind === "ok" && policy.policy.budget && this.project) {
      this.budget.addScope(`of project ${this.project} (team policy)`, this.project, policy.policy.budget, spentFromCells(cells, this.project));
    }
  }

  /** Spend cells as last read from the ledger (empty until the first read after start-up). */
  private latestCells: readonly SpendCell[] = [];

  /** Totals just read from the ledger: kept for the next rebuild, and the budgets' figures follow them. */
  spendRead(cells: readonly SpendCell[]): void {
    this.latestCells = cells;
    this.budget.updateSpent(cells);
  }

  get sessionSpentPico(): bigint {
    return this.spentThisSession;
  }

  addSessionSpend(pico: bigint): void {
    this.spentThisSession += pico;
  }

  /** The settings as routing preferences (the team policy is applied by the planner). */
  preferences(): RoutingPreferences {
    return { maxPrice: this.settings.maxPrice, dataPolicy: this.settings.dataPolicy };
  }

  private plannerInput(): PipelineDeps["planner"] {
    const policy = this.policy.current;
    return {
      teamPolicy: policy.kind === "ok" ? policy.policy : undefined,
      findModel: (id) => this.catalog.find(id),
      findProvider: (id) => this.registry.get(id),
      // Speed and quality history are only needed by some strategies, and playground columns plan
      // through here once per column: the ledger is read on first use only.
      ...historyFromLedger(this.ledger.file),
    };
  }

  /** Why no request may be sent at all right now (an invalid team policy), or undefined. */
  get refusal(): string | undefined {
    const policy = this.policy.current;
    return policy.kind === "invalid" ? policy.message : undefined;
  }

  /**
   * The one pipeline as every face of the extension uses it: the team policy (or its refusal), the
   * catalog, the shared executor and its breakers, budgets, the ledger, and the session's spend.
   */
  pipeline(): PipelineDeps {
    return {
      planner: this.plannerInput(),
      refusal: this.refusal,
      executor: this.executor,
      budget: this.budget,
      ledger: this.ledger,
      priceSource: this.priceSource(),
      onSpend: (pico) => this.addSessionSpend(pico),
      onRecorded: () => this.onRequestRecorded?.(),
      ...this.telemetry.deps(),
    };
  }

  /** Set by the extension: every face's request, once recorded (the status bar's today / month follow it). */
  onRequestRecorded: (() => void) | undefined;

  /** Messages to the webview in which an API key had to be redacted (e.g. a key pasted into a prompt). */
  redactedMessages = 0;

  /** The last guard before a message leaves for the webview: any stored key in it becomes "[redacted]". */
  redactForWebview<T>(message: T): T {
    const text = JSON.stringify(message);
    const redacted = this.keys.redact(text);
    if (redacted === text) return message;
    this.redactedMessages += 1;
    getLog().warn("Redacted an API key from a message to the playground.");
    return JSON.parse(redacted) as T;
  }

  priceSource(): string {
    return `${this.catalog.priceSource()}${this.context.globalState.get(IMPORTED_MODELS_KEY) ? " + OpenRouter import" : ""}${this.settings.models.length ? " + settings" : ""}`;
  }

  /** Where Refresh Model Catalog keeps models.dev's catalog. */
  get keptModelsDevFile(): string {
    return keptCatalogFile(this.context.globalStorageUri.fsPath, "models.dev");
  }
}
