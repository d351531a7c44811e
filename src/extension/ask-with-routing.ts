// "Ask with Routing": one answer from the best model the routing settings pick for the selection or a
// prompt, with fallback; the answer opens as a Markdown document, the attempts go to the log.
import { randomUUID } from "node:crypto";
import * as vscode from "vscode";
import { routeRequest } from "../core/routing/route-request";
import { formatUsd } from "../core/spend/cost";
import { getLog } from "./log";
import type { SwitchboardServices } from "./switchboard-services";

export async function askWithRoutingCommand(services: SwitchboardServices, onSpend: () => void, promptArg?: unknown): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : "";
  const prompt =
    typeof promptArg === "string"
      ? promptArg
      : await vscode.window.showInputBox({
          prompt: selected ? "Ask about the selected code" : "Ask the routed model",
          placeHolder: selected ? "e.g. Why might this throw?" : "e.g. How do I debounce in TypeScript?",
          ignoreFocusOut: true,
        });
  if (!prompt) return undefined;
  if (services.refusal) {
    void vscode.window.showErrorMessage(`Switchboard: ${services.refusal}`);
    return undefined;
  }
  const { settings } = services;
  const candidates = settings.candidates.length > 0 ? settings.candidates : settings.defaultModels;
  const content = selected ? `${prompt}\n\n\`\`\`${editor?.document.languageId ?? ""}\n${selected}\n\`\`\`` : prompt;
  const controller = new AbortController();
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "Switchboard: asking the routed model…", cancellable: true },
    (_progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      return routeRequest(
        { requestId: randomUUID(), project: services.project, feature: "ask", messages: [{ role: "user", content }], firstByteTimeoutMs: settings.timeoutMs, storeText: settings.storePrompts, signal: controller.signal },
        {
          // The strategy orders the candidates; the fallbacks come after them, in their own order.
          planner: services.plannerInput({ ...services.preferences(), strategy: settings.strategy, candidates: [...candidates, ...settings.fallbacks.filter((id) => !candidates.includes(id))] }),
          executor: services.executor,
          budget: services.budget,
          ledger: services.ledger,
          priceSource: services.priceSource(),
        },
      );
    },
  );
  onSpend();
  if (outcome.kind === "refused") {
    void vscode.window.showErrorMessage(`Switchboard: ${outcome.error.message}`);
    return undefined;
  }
  const { attempts, final } = outcome.execution;
  for (const attempt of attempts) getLog().info(`Ask with Routing attempt ${attempt.attempt}: ${attempt.modelId} → ${attempt.outcome}${attempt.status ? ` (HTTP ${attempt.status})` : ""}; ${attempt.reason}`);
  if (final?.outcome !== "ok") {
    void vscode.window.showErrorMessage(`Switchboard: ${final?.error?.message ?? "no model could answer"}${final?.text ? " (partial answer kept below)" : ""}`);
    if (!final?.text) return undefined;
  }
  const served = final ? `${final.provider}/${final.model}` : "";
  const cost = attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0);
  const header = `<!-- Switchboard: answered by ${served} after ${attempts.length} attempt(s), ${formatUsd(cost)} -->\n\n`;
  const document = await vscode.workspace.openTextDocument({ language: "markdown", content: `${header}${final?.text ?? ""}\n` });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  return final?.text;
}
