// Open Prompt File: a .prompt.yml as a matrix tab — rows × models, cells streaming in with pass/fail,
// per-model totals — run through the one pipeline (feature "eval"). Two answers open in VS Code's diff
// editor; the run exports as Markdown, HTML or JSON; a changed model list is saved back to the file with
// every other key and comment kept. Every message from the webview is checked before it is used.
import * as vscode from "vscode";
import { evalReport } from "../core/eval/eval-report";
import { type CellResult, type EvalSummary, promptRows, runEval } from "../core/eval/eval-run";
import { resolveModelName } from "../core/eval/model-names";
import { type PromptFile, type PromptFileResult, parsePromptFile, updatePromptFile } from "../core/eval/prompt-file";
import type { ModelOption } from "../protocol";
import { describeProtocolError } from "../protocol";
import { type EvalCellView, type EvalFileView, type EvalHostMessage, evalViewMessageSchema } from "../protocol-eval";
import { getLog } from "./log";
import type { SwitchboardServices } from "./switchboard-services";
import { playgroundHtml } from "./webview-html";

export const PROMPT_FILE_VIEW_TYPE = "switchboard.promptFile";
/** Streaming text reaches the view at most this often per cell. */
const TEXT_INTERVAL_MS = 80;

const key = (row: number, model: string) => `${row}\u0000${model}`;
const cut = (value: unknown) => {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

export class PromptFilePanel {
  private static readonly open = new Map<string, PromptFilePanel>();
  /** The file as last read: its content, or every problem in it. */
  private parsed: PromptFileResult | undefined;
  private models: string[] = [];
  private dirty = false;
  private readonly cells = new Map<string, EvalCellView>();
  private results: CellResult[] = [];
  private summary: EvalSummary | undefined;
  private running: AbortController | undefined;
  private readonly pendingText = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  static async show(extensionUri: vscode.Uri, services: SwitchboardServices, uri: vscode.Uri, modelOptions: () => ModelOption[]): Promise<PromptFilePanel> {
    const existing = PromptFilePanel.open.get(uri.toString());
    if (existing) {
      existing.panel.reveal();
      await existing.load();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PROMPT_FILE_VIEW_TYPE, `Eval: ${uri.path.split("/").pop()}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist"), vscode.Uri.joinPath(extensionUri, "media")],
    });
    const created = new PromptFilePanel(panel, extensionUri, services, uri, modelOptions);
    await created.load();
    return created;
  }

  /** For tests: the panel of a file, if open. */
  static forFile(uri: vscode.Uri): PromptFilePanel | undefined {
    return PromptFilePanel.open.get(uri.toString());
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly services: SwitchboardServices,
    readonly uri: vscode.Uri,
    private readonly modelOptions: () => ModelOption[],
  ) {
    PromptFilePanel.open.set(uri.toString(), this);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, "media", "icon.png");
    panel.webview.html = playgroundHtml(panel.webview, extensionUri, "eval");
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidSaveTextDocument((saved) => {
        if (saved.uri.toString() === this.uri.toString() && !this.running) void this.load();
      }),
    );
  }

  /** Reads the file (the editor's text when it is open) and shows its rows, models and any problems. */
  async load(): Promise<void> {
    const text = (await vscode.workspace.openTextDocument(this.uri)).getText();
    this.parsed = parsePromptFile(text, vscode.workspace.asRelativePath(this.uri));
    if (!this.dirty) {
      const named = this.file?.switchboard?.models ?? (this.file?.model ? [this.file.model] : this.services.settings.defaultModels);
      this.models = named.map((id) => resolveModelName(id, (known) => this.services.catalog.find(known), this.services.catalog.list()));
    }
    this.postFile();
  }

  private get file(): PromptFile | undefined {
    return this.parsed?.ok ? this.parsed.file : undefined;
  }

  private get problems(): string[] {
    return this.parsed?.ok === false ? this.parsed.problems : [];
  }

  get state(): { models: string[]; cells: EvalCellView[]; problems: string[]; running: boolean; summary: EvalSummary | undefined; dirty: boolean } {
    return { models: this.models, cells: [...this.cells.values()], problems: this.problems, running: this.running !== undefined, summary: this.summary, dirty: this.dirty };
  }

  private post(message: EvalHostMessage): void {
    void this.panel.webview.postMessage(this.services.redactForWebview(message));
  }

  private postFile(): void {
    const file = this.file;
    const view: EvalFileView = {
      path: vscode.workspace.asRelativePath(this.uri),
      name: file?.name ?? this.uri.path.split("/").pop() ?? "",
      description: file?.description ?? "",
      rows: (file ? promptRows(file) : []).map((row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, cut(value)]))),
      models: this.models,
      evaluators: [...(file?.evaluators ?? []).map((evaluator) => evaluator.name), ...(file?.switchboard?.evaluators ?? []).map((evaluator) => evaluator.name)],
      problems: this.problems,
      dirty: this.dirty,
    };
    this.post({ type: "eval-file", file: view, modelOptions: this.modelOptions() });
    for (const cell of this.cells.values()) this.post({ type: "eval-cell", cell });
  }

  /** A message as the webview sends it (tests and scripts use this too): checked, then handled. */
  async receive(raw: unknown): Promise<void> {
    const parsed = evalViewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      getLog().warn(`Ignored a malformed message from the prompt file view: ${describeProtocolError(parsed.error)}`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case "eval-ready":
        return this.postFile();
      case "eval-run":
        return this.run();
      case "eval-stop":
        this.running?.abort();
        return;
      case "eval-set-models":
        this.models = message.models;
        this.dirty = true;
        return this.postFile();
      case "eval-save":
        return this.save();
      case "eval-compare":
        return this.compare(message.a, message.b);
      case "eval-export":
        await this.export(message.format);
        return;
      case "eval-reveal":
        await this.reveal(message.line, message.column);
        return;
    }
  }

  /** Shows the prompt file beside the matrix with the cursor on a problem's line and column. */
  private async reveal(line: number, column: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(this.uri);
    const position = document.validatePosition(new vscode.Position(line - 1, column - 1));
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(position, position) });
  }

  /** Runs every row × model; cells stream into the view; the ledger records each under "eval". */
  async run(): Promise<void> {
    const file = this.file;
    if (!file || this.running) return;
    const unknown = this.models.filter((id) => !this.services.catalog.find(id));
    if (unknown.length > 0) {
      void vscode.window.showErrorMessage(`Switchboard: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not in the model catalog; pick models from the list.`);
      return;
    }
    const controller = new AbortController();
    this.running = controller;
    this.cells.clear();
    this.results = [];
    this.summary = undefined;
    this.post({ type: "eval-started", models: this.models });
    const blank = (row: number, model: string): EvalCellView => ({ row, model, status: "waiting", text: "", pass: false, checks: [], costUsd: null, ttftMs: null, durationMs: 0, inputTokens: 0, outputTokens: 0 });
    try {
      const { cells, summary } = await runEval({
        file,
        models: this.models,
        concurrency: 4,
        project: this.services.project,
        pipeline: () => this.services.pipeline(),
        resolveModel: (id) => resolveModelName(id, (known) => this.services.catalog.find(known), this.services.catalog.list()),
        signal: controller.signal,
        onCellStart: (row, model) => {
          const cell = { ...blank(row, model), status: "streaming" as const };
          this.cells.set(key(row, model), cell);
          this.post({ type: "eval-cell", cell });
        },
        onCellText: (row, model, text) => {
          const cell = this.cells.get(key(row, model));
          if (cell?.status !== "streaming") return;
          cell.text = text;
          // Batched: a fast stream updates its cell a dozen times a second, not once per token.
          if (this.pendingText.has(key(row, model))) return;
          this.pendingText.set(
            key(row, model),
            setTimeout(() => {
              this.pendingText.delete(key(row, model));
              const current = this.cells.get(key(row, model));
              if (current?.status === "streaming") this.post({ type: "eval-cell", cell: current });
            }, TEXT_INTERVAL_MS),
          );
        },
        onCell: (result) => {
          clearTimeout(this.pendingText.get(key(result.row, result.model)));
          this.pendingText.delete(key(result.row, result.model));
          const cell: EvalCellView = {
            row: result.row,
            model: result.model,
            status: "done",
            text: result.text,
            pass: result.pass,
            checks: result.checks,
            costUsd: result.costUsd,
            ttftMs: result.ttftMs,
            durationMs: result.durationMs,
            inputTokens: result.usage?.inputTokens ?? 0,
            outputTokens: result.usage?.outputTokens ?? 0,
            ...(result.error === undefined ? {} : { error: result.error }),
          };
          this.cells.set(key(result.row, result.model), cell);
          this.post({ type: "eval-cell", cell });
        },
      });
      this.results = cells;
      this.summary = summary;
      this.post({ type: "eval-done", judgeCostUsd: summary.judgeCostUsd, ...(summary.stopped ? { stopped: summary.stoppedReason ?? summary.stopped } : {}), notRun: summary.notRun, skippedEvaluators: summary.skippedEvaluators });
    } finally {
      this.running = undefined;
    }
  }

  /** The model list as changed in the view, written to switchboard.models; nothing else in the file changes. */
  private async save(): Promise<void> {
    if (!this.parsed?.ok) return;
    const document = await vscode.workspace.openTextDocument(this.uri);
    const text = updatePromptFile(document.getText(), { models: this.models });
    const edit = new vscode.WorkspaceEdit();
    edit.replace(this.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
    await vscode.workspace.applyEdit(edit);
    await document.save();
    this.dirty = false;
    await this.load();
  }

  private async compare(a: { row: number; model: string }, b: { row: number; model: string }): Promise<void> {
    const left = this.cells.get(key(a.row, a.model));
    const right = this.cells.get(key(b.row, b.model));
    if (!left || !right) return;
    const [leftDoc, rightDoc] = await Promise.all([
      this.services.documents.open(`Row ${a.row + 1} ${a.model.replace(/\//g, " ")}.md`, left.text),
      this.services.documents.open(`Row ${b.row + 1} ${b.model.replace(/\//g, " ")}.md`, right.text),
    ]);
    await vscode.commands.executeCommand("vscode.diff", leftDoc.uri, rightDoc.uri, `Row ${a.row + 1} ${a.model} ↔ row ${b.row + 1} ${b.model}`);
  }

  async export(format: "md" | "html" | "json", target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!this.summary) {
      void vscode.window.showInformationMessage("Switchboard: run the prompt file first, then export the run.");
      return undefined;
    }
    const base = (this.uri.path.split("/").pop() ?? "eval").replace(/\.prompt\.ya?ml$/, "");
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: "Export the eval run",
        filters: format === "md" ? { Markdown: ["md"] } : format === "html" ? { HTML: ["html"] } : { JSON: ["json"] },
        defaultUri: vscode.Uri.joinPath(this.uri, "..", `${base}-eval.${format}`),
      }));
    if (!uri) return undefined;
    const report = evalReport(`.${format}`, { file: vscode.workspace.asRelativePath(this.uri), name: this.file?.name ?? base, cells: this.results, summary: this.summary, generatedAt: new Date().toISOString() });
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(report));
    void vscode.window.showInformationMessage(`Switchboard: the eval run is in ${vscode.workspace.asRelativePath(uri)}.`);
    return uri;
  }

  private dispose(): void {
    this.running?.abort();
    for (const timer of this.pendingText.values()) clearTimeout(timer);
    PromptFilePanel.open.delete(this.uri.toString());
    for (const disposable of this.disposables) disposable.dispose();
  }
}
