// Reads Switchboard's settings, falling back to defaults (with one warning) when a value is invalid.
import * as vscode from "vscode";
import * as z from "zod";
import { getLog } from "./log";

const DEFAULT_MODELS = ["demo/swift-mini", "demo/sage-large"];
const defaultModelsSchema = z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*\/.+$/)).min(1).max(6);
const warned = new Set<string>();

function warnOnce(setting: string, problem: string): void {
  const text = `Switchboard: the setting "${setting}" is invalid (${problem}); using the default instead.`;
  getLog().warn(text);
  if (warned.has(setting)) return;
  warned.add(setting);
  void vscode.window.showWarningMessage(text, "Open Setting").then((choice) => {
    if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", setting);
  });
}

export function defaultCompareModels(): string[] {
  const value = vscode.workspace.getConfiguration("switchboard").get<unknown>("compare.defaultModels");
  const parsed = defaultModelsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  warnOnce("switchboard.compare.defaultModels", "use 1 to 6 entries like demo/swift-mini");
  return DEFAULT_MODELS;
}

export function demoEnabled(): boolean {
  return vscode.workspace.getConfiguration("switchboard").get<boolean>("demo.enabled") !== false;
}
