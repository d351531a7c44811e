// "Ask with Routing": one answer from the best model the routing settings pick for the selection or a
// prompt, with fallback; the answer opens as a Markdown document, the attempts go to the log.
import { randomUUID } from "node:crypto";
import * as vscode from "vscode";
import { runRequest } from "../core/run/run-request";
import { picoToUsd } from "../core/spend/cost";
import { formatUsd } from "../common/format-usd";
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
  const { settings } = services;
  const candidates = settings.candidates.length > 0 ? settings.candidates : settings.defaultModels;
  const content = selected ? `${prompt}\n\n\`\`\`${editor?.document.languageId ?? ""}\n${selected}\n\`\`\`` : prompt;
  const controller = new AbortController();
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "Switchboard: asking the routed model…", cancellable: true },
    (_progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      return runRequest(
        {
          requestId: randomUUID(),
          project: services.project,
          feature: "ask",
          // The strategy orders the candidates; the fallbacks come after them, in their own order.
          routing: { ...services.preferences(), strategy: settings.strategy, candidates: [...candidates, ...settings.fallbacks.filter((id) => !candidates.includes(id))] },
          messages: [{ role: "user", content }],
          firstByteTimeoutMs: settings.timeoutMs,
          storeText: settings.storePrompts,
          signal: controller.signal,
        },
        services.pipeline(),
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
  const text = final?.state.text ?? "";
  if (final?.outcome !== "ok") {
    const skipped = outcome.execution.skipped.map((s) => `${s.modelId}: ${s.reason}`).join("; ");
    // Nothing could be sent because keys are missing: offer the command that fixes it.
    const missingKeys = !final && outcome.execution.skipped.some((s) => s.unavailable);
    const message = `Switchboard: ${final?.state.error?.message ?? (skipped || "no model could answer")}${text ? " (partial answer kept below)" : ""}`;
    void vscode.window.showErrorMessage(message, ...(missingKeys ? ["Set API Key"] : [])).then((choice) => {
      if (choice) void vscode.commands.executeCommand("switchboard.setApiKey");
    });
    if (!text) return undefined;
  }
  const served = final ? `${final.provider}/${final.model}` : "";
  const header = `_Answered by ${served} after ${attempts.length} attempt(s), ${final?.costSource === "unpriced" ? "cost unknown (no price for this model)" : formatUsd(picoToUsd(outcome.costPicoUsd))}._\n\n`;
  const document = await services.documents.open(`Switchboard answer (${served.replace(/\//g, " ")}).md`, `${header}${text}\n`);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  return text;
}
